"""Embedded quota store for `make run` and single-process use: no server, same semantics.

Counters live in this process only. That is correct for exactly one gateway process, and wrong
for several replicas, which is why production configs use the Redis store and this one is never
a fallback for it.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field

from gateway.quota.store import CounterState, Refused, ReserveLine, SettleLine


@dataclass
class _Counter:
    used: int = 0
    held: int = 0
    # reservation id -> (amount, hold expiry)
    holds: dict[str, tuple[int, float]] = field(default_factory=dict)
    expires_at: float = 0.0

    def prune(self, now: float) -> None:
        if not self.holds:
            return
        expired = [rid for rid, (_, until) in self.holds.items() if until <= now]
        for rid in expired:
            amount, _ = self.holds.pop(rid)
            self.held -= amount


class MemoryQuotaStore:
    """Thread-safe; each operation runs under one lock, so it is atomic like a Lua script."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counters: dict[str, _Counter] = {}
        # reservation id -> when its idempotency record may be forgotten
        self._open: dict[str, float] = {}
        self._next_sweep = 0.0

    def _counter(self, key: str, now: float) -> _Counter:
        counter = self._counters.get(key)
        if counter is None or counter.expires_at <= now:
            counter = self._counters[key] = _Counter()
        counter.prune(now)
        return counter

    async def reserve(
        self, reservation_id: str, lines: Sequence[ReserveLine], now: float, hold_until: float
    ) -> Refused | list[CounterState]:
        with self._lock:
            self._sweep(now)
            counters = [self._counter(line.key, now) for line in lines]
            for index, (line, counter) in enumerate(zip(lines, counters, strict=True)):
                if line.limit is not None and counter.used + counter.held + line.amount > line.limit:
                    return Refused(index, CounterState(counter.used, counter.held))
            for line, counter in zip(lines, counters, strict=True):
                if line.hold and line.amount > 0:
                    counter.held += line.amount
                    counter.holds[reservation_id] = (line.amount, hold_until)
                elif not line.hold:
                    counter.used += line.amount
                counter.expires_at = max(counter.expires_at, line.expires_at, hold_until)
            # Kept longer than the holds, so a slow request that outlives its hold still settles.
            self._open[reservation_id] = hold_until + 86_400
            return [CounterState(c.used, c.held) for c in counters]

    async def settle(self, reservation_id: str, lines: Sequence[SettleLine], now: float) -> bool:
        with self._lock:
            if self._open.pop(reservation_id, None) is None:
                return False
            for line in lines:
                counter = self._counter(line.key, now)
                hold = counter.holds.pop(reservation_id, None)
                if hold is not None:
                    counter.held -= hold[0]
                counter.used += line.used
                counter.expires_at = max(counter.expires_at, line.expires_at)
            return True

    async def read(self, keys: Sequence[str], now: float) -> list[CounterState]:
        with self._lock:
            states = []
            for key in keys:
                counter = self._counters.get(key)
                if counter is None or counter.expires_at <= now:
                    states.append(CounterState(0, 0))
                else:
                    counter.prune(now)
                    states.append(CounterState(counter.used, counter.held))
            return states

    async def close(self) -> None:
        return None

    def _sweep(self, now: float) -> None:
        """Forget expired counters and records now and then, so memory stays bounded."""
        if now < self._next_sweep:
            return
        self._next_sweep = now + 60
        for key in [k for k, c in self._counters.items() if c.expires_at <= now]:
            del self._counters[key]
        for rid in [r for r, until in self._open.items() if until <= now]:
            del self._open[rid]
