"""Configuration of the `audit` section (owned by this package, composed by gateway.settings)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr


class RedactedTextSettings(BaseModel):
    """Opt-in per department: keep the *redacted* request text for the pilot evaluation.

    Off unless a department is listed. Stored apart from the chained events, with its own,
    shorter retention. Redaction can miss things, so the DPO's consent belongs before listing one.
    """

    model_config = ConfigDict(extra="forbid")

    departments: list[str] = Field(default_factory=list)
    retention_days: int = Field(default=30, ge=1)
    max_chars: int = Field(default=50_000, ge=1)


class AuditSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # SQLAlchemy URL: sqlite:///path (WAL, default) or postgresql+psycopg://user@host/db.
    url: str = "sqlite:///data/audit.db"
    # HMAC key for user pseudonyms; held by the DPO, separate from the key store's secret.
    pseudonym_key: SecretStr
    # Ed25519 private key (PEM) that signs checkpoints.
    signing_key: SecretStr
    checkpoint_interval_seconds: int = Field(default=300, ge=1)
    # Records older than this many days are purged by `purge_expired` (None: keep forever).
    retention_days: int | None = Field(default=None, ge=1)
    # How long `write` waits for its commit before the gateway gets AuditUnavailable (→ 503).
    write_timeout_seconds: float = Field(default=2.0, gt=0)
    # Upper bound of events committed in one group-commit transaction.
    batch_max: int = Field(default=512, ge=1)
    # How long a non-urgent event (a request's closing record, written after the answer left) may
    # wait for the next urgent one ("accepted") to share its commit: one fsync instead of two on a
    # busy line, at most this much later on an idle one. 0: commit every event at once.
    linger_ms: float = Field(default=25.0, ge=0, le=1000)
    # SQLite only. FULL: a returned write survives power loss (one fsync per group commit).
    # NORMAL (WAL): survives a crash of the process, not of the machine; no fsync on commit.
    sqlite_synchronous: Literal["full", "normal"] = "full"
    # Reports never show a group with fewer distinct (pseudonymous) users than this.
    min_group_users: int = Field(default=5, ge=1)
    redacted_text: RedactedTextSettings = Field(default_factory=RedactedTextSettings)
