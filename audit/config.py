"""Configuration of the `audit` section (owned by this package, composed by gateway.settings)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, SecretStr


class AuditSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: str = "sqlite:///data/audit.db"
    # HMAC key for user pseudonyms; held by the DPO, separate from the key store's secret.
    pseudonym_key: SecretStr
    # Ed25519 private key (PEM) that signs checkpoints.
    signing_key: SecretStr
    checkpoint_interval_seconds: int = 300
    retention_days: int | None = None
