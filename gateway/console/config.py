"""Console options. Defaults suit the embedded `/console` mount; the lead may compose this
model into `gateway.settings.Settings` as a `console` section without changing it."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class ConsoleSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # Session lifetime; after it the user logs in again (no sliding renewal: a stolen cookie expires).
    session_minutes: int = Field(default=480, ge=1, le=24 * 60)
    # Send the cookie only over HTTPS. Off by default because the demo runs on plain 127.0.0.1;
    # every deployment behind TLS must switch it on.
    cookie_secure: bool = False
    # Failed logins per client address within `login_window_seconds` before further attempts are refused.
    login_max_failures: int = Field(default=5, ge=1)
    login_window_seconds: int = Field(default=300, ge=1)
    # Audit table page size.
    page_size: int = Field(default=50, ge=10, le=500)
    # Upper bound for the redaction preview text (characters).
    preview_max_chars: int = Field(default=20_000, ge=100)
    # Report results (overview, costs, privacy) younger than this are served without recomputing;
    # older ones are served while being recomputed in the background. 0 switches caching off.
    report_fresh_seconds: float = Field(default=60.0, ge=0)
