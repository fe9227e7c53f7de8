"""Retention: delete old records without losing verifiability.

In ONE chain-locked transaction: sign a "retention" checkpoint at the cut point (the hash of the
last record to be deleted), delete up to that record, and append a `retention.purged` event that
names how many were deleted and up to which seq. Verify then starts at the oldest kept record,
anchored by that checkpoint. Only whole prefixes are cut: the cut is the record before the first
one that is still young enough, so a slightly out-of-order timestamp never punches a hole.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from audit import rollup
from audit.checkpoints import insert_checkpoint, make_checkpoint
from audit.events import AuditEvent, event_to_record, format_time
from audit.log import AuditLog
from audit.schema import events
from audit.store import append, chain_transaction


@dataclass(frozen=True)
class PurgeResult:
    deleted: int
    seq_through: int | None
    cutoff: datetime


def purge(log: AuditLog, older_than: timedelta, now: datetime | None = None) -> PurgeResult:
    """Delete records older than `older_than`; writes the anchor checkpoint and the purge event."""
    now = now or datetime.now(UTC)
    cutoff = now - older_than
    with chain_transaction(log.engine) as conn:
        first_young = conn.execute(
            sa.select(sa.func.min(events.c.seq)).where(events.c.time >= format_time(cutoff))
        ).scalar()
        head = conn.execute(sa.select(sa.func.max(events.c.seq))).scalar()
        oldest = conn.execute(sa.select(sa.func.min(events.c.seq))).scalar()
        if head is None or oldest is None:
            return PurgeResult(0, None, cutoff)
        cut = head if first_young is None else int(first_young) - 1
        if cut < oldest:
            return PurgeResult(0, None, cutoff)
        cut_hash = conn.execute(sa.select(events.c.hash).where(events.c.seq == cut)).scalar_one()
        insert_checkpoint(conn, make_checkpoint(log.signing_key, cut, cut_hash, "retention", now))
        deleted = cut - int(oldest) + 1  # seqs are contiguous (verify proves it)
        event = AuditEvent(
            event_type="retention.purged", time=now, record_count=deleted, seq_through=cut, period_to=cutoff
        )
        # Append before deleting: the chain continues from the real head even if all is purged.
        append(conn, [event_to_record(event, now)])
        rollup.subtract_through(conn, cut)  # the rollups hold pseudonyms: they go with the events
        conn.execute(sa.delete(events).where(events.c.seq <= cut))
    return PurgeResult(deleted, cut, cutoff)


def purge_expired(log: AuditLog, now: datetime | None = None) -> PurgeResult | None:
    """The automatic schedule: purge per `retention_days`, or do nothing when it is unset."""
    if log.settings.retention_days is None:
        return None
    return purge(log, timedelta(days=log.settings.retention_days), now)


def parse_age(text: str) -> timedelta:
    """'90d', '12h', '30m' → timedelta (CLI); ValueError with a German message otherwise."""
    units = {"d": "days", "h": "hours", "m": "minutes"}
    number, unit = text[:-1], text[-1:].lower()
    if unit not in units or not number.isdigit() or int(number) <= 0:
        raise ValueError(f"Ungültige Altersangabe {text!r}: erwartet z. B. 90d, 12h oder 30m")
    return timedelta(**{units[unit]: int(number)})
