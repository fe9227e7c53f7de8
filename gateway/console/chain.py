"""The audit chain's verification status as the console shows it.

Verifying a million records takes seconds, far beyond a page's budget, so the page never runs it:
a verification runs in a worker thread (started on the first visit and on demand) and the page
shows the last finished result with the newest checkpoint it confirmed.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.engine import Engine

from audit.checkpoints import Checkpoint
from audit.log import AuditLog
from audit.verify import VerifyResult, verify_log
from gateway.console.queries import checkpoints_upto

log = logging.getLogger("gateway.console")


@dataclass(frozen=True)
class ChainReport:
    result: VerifyResult
    finished_at: datetime
    # The newest signed checkpoint the verified range covers (None if none yet).
    checkpoint: Checkpoint | None


class ChainCheck:
    def __init__(self, audit: AuditLog) -> None:
        self._audit = audit
        self._task: asyncio.Task[None] | None = None
        self.last: ChainReport | None = None
        self.failed: bool = False

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    def start(self) -> None:
        """Begin a verification unless one is running; returns at once."""
        if not self.running:
            self._task = asyncio.get_running_loop().create_task(self._run())

    async def wait(self) -> None:
        if self._task is not None:
            await asyncio.shield(self._task)

    async def _run(self) -> None:
        engine: Engine = self._audit.engine
        public_key = self._audit.signing_key.public_key()
        try:
            result = await asyncio.to_thread(verify_log, engine, public_key)
            checkpoint = await asyncio.to_thread(checkpoints_upto, engine, result.head_seq)
        except Exception as exc:  # noqa: BLE001 - the page reports "not checked", never a traceback
            log.error("console chain verification failed: %s", type(exc).__name__)
            self.failed = True
            return
        self.failed = False
        self.last = ChainReport(result, datetime.now(UTC), checkpoint if result.ok else None)
