"""Which limits apply to a request, and how each is counted and worded.

Scopes: the department, the user within it (department.users[user] over department.user_limits
over quota.user_defaults, field by field), and the department's use of one model
(department.model_limits). Each limit that is set becomes one counter line of a reservation.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from gateway.quota.config import LimitSet
from gateway.quota.periods import Period

if TYPE_CHECKING:
    from gateway.settings import DepartmentSettings, Settings

Metric = Literal[
    "eur_per_month", "tokens_per_day", "tokens_per_month", "requests_per_minute", "concurrent_requests"
]
Unit = Literal["EUR", "tokens", "requests"]


@dataclass(frozen=True, slots=True)
class MetricRule:
    metric: Metric
    period: Period | None
    unit: Unit
    # held until settle (True) or counted at once for good (False)
    hold: bool
    code: str
    noun: str  # German name of the limit


_BUDGET, _RATE = "insufficient_quota", "rate_limit_exceeded"
METRICS: tuple[MetricRule, ...] = (
    MetricRule("eur_per_month", "month", "EUR", True, _BUDGET, "Monatsbudget"),
    MetricRule("tokens_per_day", "day", "tokens", True, _BUDGET, "Tageskontingent an Tokens"),
    MetricRule("tokens_per_month", "month", "tokens", True, _BUDGET, "Monatskontingent an Tokens"),
    MetricRule("requests_per_minute", "minute", "requests", False, _RATE, "Anfragelimit"),
    MetricRule("concurrent_requests", None, "requests", True, _RATE, "Limit gleichzeitiger Anfragen"),
)


@dataclass(frozen=True, slots=True)
class Scope:
    kind: Literal["department", "user", "model"]
    key: str  # part of counter keys; user ids are hashed so Redis keys carry no personal data
    department_name: str
    model: str | None = None

    def subject(self, noun: str) -> str:
        """German subject of a refusal, e.g. "Das Monatsbudget des Fachbereichs Bürgerservice"."""
        if self.kind == "user":
            return f"Ihr {noun}"
        text = f"Das {noun} des Fachbereichs {self.department_name}"
        if self.model is not None:
            text += f" für das Modell {self.model}"
        return text

    @property
    def label(self) -> str:
        if self.kind == "user":
            return f"Nutzer/in ({self.department_name})"
        if self.kind == "model":
            return f"{self.department_name} / {self.model}"
        return self.department_name


def user_key(department_id: str, user_id: str) -> str:
    digest = hashlib.sha256(f"{department_id}\x00{user_id}".encode()).hexdigest()[:24]
    return f"u:{department_id}:{digest}"


def merged(base: LimitSet, override: LimitSet | None) -> LimitSet:
    """Fields set explicitly in the override win (an explicit null lifts the limit)."""
    if override is None:
        return base
    data = base.model_dump()
    data.update({name: getattr(override, name) for name in override.model_fields_set})
    return LimitSet(**data)


def applicable(
    settings: Settings, department: DepartmentSettings, user_id: str | None, model: str | None
) -> list[tuple[Scope, LimitSet]]:
    scopes: list[tuple[Scope, LimitSet]] = [
        (Scope("department", f"d:{department.id}", department.name), department.limits)
    ]
    if user_id is not None:
        base = department.user_limits if department.user_limits is not None else settings.quota.user_defaults
        limits = merged(base, department.users.get(user_id))
        scopes.append((Scope("user", user_key(department.id, user_id), department.name), limits))
    model_names = [model] if model is not None else list(department.model_limits)
    for name in model_names:
        if name in department.model_limits:
            scope = Scope("model", f"m:{department.id}:{name}", department.name, name)
            scopes.append((scope, department.model_limits[name]))
    return scopes
