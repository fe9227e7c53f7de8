"""The audit record: an explicit allowlist of fields, each with a bounded, safe value space.

Whatever a caller passes in must fit one of these fields, and each field only admits values
that cannot carry free text (identifiers, numbers, enumerations). That is the line of defence
against prompt text, names or keys slipping into the log through a "harmless" string field.
Extra fields beyond the core allowlist of DESIGN.md are marked with the reason they exist.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, field_validator

EventType = Literal[
    "request.accepted",
    "request.completed",
    "request.failed",
    "request.refused",
    "key.created",
    "key.revoked",
    "config.loaded",
    "retention.purged",
    "export.performed",
    "audit.reidentified",
    "console.login_failed",
    "console.login",
]
EVENT_TYPES: tuple[str, ...] = EventType.__args__  # type: ignore[attr-defined]

# Lower-case tokens such as outcomes, roles, policy decisions ("ok", "quota_exceeded").
Token = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_.-]{0,63}$")]
Identifier = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$")]
ClientName = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._/+-]{0,63}$")]
Hex = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{8,128}$")]
Count = Annotated[int, Field(ge=0, le=10**12)]
ENTITY_TYPE_PATTERN = r"^[A-Z][A-Z0-9_]{0,63}$"
MAX_ENTITY_TYPES = 64


def _finite(value: float | None) -> float | None:
    if value is not None and not math.isfinite(value):
        raise ValueError("must be a finite number")
    return value


Measure = Annotated[float, Field(ge=0, le=1e12), AfterValidator(_finite)]


class AuditEvent(BaseModel):
    """One audit record as the gateway hands it in; `prev_hash`/`hash`/`seq` are added by the log."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    time: datetime | None = None  # set by the writer (UTC) when absent
    request_id: Identifier | None = None
    event_type: EventType
    user: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")] | None = None  # pseudonym only
    department: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]{0,62}$")] | None = None
    model: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._:/+-]{0,127}$")] | None = None
    provider: Token | None = None
    endpoint: Annotated[str, StringConstraints(pattern=r"^/[A-Za-z0-9/_.-]{0,127}$")] | None = None
    stream: bool | None = None
    outcome: Token | None = None
    # Exception class or refusal reason ("quota.eur_per_month", "policy.block", "TimeoutError").
    error_class: Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_.]{0,127}$")] | None = None
    prompt_tokens: Count | None = None
    completion_tokens: Count | None = None
    cost_eur: Measure | None = None
    latency_ms: Measure | None = None
    ttft_ms: Measure | None = None
    entity_counts: dict[str, Count] | None = None
    policy_decision: Token | None = None
    policy_hash: Hex | None = None
    client_name: ClientName | None = None
    key_id: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")] | None = None
    role: Token | None = None
    # Beyond DESIGN.md's list, needed by the log's own events:
    # config.loaded: which configuration was active (hash only, the file may hold secrets).
    config_hash: Hex | None = None
    # retention.purged / export.performed / audit.reidentified: how many records were affected.
    record_count: Count | None = None
    # retention.purged: last sequence number removed (the signed anchor checkpoint has the same seq).
    seq_through: Count | None = None
    # retention.purged / export.performed: the time range the action covered.
    period_from: datetime | None = None
    period_to: datetime | None = None
    # audit.reidentified: the DPO's case reference (file number), never a name.
    case_ref: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9./_-]{0,63}$")] | None = None

    @field_validator("time", "period_from", "period_to")
    @classmethod
    def _aware_utc(cls, value: datetime | None) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("must carry a time zone")
        return value.astimezone(UTC)

    @field_validator("entity_counts")
    @classmethod
    def _entity_types(cls, value: dict[str, int] | None) -> dict[str, int] | None:
        if value is None:
            return None
        if len(value) > MAX_ENTITY_TYPES:
            raise ValueError("too many entity types")

        for name in value:
            if not re.fullmatch(ENTITY_TYPE_PATTERN, name):
                raise ValueError("entity type names must look like DE_IBAN or PERSON")
        return value


# Column order of the stored record (also the field set hashed by the chain).
EVENT_FIELDS: tuple[str, ...] = tuple(AuditEvent.model_fields)
TIME_FIELDS = frozenset({"time", "period_from", "period_to"})


def format_time(value: datetime) -> str:
    """Fixed-width UTC text: sorts like time in SQL, identical on SQLite and PostgreSQL."""
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def event_to_record(event: AuditEvent, now: datetime) -> dict[str, Any]:
    """The stored field values (times as text); `None` means absent and is not hashed."""
    record: dict[str, Any] = {}
    for name in EVENT_FIELDS:
        value = getattr(event, name)
        if name == "time" and value is None:
            value = now
        if name in TIME_FIELDS and value is not None:
            value = format_time(value)
        record[name] = value
    return record
