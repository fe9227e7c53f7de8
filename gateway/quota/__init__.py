"""Budgets and rate limits: reserve the worst case before the provider call, settle with real usage after.

Public surface for the gateway::

    store = build_quota_store(settings.quota)
    service = QuotaService(store, settings)
    service.check_prices()
    reservation = await service.reserve(user_id, department, model, prompt_tokens, max_output_tokens)
    ...
    cost_eur = await service.settle(reservation, prompt_tokens, completion_tokens)

Importing this package stays cheap and never imports `gateway.settings` (which imports our config).
"""

from __future__ import annotations

from gateway.quota.config import LimitSet, QuotaSettings
from gateway.quota.errors import QuotaExceeded, QuotaUnavailable
from gateway.quota.memory_store import MemoryQuotaStore
from gateway.quota.service import LimitStatus, QuotaService, Reservation
from gateway.quota.store import QuotaStore
from gateway.quota.tokens import count_prompt_tokens, count_text_tokens


def build_quota_store(settings: QuotaSettings) -> QuotaStore:
    """The store named by the config: "memory" (this process only) or "redis" (shared by replicas)."""
    if settings.backend == "redis":
        from gateway.quota.redis_store import RedisQuotaStore

        return RedisQuotaStore(
            settings.redis_url, settings.key_prefix, settings.timeout_seconds, settings.max_connections
        )
    return MemoryQuotaStore()


__all__ = [
    "LimitSet",
    "LimitStatus",
    "MemoryQuotaStore",
    "QuotaExceeded",
    "QuotaService",
    "QuotaSettings",
    "QuotaStore",
    "QuotaUnavailable",
    "Reservation",
    "build_quota_store",
    "count_prompt_tokens",
    "count_text_tokens",
]
