"""Configuration of the `redaction` section (owned by this package, composed by gateway.settings)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Action = Literal["pseudonymize", "mask", "block", "allow"]


class RedactionPolicy(BaseModel):
    """What happens to each entity type. Department policies override the default field by field."""

    model_config = ConfigDict(extra="forbid")

    actions: dict[str, Action] = Field(default_factory=dict)
    default_action: Action = "pseudonymize"
    score_threshold: float = 0.5
    allow_list: list[str] = Field(default_factory=list)
    deny_list: list[str] = Field(default_factory=list)


class RedactionSettings(BaseModel):
    """The `redaction` section. Without `entities`, every supported entity type is detected."""

    model_config = ConfigDict(extra="forbid")

    enabled: bool = True
    time_budget_ms: int = 2000
    entities: list[str] | None = None
    default_policy: RedactionPolicy = Field(default_factory=RedactionPolicy)
    departments: dict[str, RedactionPolicy] = Field(default_factory=dict)
