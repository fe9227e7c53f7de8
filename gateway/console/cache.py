"""Report results kept for a short while, so pages render within their budget on any log size.

The aggregates behind the overview, costs and privacy pages read the usage rollup
(audit/rollup.py), so even an empty cache renders within a page's budget (≤ 300 ms at a million
records); the cache only saves repeated work for pages opened again and again. Pages read from
here: a result younger than `fresh_seconds` is served as is; an older one is served too while a
worker thread recomputes it (the page shows the time the numbers are from); only a result never
computed is awaited. `warm()` computes the usual ones ahead, e.g. while the login form is shown.
Results are aggregates without personal data; nothing here outlives the process.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from starlette.concurrency import run_in_threadpool

log = logging.getLogger("gateway.console")


@dataclass(frozen=True)
class Cached:
    value: Any
    computed_at: datetime
    monotonic: float


class ReportCache:
    def __init__(self, fresh_seconds: float, max_entries: int = 256) -> None:
        self.fresh_seconds = fresh_seconds
        self._entries: dict[Hashable, Cached] = {}
        self._running: dict[Hashable, asyncio.Future[Cached]] = {}
        self._max_entries = max_entries

    async def get(self, key: Hashable, compute: Callable[[], Any]) -> Cached:
        if self.fresh_seconds <= 0:  # caching switched off: always the current numbers
            return Cached(await run_in_threadpool(compute), datetime.now(UTC), time.monotonic())
        entry = self._entries.get(key)
        if entry is not None:
            if time.monotonic() - entry.monotonic > self.fresh_seconds and key not in self._running:
                self._start(key, compute)
            return entry
        running = self._running.get(key) or self._start(key, compute)
        return await asyncio.shield(running)

    def warm(self, key: Hashable, compute: Callable[[], Any]) -> None:
        """Compute in the background unless present and fresh or already running."""
        if self.fresh_seconds <= 0:
            return
        entry = self._entries.get(key)
        fresh = entry is not None and time.monotonic() - entry.monotonic <= self.fresh_seconds
        if not fresh and key not in self._running:
            self._start(key, compute)

    def _start(self, key: Hashable, compute: Callable[[], Any]) -> asyncio.Future[Cached]:
        task = asyncio.get_running_loop().create_task(self._compute(key, compute))
        self._running[key] = task
        return task

    async def _compute(self, key: Hashable, compute: Callable[[], Any]) -> Cached:
        try:
            value = await run_in_threadpool(compute)
        except Exception as exc:
            log.error("console report failed: %s", type(exc).__name__)
            raise
        finally:
            self._running.pop(key, None)
        entry = Cached(value, datetime.now(UTC), time.monotonic())
        self._entries[key] = entry
        while len(self._entries) > self._max_entries:
            self._entries.pop(next(iter(self._entries)))
        return entry

    def clear(self) -> None:
        self._entries.clear()
