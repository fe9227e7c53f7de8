"""Key administration with its audit trail: used by the CLI and the console alike."""

from __future__ import annotations

from types import TracebackType

from audit import AuditEvent, AuditLog, open_audit_log, pseudonymize_user
from gateway.keys import KeyStore
from gateway.settings import Settings


class KeyAdmin:
    """Issue and revoke keys; each action writes key.created / key.revoked to the audit log."""

    def __init__(self, keys: KeyStore, audit: AuditLog, pseudonym_key: str, owns: bool = False) -> None:
        self.keys = keys
        self.audit = audit
        self._pseudonym_key = pseudonym_key
        self._owns = owns

    @classmethod
    def open(cls, settings: Settings) -> KeyAdmin:
        keys = KeyStore.open(settings.database.url, settings.secrets.key_hmac_secret.get_secret_value())
        pseudonym_key = settings.audit.pseudonym_key.get_secret_value()
        return cls(keys, open_audit_log(settings.audit), pseudonym_key, owns=True)

    def create(self, user_id: str, department: str, roles: frozenset[str] = frozenset()) -> tuple[str, str]:
        key_id, key = self.keys.create(user_id, department, roles)
        self.audit.write_sync(AuditEvent(
            event_type="key.created", key_id=key_id, department=department,
            user=pseudonymize_user(self._pseudonym_key, user_id), role=".".join(sorted(roles)) or None,
        ))
        return key_id, key

    def revoke(self, key_id: str) -> bool:
        revoked = self.keys.revoke(key_id)
        if revoked:
            self.audit.write_sync(AuditEvent(event_type="key.revoked", key_id=key_id))
        return revoked

    def __enter__(self) -> KeyAdmin:
        return self

    def __exit__(self, *exc: object | TracebackType) -> None:
        if self._owns:
            self.audit.close_sync()
            self.keys.close()
