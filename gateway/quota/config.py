"""Configuration of quotas: limits per department/user and the store they live in."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class LimitSet(BaseModel):
    """Limits for one scope. `None` means unlimited."""

    model_config = ConfigDict(extra="forbid")

    eur_per_month: float | None = None
    tokens_per_day: int | None = None
    tokens_per_month: int | None = None
    requests_per_minute: int | None = None
    concurrent_requests: int | None = None


class QuotaSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    backend: Literal["memory", "redis"] = "memory"
    redis_url: str = "redis://127.0.0.1:6379/0"
    key_prefix: str = "gw:"
    # Every store call (including waiting for a pooled connection) must finish within this,
    # or the request is refused with 503.
    timeout_seconds: float = 1.0
    # Connections per gateway process to Redis; more concurrent requests wait for one.
    max_connections: int = Field(default=32, ge=1)
    reservation_ttl_seconds: int = 900
    default_max_output_tokens: int = 4096
    usd_to_eur: float = 0.92
    user_defaults: LimitSet = Field(default_factory=LimitSet)
