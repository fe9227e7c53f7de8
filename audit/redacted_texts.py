"""Opt-in storage of redacted request texts for the pilot evaluation (off by default).

Kept out of the hash chain on purpose: these rows must be deletable on their own, shorter
schedule without touching the tamper-evident record. Only departments listed in
`audit.redacted_text.departments` are stored; everything else is dropped without a trace.
"""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from audit.events import format_time
from audit.log import AuditLog
from audit.schema import redacted_texts

_REQUEST_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$")


def wants_redacted_text(log: AuditLog, department: str) -> bool:
    return department in log.settings.redacted_text.departments


def store_redacted_text_sync(log: AuditLog, request_id: str, department: str, text: str) -> bool:
    """Store the text if the department opted in; returns whether it was stored."""
    if not wants_redacted_text(log, department):
        return False
    if not _REQUEST_ID.match(request_id):
        raise ValueError("invalid request id")
    row = {"time": format_time(datetime.now(UTC)), "request_id": request_id, "department": department,
           "text": text[: log.settings.redacted_text.max_chars]}
    with log.engine.begin() as conn:
        conn.execute(sa.insert(redacted_texts), [row])
    return True


async def store_redacted_text(log: AuditLog, request_id: str, department: str, text: str) -> bool:
    """Async wrapper for the request path; pass only the text the provider received (redacted)."""
    if not wants_redacted_text(log, department):
        return False
    return await asyncio.to_thread(store_redacted_text_sync, log, request_id, department, text)


def purge_redacted_texts(log: AuditLog, now: datetime | None = None) -> int:
    """Delete stored texts older than their retention; returns how many."""
    cutoff = (now or datetime.now(UTC)) - timedelta(days=log.settings.redacted_text.retention_days)
    with log.engine.begin() as conn:
        result = conn.execute(sa.delete(redacted_texts).where(redacted_texts.c.time < format_time(cutoff)))
    return int(result.rowcount or 0)
