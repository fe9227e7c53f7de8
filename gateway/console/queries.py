"""The console's own reads of the audit store: the paged event table, daily trends, export rows.

Reports that exist for the CLI too (costs, usage, refusals, entity counts) come from
`audit.reports` so the console and `gateway report` always show the same numbers; this module
holds only what the console needs beyond them. Every query aggregates or pages in the database:
the event table uses keyset paging on `seq` (no OFFSET, so page 2,000 costs what page 1 costs),
trends and refusals read the usage rollup (audit/rollup.py: Berlin days and months, exact across
DST switches), so a page costs the same with a thousand or a million events.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.sql import ColumnElement

from audit import export
from audit.checkpoints import Checkpoint, load_checkpoints
from audit.events import format_time
from audit.reports import month_range
from audit.rollup import NO_USER
from audit.schema import checkpoints, entities_daily, events, usage_daily, usage_monthly

BERLIN = ZoneInfo("Europe/Berlin")
# Columns of the event table as the DPO sees it (the full record goes into exports).
TABLE_COLUMNS = ("seq", "time", "event_type", "department", "model", "outcome", "error_class", "user",
                 "prompt_tokens", "completion_tokens", "cost_eur", "entity_counts", "key_id", "role")
EXPORT_COLUMNS = export.COLUMNS


@dataclass(frozen=True)
class EventFilter:
    """The audit table's filter; every field optional. Dates are Berlin calendar days, inclusive."""

    date_from: date | None = None
    date_to: date | None = None
    department: str | None = None
    model: str | None = None
    event_type: str | None = None
    outcome: str | None = None

    def time_bounds(self) -> tuple[str | None, str | None]:
        """[start, end) as stored UTC text."""
        start = end = None
        if self.date_from:
            start = format_time(datetime.combine(self.date_from, time(), BERLIN))
        if self.date_to:
            end = format_time(datetime.combine(self.date_to + timedelta(days=1), time(), BERLIN))
        return start, end

    def conditions(self) -> list[ColumnElement[bool]]:
        where: list[ColumnElement[bool]] = []
        start, end = self.time_bounds()
        if start:
            where.append(events.c.time >= start)
        if end:
            where.append(events.c.time < end)
        for name in ("department", "model", "event_type", "outcome"):
            value = getattr(self, name)
            if value:
                where.append(events.c[name] == value)
        return where

    def as_query(self) -> dict[str, str]:
        """The filter as URL/form parameters (for paging links and the export form)."""
        out = {}
        for name in ("date_from", "date_to", "department", "model", "event_type", "outcome"):
            value = getattr(self, name)
            if value:
                out[name] = value.isoformat() if isinstance(value, date) else str(value)
        return out


@dataclass
class EventPage:
    rows: list[dict[str, Any]]
    # Cursors: `before` = show older records than this seq; `after` = newer. None: no such page.
    older: int | None
    newer: int | None


@dataclass
class DayPoint:
    day: date
    requests: int = 0
    tokens: int = 0
    cost_eur: float = 0.0
    users: int = 0
    entities: dict[str, int] = field(default_factory=dict)


def event_page(engine: Engine, where: EventFilter, size: int, before: int | None = None,
               after: int | None = None) -> EventPage:
    """One page of events, newest first. Keyset paging: `before`/`after` are seq numbers."""
    conditions = where.conditions()
    cols = [events.c[name] for name in TABLE_COLUMNS]
    if after is not None:
        query = sa.select(*cols).where(*conditions, events.c.seq > after).order_by(events.c.seq.asc())
    else:
        bound = [events.c.seq < before] if before is not None else []
        query = sa.select(*cols).where(*conditions, *bound).order_by(events.c.seq.desc())
    with engine.connect() as conn:
        fetched = [dict(zip(TABLE_COLUMNS, r, strict=True)) for r in conn.execute(query.limit(size + 1))]
        more = len(fetched) > size
        rows = fetched[:size]
        if after is not None:
            rows.reverse()
        if not rows:
            return EventPage([], None, None)
        top, bottom = rows[0]["seq"], rows[-1]["seq"]
        if after is not None:
            newer = top if more else None
            older = bottom if _exists(conn, conditions, events.c.seq < bottom) else None
        else:
            older = bottom if more else None
            newer = top if before is not None and _exists(conn, conditions, events.c.seq > top) else None
    return EventPage(rows, older, newer)


def _exists(conn: Connection, conditions: list[ColumnElement[bool]], bound: ColumnElement[bool]) -> bool:
    return conn.execute(sa.select(events.c.seq).where(*conditions, bound).limit(1)).first() is not None


def export_batches(engine: Engine, where: EventFilter, batch_size: int = 5_000) -> Iterator[list[dict[str, Any]]]:
    """Every record matching the filter in seq order, in batches (flat memory for any size).
    Columns as `gateway audit export` writes them."""
    cols = [events.c[name] for name in EXPORT_COLUMNS]
    query = sa.select(*cols).where(*where.conditions()).order_by(events.c.seq)
    with engine.connect() as conn:
        result = conn.execution_options(stream_results=True, yield_per=batch_size).execute(query)
        for batch in result.partitions(batch_size):
            yield [dict(zip(EXPORT_COLUMNS, row, strict=True)) for row in batch]


def count_events(engine: Engine, where: EventFilter) -> int:
    with engine.connect() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(events).where(*where.conditions())).scalar()
                   or 0)


def _points(today: date, days: int) -> tuple[list[DayPoint], str]:
    first = today - timedelta(days=days - 1)
    return [DayPoint(first + timedelta(days=i)) for i in range(days)], first.isoformat()


def _index(points: list[DayPoint], day: str) -> int:
    """Position of a Berlin day in the span; later days (clock skew) count to the last one."""
    return min((date.fromisoformat(day) - points[0].day).days, len(points) - 1)


def _users(condition: ColumnElement[bool]) -> ColumnElement[int]:
    """Distinct pseudonyms among rollup rows meeting `condition` ("" = no user, not counted)."""
    u = usage_daily.c
    return sa.func.count(sa.distinct(sa.case((sa.and_(condition, u.user != NO_USER), u.user), else_=None)))


def daily_trend(engine: Engine, today: date, days: int = 30) -> list[DayPoint]:
    """Requests, tokens and EUR per Berlin day (all departments), with distinct users per day so the
    caller can withhold days that would single out fewer people than the report threshold.
    Read from the daily rollup (one row per day and user)."""
    points, first = _points(today, days)
    u = usage_daily.c
    query = (
        sa.select(u.day, sa.func.sum(u.requests), sa.func.sum(u.tokens), sa.func.sum(u.cost_eur),
                  _users(u.requests > 0))
        .where(u.day >= first).group_by(u.day)
    )
    with engine.connect() as conn:
        for day, count, tokens, cost, users in conn.execute(query):
            point = points[_index(points, day)]
            point.requests += int(count)
            point.tokens += int(tokens)
            point.cost_eur += float(cost)
            point.users = max(point.users, int(users))
    return points


def entity_trend(engine: Engine, today: date, days: int = 30) -> list[DayPoint]:
    """Removed entity types per Berlin day (all departments), plus distinct users per day."""
    points, first = _points(today, days)
    e, u = entities_daily.c, usage_daily.c
    with engine.connect() as conn:
        counts = sa.select(e.day, e.entity_type, sa.func.sum(e["count"])).where(e.day >= first).group_by(
            e.day, e.entity_type)
        for day, entity_type, count in conn.execute(counts):
            entities = points[_index(points, day)].entities
            entities[entity_type] = entities.get(entity_type, 0) + int(count)
        users = sa.select(u.day, _users(u.entity_events > 0)).where(u.day >= first).group_by(u.day)
        for day, count in conn.execute(users):
            point = points[_index(points, day)]
            point.users = max(point.users, int(count))
    return points


def refusals_by_reason(engine: Engine, month: str, min_users: int) -> tuple[list[tuple[str, int]], int]:
    """Refused requests of a Berlin month by reason, most frequent first, and how many reasons were
    withheld because they concern fewer than `min_users` distinct (pseudonymous) users. Refusals
    without a user (unauthenticated) concern no person and are always shown."""
    month_range(month)  # validates
    m = usage_monthly.c
    query = (
        sa.select(m.error_class, sa.func.sum(m.requests),
                  sa.func.count(sa.distinct(sa.case((m.user != NO_USER, m.user), else_=None))))
        .where(m.month == month, m.event_type == "request.refused")
        .group_by(m.error_class)
    )
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    shown = sorted(((r[0], int(r[1])) for r in rows if not 0 < r[2] < min_users), key=lambda x: (-x[1], x[0]))
    return shown, sum(1 for r in rows if 0 < r[2] < min_users)


def latest_checkpoint(engine: Engine) -> Checkpoint | None:
    with engine.connect() as conn:
        row = conn.execute(
            sa.select(checkpoints.c.seq, checkpoints.c.head_hash, checkpoints.c.time, checkpoints.c.kind,
                      checkpoints.c.key_id, checkpoints.c.signature)
            .order_by(checkpoints.c.seq.desc(), checkpoints.c.id.desc()).limit(1)
        ).first()
    return None if row is None else Checkpoint(int(row[0]), row[1], row[2], row[3], row[4], row[5])


def checkpoints_upto(engine: Engine, seq: int) -> Checkpoint | None:
    """The newest checkpoint at or below `seq` (what a verification up to `seq` has confirmed)."""
    with engine.connect() as conn:
        found = [c for c in load_checkpoints(conn) if c.seq <= seq]
    return found[-1] if found else None
