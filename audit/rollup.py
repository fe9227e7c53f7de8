"""Usage rollups: what reports and the console aggregate, kept pre-summed per month and per day.

Why: a month can hold hundreds of thousands of events; grouping them on every report takes
seconds. The rollup tables (see schema.py) hold one row per Berlin month × department × model ×
event type × error class × pseudonymous user (plus per-day user and entity-type sums), so a month
is a few thousand rows. Distinct users stay exact (each row names one pseudonym), sums stay exact;
only what needs single values (TTFT percentiles) still reads the events.

Obligations and pitfalls:
- Derived data, NOT part of the hash chain: `verify` covers the events only. Whoever can write the
  database can change a rollup unnoticed, so anything that must be proven comes from the events;
  `rebuild` recomputes the rollup from the events (`gateway audit rebuild-rollup`).
- `add` runs inside the append transaction (same commit, no extra fsync); `subtract` inside the
  purge transaction, so rollups never count events that are gone (they hold pseudonyms, so they
  follow the events' retention).
- Only the event types reports use are rolled up (completed, failed, refused).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any, cast
from zoneinfo import ZoneInfo

import orjson
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from audit.schema import entities_daily, events, usage_daily, usage_monthly

BERLIN = ZoneInfo("Europe/Berlin")
NONE = "(ohne)"
NO_USER = ""
TERMINAL = ("request.completed", "request.failed")
ROLLED_UP = frozenset((*TERMINAL, "request.refused"))
TABLES = (usage_monthly, usage_daily, entities_daily)

_MONTHLY_KEY = ("month", "department", "model", "event_type", "error_class", "user")
_MONTHLY_SUMS = ("requests", "prompt_tokens", "completion_tokens", "cost_eur", "latency_sum", "latency_count",
                 "entity_events")
_DAILY_KEY = ("day", "user")
_DAILY_SUMS = ("requests", "tokens", "cost_eur", "entity_events")
_ENTITY_KEY = ("day", "department", "entity_type")
_ENTITY_SUMS = ("count",)
_READ_COLUMNS = ("time", "event_type", "user", "department", "model", "error_class", "prompt_tokens",
                 "completion_tokens", "cost_eur", "latency_ms", "entity_counts")


class Delta:
    """Sums of a set of events, keyed like the rollup tables; applied with a sign (+ add, − purge)."""

    def __init__(self) -> None:
        self.monthly: dict[tuple[str, ...], list[float]] = {}
        self.daily: dict[tuple[str, ...], list[float]] = {}
        self.entities: dict[tuple[str, ...], list[float]] = {}

    def __bool__(self) -> bool:
        return bool(self.monthly or self.daily or self.entities)

    def include(self, row: Mapping[str, Any]) -> None:
        """Count one stored row (times as text, entity counts as JSON text or a mapping)."""
        event_type = row["event_type"]
        if event_type not in ROLLED_UP:
            return
        day = _berlin_day(row["time"][:13])
        department = row.get("department") or NONE
        user = row.get("user") or NO_USER
        counts = row.get("entity_counts")
        if isinstance(counts, str | bytes):
            counts = orjson.loads(counts)
        prompt, completion = row.get("prompt_tokens") or 0, row.get("completion_tokens") or 0
        cost, latency = row.get("cost_eur") or 0.0, row.get("latency_ms")
        has_entities = 1 if counts is not None else 0
        key = (day[:7], department, row.get("model") or NONE, event_type, row.get("error_class") or NONE, user)
        _bump(self.monthly, key, (1, prompt, completion, cost, latency or 0.0, 0 if latency is None else 1,
                                  has_entities))
        terminal = event_type in TERMINAL
        if terminal or has_entities:
            _bump(self.daily, (day, user), (1 if terminal else 0, (prompt + completion) if terminal else 0,
                                            cost if terminal else 0.0, has_entities))
        for entity_type, count in (counts or {}).items():
            _bump(self.entities, (day, department, entity_type), (count,))


@functools.lru_cache(maxsize=4096)
def _berlin_day(utc_hour: str) -> str:
    """Berlin day of a UTC hour ("2025-03-31T22"); offsets change on whole hours, so hours suffice."""
    return datetime.fromisoformat(utc_hour + ":00:00+00:00").astimezone(BERLIN).strftime("%Y-%m-%d")


def _bump(target: dict[tuple[str, ...], list[float]], key: tuple[str, ...], values: tuple[float, ...]) -> None:
    sums = target.get(key)
    if sums is None:
        target[key] = list(values)
    else:
        for i, value in enumerate(values):
            sums[i] += value


def add(conn: Connection, rows: Iterable[Mapping[str, Any]]) -> None:
    """Count freshly appended rows; call in the append transaction."""
    apply(conn, delta_of(rows), 1)


def delta_of(rows: Iterable[Mapping[str, Any]]) -> Delta:
    delta = Delta()
    for row in rows:
        delta.include(row)
    return delta


def table_params(delta: Delta, sign: int = 1) -> dict[sa.Table, list[dict[str, Any]]]:
    """Rows to upsert per rollup table (`delta` × sign); tables with nothing to add are left out."""
    params = {}
    for table, key, sums, values in _layout(delta):
        if values:
            params[table] = [dict(zip(key, k, strict=True)) | {s: v * sign for s, v in zip(sums, vals, strict=True)}
                             for k, vals in values.items()]
    return params


def _layout(delta: Delta) -> tuple[tuple[sa.Table, tuple[str, ...], tuple[str, ...], dict[Any, list[float]]], ...]:
    return ((usage_monthly, _MONTHLY_KEY, _MONTHLY_SUMS, delta.monthly),
            (usage_daily, _DAILY_KEY, _DAILY_SUMS, delta.daily),
            (entities_daily, _ENTITY_KEY, _ENTITY_SUMS, delta.entities))


def apply(conn: Connection, delta: Delta, sign: int) -> None:
    """Upsert `delta` × sign; with a negative sign, rows that no longer count anything are removed."""
    for table, params in table_params(delta, sign).items():
        conn.execute(_upsert(table), params)
    if sign < 0 and delta:
        conn.execute(sa.delete(usage_monthly).where(usage_monthly.c.requests <= 0))
        conn.execute(sa.delete(usage_daily).where(usage_daily.c.requests <= 0, usage_daily.c.entity_events <= 0))
        conn.execute(sa.delete(entities_daily).where(entities_daily.c["count"] <= 0))


def _upsert(table: sa.Table) -> Any:
    """Same text on SQLite and PostgreSQL; built once (the write path runs it on every commit)."""
    stmt = _UPSERTS.get(table.name)
    if stmt is None:
        key = tuple(column.name for column in table.primary_key.columns)
        sums = tuple(column.name for column in table.columns if column.name not in key)
        columns = (*key, *sums)
        quoted = ", ".join(f'"{c}"' for c in columns)
        updates = ", ".join(f'"{c}" = {table.name}."{c}" + excluded."{c}"' for c in sums)
        conflict = ", ".join(f'"{c}"' for c in key)
        values = ", ".join(f":{c}" for c in columns)
        # Names come from our own schema; values are bound parameters.
        sql = f"INSERT INTO {table.name} ({quoted}) VALUES ({values}) ON CONFLICT ({conflict}) DO UPDATE SET {updates}"  # noqa: S608, E501
        stmt = sa.text(sql)
        _UPSERTS[table.name] = stmt
    return stmt


_UPSERTS: dict[str, Any] = {}


def _stream(conn: Connection, where: Any, batch_size: int = 20_000) -> Iterable[Mapping[str, Any]]:
    query = sa.select(*[events.c[name] for name in _READ_COLUMNS]).where(
        events.c.event_type.in_(sorted(ROLLED_UP)), where)
    # Per statement: Connection.execution_options() would change the caller's connection for good.
    result = conn.execute(query, execution_options={"yield_per": batch_size})
    # RowMapping is keyed by column name here; SQLAlchemy types its keys more widely.
    yield from cast("Iterable[Mapping[str, Any]]", result.mappings())


def subtract_through(conn: Connection, seq: int) -> None:
    """Remove the contribution of events with seq ≤ `seq`; call in the purge transaction, before the
    events are deleted."""
    delta = Delta()
    for row in _stream(conn, events.c.seq <= seq):
        delta.include(row)
    apply(conn, delta, -1)


def rebuild(conn: Connection) -> int:
    """Recompute every rollup from the events (after a restore, or to dispel doubt); returns the
    number of events counted. Call inside chain_transaction so no append runs meanwhile."""
    for table in TABLES:
        conn.execute(sa.delete(table))
    delta, counted = Delta(), 0
    for row in _stream(conn, sa.true()):
        delta.include(row)
        counted += 1
    apply(conn, delta, 1)
    return counted
