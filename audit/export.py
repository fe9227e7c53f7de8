"""Exports of the raw (pseudonymous) records for the DPO: CSV or JSONL, streamed.

Each line carries seq, prev_hash and hash, so an export can later be checked against the chain.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import datetime
from typing import Any, BinaryIO, Literal

import orjson
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from audit.events import EVENT_FIELDS, format_time
from audit.schema import events

ExportFormat = Literal["csv", "jsonl"]
COLUMNS: tuple[str, ...] = ("seq", *EVENT_FIELDS, "prev_hash", "hash")


def _rows(conn: Connection, start: datetime | None, end: datetime | None) -> Iterator[sa.Row[tuple[object, ...]]]:
    query = sa.select(*[events.c[c] for c in COLUMNS]).order_by(events.c.seq)
    if start is not None:
        query = query.where(events.c.time >= format_time(start))
    if end is not None:
        query = query.where(events.c.time < format_time(end))
    yield from conn.execution_options(stream_results=True, yield_per=10_000).execute(query)


def export_events(conn: Connection, out: BinaryIO, fmt: ExportFormat,
                  start: datetime | None = None, end: datetime | None = None) -> int:
    """Write records with start <= time < end; returns how many."""
    count = 0
    if fmt == "jsonl":
        for row in _rows(conn, start, end):
            record: dict[str, Any] = {k: v for k, v in zip(COLUMNS, row, strict=True) if v is not None}
            if "entity_counts" in record:
                record["entity_counts"] = orjson.loads(str(record["entity_counts"]))
            out.write(orjson.dumps(record, option=orjson.OPT_SORT_KEYS) + b"\n")
            count += 1
        return count
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    writer = csv.writer(text)
    writer.writerow(COLUMNS)
    for row in _rows(conn, start, end):
        writer.writerow(["" if v is None else v for v in row])
        count += 1
    text.flush()
    text.detach()
    return count
