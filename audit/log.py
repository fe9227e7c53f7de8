"""The audit log as the gateway sees it: `await log.write(event)` returns after COMMIT.

Group commit: callers put events on a queue; one writer thread takes everything that is
waiting (up to `batch_max`), appends it in one locked transaction, commits (fsync), and only
then resolves each caller's future. Under load one fsync serves many requests; alone, a
request pays for exactly one. Durability is never traded for speed: nothing is acknowledged
before its transaction has committed.

Non-urgent events (`write(..., urgent=False)`: closing records the client no longer waits for)
linger up to `linger_ms` in the writer so that they share the next urgent event's commit; a
single request then pays one fsync on its response path instead of two.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import logging
import queue
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy.engine import Engine

from audit import signing
from audit.checkpoints import Checkpoint, CheckpointKind, write_checkpoint
from audit.config import AuditSettings
from audit.errors import AuditUnavailable
from audit.events import AuditEvent, event_to_record
from audit.schema import events
from audit.store import Appender, create_audit_engine, migrate, open_appender

logger = logging.getLogger(__name__)


@dataclass
class _Pending:
    """One queued event and who waits for it: an asyncio future (resolved on its own loop, one
    wake-up per batch and loop) or a concurrent future (blocking callers)."""

    event: AuditEvent
    received: datetime
    waiter: asyncio.Future[int] | concurrent.futures.Future[int]
    loop: asyncio.AbstractEventLoop | None = None
    urgent: bool = True

    def wanted(self) -> bool:
        """False if the caller already gave up (timeout → 503): then nothing is written."""
        if isinstance(self.waiter, concurrent.futures.Future):
            return self.waiter.set_running_or_notify_cancel()
        return not self.waiter.cancelled()


def _settle(results: list[tuple[asyncio.Future[int], int | BaseException]]) -> None:
    for waiter, result in results:
        if waiter.done():
            continue
        if isinstance(result, BaseException):
            waiter.set_exception(result)
        else:
            waiter.set_result(result)


_STOP = object()
RETENTION_CHECK_SECONDS = 3600.0


class AuditLog:
    """Append-only, hash-chained event log. Create with `open_audit_log`.

    Obligations: call `close()` on shutdown (flushes queued events and writes a final checkpoint);
    call `start_checkpoints()` once inside the running event loop for periodic signed checkpoints.
    """

    def __init__(self, settings: AuditSettings, engine: Engine) -> None:
        self.settings = settings
        self.engine = engine
        self._signing_key = signing.load_private_key(settings.signing_key.get_secret_value())
        self._queue: queue.SimpleQueue[_Pending | object] = queue.SimpleQueue()
        self._closed = False
        self._checkpoint_task: asyncio.Task[None] | None = None
        self._appender: Appender | None = None  # owned by the writer thread
        self._writer = threading.Thread(target=self._run_writer, name="audit-writer", daemon=True)
        self._writer.start()

    @property
    def signing_key(self) -> Ed25519PrivateKey:
        """For maintenance in this package (retention anchors); never logged or exported."""
        return self._signing_key

    @property
    def public_key_pem(self) -> str:
        return signing.public_key_pem(self._signing_key)

    # -- writing -----------------------------------------------------------------------------

    def _enqueue(self, pending: _Pending) -> None:
        if not isinstance(pending.event, AuditEvent):
            raise TypeError("only AuditEvent instances are accepted")
        if self._closed:
            raise AuditUnavailable("audit log is closed")
        self._queue.put(pending)

    def submit(self, event: AuditEvent) -> concurrent.futures.Future[int]:
        """Queue an event; the future resolves to its seq after commit (or AuditUnavailable)."""
        done: concurrent.futures.Future[int] = concurrent.futures.Future()
        self._enqueue(_Pending(event, datetime.now(UTC), done))
        return done

    async def write(self, event: AuditEvent, *, urgent: bool = True) -> None:
        """Return once the event is durably committed; AuditUnavailable if the store is down/slow.

        On timeout the event may still be committed later (it was already being written): the
        gateway then answers 503 and the log shows an "accepted" without upstream call.
        `urgent=False`: nobody is waiting on the answer path, so the commit may linger (see the
        module docstring); the timeout is extended by that much.
        """
        loop = asyncio.get_running_loop()
        waiter: asyncio.Future[int] = loop.create_future()
        self._enqueue(_Pending(event, datetime.now(UTC), waiter, loop, urgent))
        timeout = self.settings.write_timeout_seconds + (0 if urgent else self.settings.linger_ms / 1000)
        try:
            await asyncio.wait_for(waiter, timeout)
        except TimeoutError:
            raise AuditUnavailable("audit store did not commit in time") from None

    def write_sync(self, event: AuditEvent) -> int:
        """Blocking variant for the CLI and maintenance jobs; returns the record's seq."""
        try:
            return self.submit(event).result(timeout=max(self.settings.write_timeout_seconds, 30.0))
        except concurrent.futures.TimeoutError:
            raise AuditUnavailable("audit store did not commit in time") from None

    def _run_writer(self) -> None:
        stop = False
        linger = self.settings.linger_ms / 1000
        while not stop:
            first = self._queue.get()
            if first is _STOP:
                break
            batch = [first]
            urgent = not isinstance(first, _Pending) or first.urgent
            linger_until: float | None = None
            while len(batch) < self.settings.batch_max:
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    if urgent or linger <= 0:
                        break
                    # Only closing records so far: wait a little for an urgent event to share the fsync.
                    now = time.monotonic()
                    linger_until = linger_until if linger_until is not None else now + linger
                    if now >= linger_until:
                        break
                    try:
                        item = self._queue.get(timeout=linger_until - now)
                    except queue.Empty:
                        break
                if item is _STOP:
                    stop = True
                    break
                batch.append(item)
                urgent = urgent or not isinstance(item, _Pending) or item.urgent
            # A caller that already gave up (timeout → 503) is not written at all.
            live = [p for p in batch if isinstance(p, _Pending) and p.wanted()]
            self._commit(live)

    def _commit(self, batch: list[_Pending]) -> None:
        if not batch:
            return
        records = [event_to_record(p.event, p.received) for p in batch]
        try:
            if self._appender is None:
                self._appender = open_appender(self.engine)
            head = self._appender.append(records)
        except Exception as exc:
            # Only the class: the exception text may quote parameters (event data).
            logger.error("audit commit failed: %s", type(exc).__name__)
            self._drop_connection()
            self._resolve(batch, [AuditUnavailable("audit store unavailable") for _ in batch])
            return
        first = head - len(batch) + 1
        self._resolve(batch, list(range(first, head + 1)))

    @staticmethod
    def _resolve(batch: list[_Pending], results: Sequence[int | BaseException]) -> None:
        by_loop: dict[asyncio.AbstractEventLoop, list[tuple[asyncio.Future[int], int | BaseException]]] = {}
        for pending, result in zip(batch, results, strict=True):
            if isinstance(pending.waiter, concurrent.futures.Future):
                if isinstance(result, BaseException):
                    pending.waiter.set_exception(result)
                else:
                    pending.waiter.set_result(result)
            elif pending.loop is not None:
                by_loop.setdefault(pending.loop, []).append((pending.waiter, result))
        for loop, results_for_loop in by_loop.items():
            with contextlib.suppress(RuntimeError):  # loop already closed: nobody is waiting
                loop.call_soon_threadsafe(_settle, results_for_loop)

    def _drop_connection(self) -> None:
        """After a failure the connection may be broken; the next batch starts with a fresh one."""
        if self._appender is not None:
            self._appender.close()
            self._appender = None

    # -- checkpoints -------------------------------------------------------------------------

    def write_checkpoint(self, kind: CheckpointKind = "periodic") -> Checkpoint:
        return write_checkpoint(self.engine, self._signing_key, kind)

    def start_checkpoints(self) -> asyncio.Task[None]:
        """Sign a checkpoint now and then every `checkpoint_interval_seconds`, also when idle.

        The same task runs the automatic retention purges (at most hourly): events when
        `retention_days` is set, opted-in redacted texts after their own retention. A failing
        purge (e.g. an insert-only database role) is logged, not fatal.
        """
        if self._checkpoint_task is None:
            self._checkpoint_task = asyncio.get_running_loop().create_task(self._checkpoint_loop())
        return self._checkpoint_task

    async def _checkpoint_loop(self) -> None:
        from audit.redacted_texts import purge_redacted_texts  # both build on this module
        from audit.retention import purge_expired

        last_purge = float("-inf")
        while True:
            try:
                await asyncio.to_thread(self.write_checkpoint)
            except Exception as exc:
                logger.error("audit checkpoint failed: %s", type(exc).__name__)
            now = asyncio.get_running_loop().time()
            if now - last_purge >= RETENTION_CHECK_SECONDS:
                last_purge = now
                if self.settings.retention_days is not None:
                    await self._maintain(purge_expired)
                if self.settings.redacted_text.departments:
                    await self._maintain(purge_redacted_texts)
            await asyncio.sleep(self.settings.checkpoint_interval_seconds)

    async def _maintain(self, job: Callable[[AuditLog], object]) -> None:
        try:
            await asyncio.to_thread(job, self)
        except Exception as exc:
            logger.error("audit retention purge failed: %s", type(exc).__name__)

    # -- lifecycle ---------------------------------------------------------------------------

    async def ping(self) -> None:
        """Readiness: the store answers and the schema is there; AuditUnavailable otherwise."""

        def probe() -> None:
            with self.engine.connect() as conn:
                conn.execute(sa.select(events.c.seq).limit(1)).first()

        if self._closed or not self._writer.is_alive():
            raise AuditUnavailable("audit log is closed")
        try:
            await asyncio.wait_for(asyncio.to_thread(probe), self.settings.write_timeout_seconds)
        except Exception:
            raise AuditUnavailable("audit store unavailable") from None

    async def close(self) -> None:
        """Flush queued events, write a final checkpoint, release connections. Idempotent."""
        if self._closed:
            return
        self._closed = True
        if self._checkpoint_task is not None:
            self._checkpoint_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._checkpoint_task
        await asyncio.to_thread(self._shutdown)

    def close_sync(self) -> None:
        if not self._closed:
            self._closed = True
            self._shutdown()

    def _shutdown(self) -> None:
        self._queue.put(_STOP)
        self._writer.join()
        self._drop_connection()
        try:
            self.write_checkpoint()
        except Exception as exc:
            logger.error("final audit checkpoint failed: %s", type(exc).__name__)
        self.engine.dispose()


def open_audit_log(settings: AuditSettings) -> AuditLog:
    """Connect, create/migrate the schema, start the writer. Raises AuditUnavailable if the store
    cannot be reached (the gateway should not start then)."""
    engine = create_audit_engine(settings.url, settings.sqlite_synchronous)
    try:
        migrate(engine)
    except sa.exc.SQLAlchemyError:
        engine.dispose()
        raise AuditUnavailable("audit store unavailable") from None
    return AuditLog(settings, engine)
