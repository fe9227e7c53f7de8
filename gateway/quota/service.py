"""Reserve the worst case before a provider call, settle the real usage after it.

One reservation touches every applicable counter (department, user, department x model) in
one atomic store step, so N concurrent requests can never together pass a limit: the last one
that fits is admitted, the next one is refused. Amounts are integers: micro-euros for money,
tokens, requests.
"""

from __future__ import annotations

import asyncio
import logging
import math
import secrets
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from gateway.quota.errors import QuotaExceeded, QuotaUnavailable
from gateway.quota.limits import METRICS, MetricRule, Scope, Unit, applicable
from gateway.quota.periods import berlin_time, format_reset, window
from gateway.quota.pricing import MICRO, PriceList
from gateway.quota.store import CounterState, QuotaStore, Refused, ReserveLine, SettleLine

if TYPE_CHECKING:
    from gateway.settings import Settings

log = logging.getLogger(__name__)

# How long counters outlive their period (for `quota status` of the previous day/month).
_KEEP_AFTER = {"minute": 120.0, "day": 2 * 86_400.0, "month": 40 * 86_400.0}
_MAX_UNSETTLED = 10_000


@dataclass(frozen=True, slots=True)
class _Line:
    """A counter of one reservation, as needed to settle it and to describe it."""

    key: str
    scope: Scope
    rule: MetricRule
    limit: int | None
    amount: int
    resets_at: float | None
    expires_at: float


@dataclass
class Reservation:
    """What was reserved for one request. Pass it back to `settle` exactly once (more is harmless)."""

    id: str
    department: str
    model: str
    prompt_tokens: int
    max_output_tokens: int
    reserved_eur: float
    headers: dict[str, str]
    _lines: tuple[_Line, ...] = field(repr=False)
    settled: bool = False


@dataclass(frozen=True, slots=True)
class LimitStatus:
    """Usage of one limit in its display unit (EUR as float, tokens/requests as int)."""

    scope: str  # "department" | "user" | "model"
    scope_label: str
    model: str | None
    name: str  # metric, e.g. "eur_per_month"
    unit: Unit
    limit: float | None
    used: float
    reserved: float
    remaining: float | None
    period: str | None
    resets_at: datetime | None


def _display(rule: MetricRule, amount: int) -> float:
    return amount / MICRO if rule.unit == "EUR" else amount


def _store_amount(rule: MetricRule, value: float) -> int:
    return round(value * MICRO) if rule.unit == "EUR" else int(value)


def _german_number(value: float, decimals: int) -> str:
    return f"{value:,.{decimals}f}".replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def _amount_text(rule: MetricRule, amount: int) -> str:
    if rule.unit == "EUR":
        return f"{_german_number(amount / MICRO, 2)} EUR"
    if rule.metric == "requests_per_minute":
        return f"{_german_number(amount, 0)} Anfragen pro Minute"
    if rule.metric == "concurrent_requests":
        return f"{_german_number(amount, 0)} gleichzeitige Anfragen"
    return f"{_german_number(amount, 0)} Tokens"


def _header_amount(rule: MetricRule, amount: int) -> str:
    return f"{amount / MICRO:.2f}" if rule.unit == "EUR" else str(amount)


class QuotaService:
    """Budgets and rate limits of all departments, on one `QuotaStore`.

    `clock` returns epoch seconds; tests inject it to cross midnights, month ends and DST.
    """

    def __init__(self, store: QuotaStore, settings: Settings, clock: Callable[[], float] = time.time) -> None:
        self._store = store
        self._settings = settings
        self._clock = clock
        self._prices = PriceList(settings)
        self._models = {m.name: m for m in settings.models}
        self._departments = {d.id: d for d in settings.departments}
        # Settlements the store could not take (outage); retried in the background, never dropped
        # silently while there is room. Reservations' holds expire meanwhile, so nothing is blocked.
        self._unsettled: deque[tuple[str, list[SettleLine]]] = deque(maxlen=_MAX_UNSETTLED)
        self._flushing: asyncio.Task[int] | None = None

    @property
    def store(self) -> QuotaStore:
        return self._store

    def check_prices(self) -> None:
        """Start-up check: ValueError naming every model without a price that is not free."""
        self._prices.check()

    def cost_eur(self, model: str, prompt_tokens: int, completion_tokens: int) -> float:
        """Cost as charged to the counters (whole micro-euros, rounded up)."""
        return self._prices.price(model).micro_eur(prompt_tokens, completion_tokens) / MICRO

    def worst_case_output_tokens(self, model: str, max_output_tokens: int | None) -> int:
        settings = self._models[model]
        if settings.kind == "embedding":
            return 0
        caps = [c for c in (max_output_tokens, settings.max_output_tokens) if c is not None]
        return min(caps) if caps else self._settings.quota.default_max_output_tokens

    @property
    def pending_settlements(self) -> int:
        return len(self._unsettled)

    async def reserve(
        self,
        user_id: str,
        department: str,
        model: str,
        prompt_tokens: int,
        max_output_tokens: int | None,
    ) -> Reservation:
        """Hold the worst case on every applicable limit, or raise QuotaExceeded/QuotaUnavailable."""
        dept = self._departments.get(department)
        if dept is None:
            raise KeyError(f"unknown department {department!r}")
        if model not in self._models:
            raise KeyError(f"unknown model {model!r}")
        now = self._clock()
        output_tokens = self.worst_case_output_tokens(model, max_output_tokens)
        worst_tokens = prompt_tokens + output_tokens
        worst_micro = self._prices.price(model).micro_eur(prompt_tokens, output_tokens)
        hold_until = now + self._settings.quota.reservation_ttl_seconds
        lines = self._lines(dept, user_id, model, now, hold_until, worst_micro, worst_tokens)
        reservation_id = secrets.token_hex(16)
        result = await self._store.reserve(
            reservation_id,
            [ReserveLine(x.key, x.limit, x.amount, x.rule.hold, x.expires_at) for x in lines],
            now,
            hold_until,
        )
        self._flush_later()
        if isinstance(result, Refused):
            raise self._refusal(lines[result.index], result.state, now)
        return Reservation(
            id=reservation_id,
            department=department,
            model=model,
            prompt_tokens=prompt_tokens,
            max_output_tokens=output_tokens,
            reserved_eur=worst_micro / MICRO,
            headers=self._headers(lines, result, now),
            _lines=tuple(lines),
        )

    async def settle(self, reservation: Reservation, prompt_tokens: int, completion_tokens: int) -> float:
        """Charge the real usage (possibly 0 for a failed request), release the rest; return EUR.

        A second call for the same reservation changes nothing and returns 0.0. When the store is
        unreachable the settlement is queued and retried once the store answers again; the cost
        is returned either way, so the caller can audit it.
        """
        if reservation.settled:
            return 0.0
        reservation.settled = True
        prompt_tokens, completion_tokens = max(0, prompt_tokens), max(0, completion_tokens)
        micro = self._prices.price(reservation.model).micro_eur(prompt_tokens, completion_tokens)
        tokens = prompt_tokens + completion_tokens
        lines = []
        for line in reservation._lines:
            if not line.rule.hold:
                continue  # requests per minute: counted at reserve time for good
            if line.rule.unit == "EUR":
                used = micro
            elif line.rule.unit == "tokens":
                used = tokens
            else:
                used = 0  # a concurrency slot is only released
            lines.append(SettleLine(line.key, used, line.expires_at))
        try:
            applied = await self._store.settle(reservation.id, lines, self._clock())
        except QuotaUnavailable as exc:
            log.warning("quota settlement queued, store unavailable (%s)", exc.reason)
            if len(self._unsettled) == self._unsettled.maxlen:
                log.error("quota settlement queue full, oldest settlement dropped")
            self._unsettled.append((reservation.id, lines))
        else:
            self._flush_later()
            if not applied:
                return 0.0  # settled before, possibly by another replica holding a copy
        return micro / MICRO

    async def flush(self) -> int:
        """Retry queued settlements now (e.g. at shutdown); returns how many are still queued."""
        while self._unsettled:
            reservation_id, lines = self._unsettled[0]
            try:
                await self._store.settle(reservation_id, lines, self._clock())
            except QuotaUnavailable:
                break
            self._unsettled.popleft()
        return len(self._unsettled)

    def _flush_later(self) -> None:
        if self._unsettled and (self._flushing is None or self._flushing.done()):
            self._flushing = asyncio.get_running_loop().create_task(self.flush())

    async def status(self, department: str, user_id: str | None = None) -> list[LimitStatus]:
        """Usage against every limit that applies (department, its models, and the user if given).

        The department's EUR spend is always included, with `limit=None` when it has no budget.
        """
        dept = self._departments.get(department)
        if dept is None:
            raise KeyError(f"unknown department {department!r}")
        now = self._clock()
        lines = self._lines(dept, user_id, None, now, now, 0, 0, status=True)
        states = await self._store.read([x.key for x in lines], now)
        result = []
        for line, state in zip(lines, states, strict=True):
            rule = line.rule
            remaining = None if line.limit is None else max(0, line.limit - state.used - state.held)
            result.append(
                LimitStatus(
                    scope=line.scope.kind,
                    scope_label=line.scope.label,
                    model=line.scope.model,
                    name=rule.metric,
                    unit=rule.unit,
                    limit=None if line.limit is None else _display(rule, line.limit),
                    used=_display(rule, state.used),
                    reserved=_display(rule, state.held),
                    remaining=None if remaining is None else _display(rule, remaining),
                    period=rule.period,
                    resets_at=None if line.resets_at is None else berlin_time(line.resets_at),
                )
            )
        return result

    def _lines(
        self,
        dept: object,
        user_id: str | None,
        model: str | None,
        now: float,
        hold_until: float,
        worst_micro: int,
        worst_tokens: int,
        status: bool = False,
    ) -> list[_Line]:
        lines: list[_Line] = []
        for scope, limits in applicable(self._settings, dept, user_id, model):  # type: ignore[arg-type]
            for rule in METRICS:
                value = getattr(limits, rule.metric)
                always = scope.kind == "department" and rule.metric == "eur_per_month"
                if value is None and not always:
                    continue
                if rule.period is None:
                    suffix, resets_at = "", None
                    expires_at = hold_until + self._settings.quota.reservation_ttl_seconds
                else:
                    w = window(rule.period, now)
                    suffix, resets_at = f":{w.id}", w.resets_at
                    expires_at = w.resets_at + _KEEP_AFTER[rule.period]
                if rule.unit == "EUR":
                    amount = worst_micro
                elif rule.unit == "tokens":
                    amount = worst_tokens
                else:
                    amount = 1
                lines.append(
                    _Line(
                        key=f"{scope.key}:{rule.metric}{suffix}",
                        scope=scope,
                        rule=rule,
                        limit=None if value is None else _store_amount(rule, value),
                        amount=amount,
                        resets_at=resets_at,
                        expires_at=expires_at,
                    )
                )
        return lines

    def _refusal(self, line: _Line, state: CounterState, now: float) -> QuotaExceeded:
        rule, limit = line.rule, line.limit or 0
        subject = line.scope.subject(rule.noun)
        limit_text = _amount_text(rule, limit)
        until_reset = 1 if line.resets_at is None else max(1, math.ceil(line.resets_at - now))
        if rule.metric == "concurrent_requests":
            message = (
                f"{subject} ({limit_text}) ist erreicht. "
                "Bitte warten Sie, bis eine laufende Anfrage abgeschlossen ist."
            )
            retry_after = 1
        elif rule.metric == "requests_per_minute":
            message = (
                f"{subject} ({limit_text}) ist erreicht. Bitte versuchen Sie es in {until_reset} "
                f"Sekunde{'' if until_reset == 1 else 'n'} erneut."
            )
            retry_after = until_reset
        elif state.used >= limit:
            message = (
                f"{subject} ({limit_text}) ist ausgeschöpft. "
                f"Es wird {format_reset(line.resets_at or now)} zurückgesetzt."
            )
            retry_after = until_reset
        elif state.used + line.amount <= limit:
            # Only in-flight reservations stand in the way; they settle within seconds.
            message = (
                f"{subject} ({limit_text}) ist durch laufende Anfragen vorübergehend belegt. "
                "Bitte versuchen Sie es in wenigen Sekunden erneut."
            )
            retry_after = min(until_reset, 5)
        else:
            remaining = max(0, limit - state.used - state.held)
            message = (
                f"{subject} reicht für diese Anfrage nicht mehr aus: verbleibend "
                f"{_amount_text(rule, remaining)} von {limit_text}, benötigt bis zu "
                f"{_amount_text(rule, line.amount)}. Begrenzen Sie die Antwortlänge (max_tokens) "
                f"oder warten Sie auf die Zurücksetzung {format_reset(line.resets_at or now)}."
            )
            retry_after = until_reset
        remaining = max(0, limit - state.used - state.held)
        headers = {
            "Retry-After": str(retry_after),
            "X-RateLimit-Limit": _header_amount(rule, limit),
            "X-RateLimit-Remaining": _header_amount(rule, remaining),
            "X-RateLimit-Reset": str(until_reset),
        }
        return QuotaExceeded(rule.code, message, retry_after, headers, f"{line.scope.kind}.{rule.metric}")

    def _headers(self, lines: list[_Line], states: list[CounterState], now: float) -> dict[str, str]:
        headers: dict[str, str] = {}
        tightest: tuple[float, _Line, int] | None = None
        for line, state in zip(lines, states, strict=True):
            if line.limit is None:
                if line.scope.kind == "department" and line.rule.metric == "eur_per_month":
                    headers["X-Budget-Used-EUR"] = f"{state.used / MICRO:.2f}"
                continue
            remaining = max(0, line.limit - state.used - state.held)
            if line.scope.kind == "department" and line.rule.metric == "eur_per_month":
                headers["X-Budget-Limit-EUR"] = f"{line.limit / MICRO:.2f}"
                headers["X-Budget-Remaining-EUR"] = f"{remaining / MICRO:.2f}"
            share = remaining / line.limit if line.limit else 0.0
            if tightest is None or share < tightest[0]:
                tightest = (share, line, remaining)
        if tightest is not None:
            _, line, remaining = tightest
            reset = 1 if line.resets_at is None else max(1, math.ceil(line.resets_at - now))
            headers["X-RateLimit-Limit"] = _header_amount(line.rule, line.limit or 0)
            headers["X-RateLimit-Remaining"] = _header_amount(line.rule, remaining)
            headers["X-RateLimit-Reset"] = str(reset)
        return headers
