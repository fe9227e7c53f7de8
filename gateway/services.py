"""Everything a request needs, built once from the settings at start-up.

The app receives one `Services` object; tests and benchmarks build it with other parts
(a provider override, a quota store on a dead port) instead of patching internals.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
from dataclasses import dataclass, field
from typing import Any

from audit import AuditLog, open_audit_log, pseudonymize_user
from gateway.keys import KeyStore
from gateway.providers import Provider, ProviderRouter
from gateway.quota import QuotaService, build_quota_store
from gateway.quota.tokens import encoder
from gateway.settings import Settings
from redaction import Redactor


@dataclass
class Services:
    settings: Settings
    keys: KeyStore
    redactor: Redactor
    quota: QuotaService
    audit: AuditLog
    providers: ProviderRouter
    pseudonym_key: bytes
    upstream_user_key: bytes
    # Finalisation of requests whose client went away; awaited on shutdown.
    pending: set[asyncio.Task[Any]] = field(default_factory=set)

    def user_pseudonym(self, user_id: str) -> str:
        """The user as the audit log knows them (DPO's key)."""
        return pseudonymize_user(self.pseudonym_key, user_id)

    def upstream_user(self, user_id: str) -> str:
        """The `user` field sent to providers: stable per user, unlinkable to the audit pseudonym."""
        return "u-" + hmac.new(self.upstream_user_key, user_id.encode(), hashlib.sha256).hexdigest()[:24]

    async def aclose(self) -> None:
        if self.pending:
            await asyncio.wait(self.pending, timeout=self.settings.server.shutdown_grace_seconds)
        await self.providers.aclose()
        await self.audit.close()
        await self.quota.flush()
        await self.quota.store.close()
        self.keys.close()


def build_services(settings: Settings, provider_overrides: dict[str, Provider] | None = None) -> Services:
    """Build and check every part; raises ValueError naming what is misconfigured."""
    secret = settings.secrets.key_hmac_secret.get_secret_value()
    quota = QuotaService(build_quota_store(settings.quota), settings)
    quota.check_prices()
    encoder()  # load the tokenizer now, not on the first request (~0.3 s)
    return Services(
        settings=settings,
        keys=KeyStore.open(settings.database.url, secret),
        redactor=Redactor(settings.redaction, department_ids=[d.id for d in settings.departments]),
        quota=quota,
        audit=open_audit_log(settings.audit),
        providers=ProviderRouter(settings, provider_overrides),
        pseudonym_key=settings.audit.pseudonym_key.get_secret_value().encode(),
        upstream_user_key=hmac.new(secret.encode(), b"upstream-user", hashlib.sha256).digest(),
    )
