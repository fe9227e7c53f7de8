"""The seam between quota rules and where counters live: one small protocol, two stores.

A store knows nothing about departments, prices or calendars. It keeps named counters, each
with a settled amount (`used`) and amounts held by in-flight reservations (`held`), and offers
two atomic steps:

* `reserve`: prune expired holds, check every line against its limit, and only if all fit,
  apply all of them. All or nothing, one round trip.
* `settle`: once per reservation id, drop its holds and add the real usage.

Every hold carries its expiry, so a replica that dies mid-request leaves nothing behind for
longer than the reservation TTL. Counter keys expire on their own some time after their period.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class ReserveLine:
    """One counter touched by a reservation.

    `hold=True`: `amount` is held until settle (budgets, tokens, concurrency slots).
    `hold=False`: `amount` is counted as used at once and never released (requests per minute:
    a request that was let through counts even if it fails).
    `limit`: None means "count, but do not check" (to show usage of unlimited scopes).
    """

    key: str
    limit: int | None
    amount: int
    hold: bool
    expires_at: float  # when the counter itself may be forgotten (epoch seconds)


@dataclass(frozen=True, slots=True)
class SettleLine:
    key: str
    used: int
    expires_at: float


@dataclass(frozen=True, slots=True)
class CounterState:
    used: int
    held: int


@dataclass(frozen=True, slots=True)
class Refused:
    """The first line (index into the request) that did not fit, with its state before."""

    index: int
    state: CounterState


class QuotaStore(Protocol):
    async def reserve(
        self, reservation_id: str, lines: Sequence[ReserveLine], now: float, hold_until: float
    ) -> Refused | list[CounterState]:
        """All lines or none. On success, each counter's state after applying its line."""
        ...

    async def settle(self, reservation_id: str, lines: Sequence[SettleLine], now: float) -> bool:
        """Release the reservation's holds and add usage; False (and no change) if already settled."""
        ...

    async def read(self, keys: Sequence[str], now: float) -> list[CounterState]:
        """Current state, holds past their expiry left out."""
        ...

    async def close(self) -> None: ...
