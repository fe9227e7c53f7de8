"""Quota fixtures: a settings factory, a controllable clock and both stores side by side.

Every contract test takes `store` and therefore runs once against real Redis (unique key prefix
per test) and once against the embedded store.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import datetime
from typing import Any

import pytest

from gateway.quota import MemoryQuotaStore, QuotaService, QuotaStore
from gateway.quota.periods import BERLIN
from gateway.quota.redis_store import RedisQuotaStore
from gateway.settings import Settings

# EUR per million tokens = micro-euros per token: easy arithmetic in the tests.
PRICE_IN, PRICE_OUT = 1000.0, 2000.0


def make_settings(
    departments: list[dict[str, Any]] | None = None,
    quota: dict[str, Any] | None = None,
    models: list[dict[str, Any]] | None = None,
) -> Settings:
    models = models or [
        {
            "name": "m",
            "litellm_model": "openai/test-model",
            "input_eur_per_million": PRICE_IN,
            "output_eur_per_million": PRICE_OUT,
        },
        {"name": "free", "litellm_model": "demo/echo", "free": True},
    ]
    departments = departments or [
        {
            "id": "fb-buergerservice",
            "name": "Bürgerservice",
            "models": ["m", "free"],
            "limits": {"eur_per_month": 50},
        }
    ]
    return Settings.model_validate(
        {
            "secrets": {"key_hmac_secret": "test"},
            "audit": {"url": "sqlite://", "pseudonym_key": "test", "signing_key": "test"},
            "models": models,
            "departments": departments,
            "quota": quota or {},
        }
    )


class Clock:
    """Epoch seconds that only move when a test says so."""

    def __init__(self, when: datetime) -> None:
        self.now = when.timestamp()

    def __call__(self) -> float:
        return self.now

    def set(self, when: datetime) -> None:
        self.now = when.timestamp()

    def advance(self, seconds: float) -> None:
        self.now += seconds


def berlin(*args: int) -> datetime:
    return datetime(*args, tzinfo=BERLIN)  # type: ignore[misc]


@pytest.fixture
def clock() -> Clock:
    return Clock(berlin(2026, 11, 15, 10, 30))


@pytest.fixture(params=["redis", "memory"])
async def store(
    request: pytest.FixtureRequest, redis_url: str, redis_prefix: str
) -> AsyncIterator[QuotaStore]:
    if request.param == "redis":
        # Generous: these are arithmetic contracts, and CI machines run other tests at the same time.
        # The timeout itself is tested in test_fail_closed.py.
        created: QuotaStore = RedisQuotaStore(redis_url, redis_prefix, timeout_seconds=10.0)
    else:
        created = MemoryQuotaStore()
    yield created
    await created.close()


@pytest.fixture
def make_service(store: QuotaStore, clock: Clock) -> Callable[..., QuotaService]:
    def make(**settings: Any) -> QuotaService:
        return QuotaService(store, make_settings(**settings), clock=clock)

    return make
