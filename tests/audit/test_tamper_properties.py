"""Property tests: random logs, one random tampering each; verify must name the first bad record.

Runs against SQLite and a real PostgreSQL. The log is reset between examples, so one database
per test serves all hypothesis examples.
"""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audit import AuditEvent, AuditLog
from audit.chain import record_hash
from audit.events import EVENT_FIELDS
from audit.schema import events
from audit.signing import load_public_key
from audit.store import hashed_fields
from audit.verify import verify_log
from tests.audit.conftest import SIGNING_KEY, reset, write_all
from tests.audit.strategies import audit_events

PUBLIC = load_public_key(SIGNING_KEY)
PROPS = settings(max_examples=15, deadline=None,
                 suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
logs = st.lists(audit_events(), min_size=2, max_size=12)


def _build(log: AuditLog, items: list[Any]) -> None:
    reset(log)
    write_all(log, items)
    log.write_checkpoint()  # covers the tail, as the periodic checkpoint does in production


def _rows(log: AuditLog) -> list[dict[str, Any]]:
    with log.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(sa.select(events).order_by(events.c.seq))]


def _mutated(value: Any, column: str, draw: st.DataObject) -> Any:
    if value is None:
        column_type = events.c[column].type
        if isinstance(column_type, sa.Float):
            return 0.5
        if isinstance(column_type, sa.Integer):
            return 1
        return {"entity_counts": '{"PERSON":1}', "user": "a" * 64}.get(column, "x")
    if isinstance(value, bool) or column == "stream":
        return 1 - int(value)
    if isinstance(value, int):
        return value + draw.draw(st.sampled_from([-1, 1, 1000]))
    if isinstance(value, float):
        return value + draw.draw(st.sampled_from([0.01, 1.0, -0.5])) if value >= 0.5 else value + 1.0
    text = str(value)
    i = draw.draw(st.integers(0, len(text) - 1))
    replacement = draw.draw(st.sampled_from("0123456789abcdefXYZ ").filter(lambda c: c != text[i]))
    return text[:i] + replacement + text[i + 1:]


@PROPS
@given(items=logs)
def test_untouched_log_verifies(audit_log: AuditLog, items: list[Any]) -> None:
    _build(audit_log, items)
    result = verify_log(audit_log.engine, PUBLIC)
    assert result.ok, result.problem
    assert result.records == len(items)


@PROPS
@given(items=logs, data=st.data())
def test_any_changed_value_is_detected(audit_log: AuditLog, items: list[Any], data: st.DataObject) -> None:
    _build(audit_log, items)
    rows = _rows(audit_log)
    target = data.draw(st.sampled_from(rows))
    column = data.draw(st.sampled_from([*[c for c in EVENT_FIELDS if c != "time"], "time", "prev_hash", "hash"]))
    new = _mutated(target[column], column, data)
    with audit_log.engine.begin() as conn:
        conn.execute(sa.update(events).where(events.c.seq == target["seq"]).values({column: new}))
    result = verify_log(audit_log.engine, PUBLIC)
    assert not result.ok
    assert result.bad_seq == target["seq"], result.problem


@PROPS
@given(items=logs, data=st.data())
def test_deleted_record_is_detected(audit_log: AuditLog, items: list[Any], data: st.DataObject) -> None:
    _build(audit_log, items)
    seq = data.draw(st.integers(1, len(items)))
    with audit_log.engine.begin() as conn:
        conn.execute(sa.delete(events).where(events.c.seq == seq))
    result = verify_log(audit_log.engine, PUBLIC)
    assert not result.ok
    assert result.bad_seq == seq, result.problem


@PROPS
@given(items=logs, data=st.data())
def test_inserted_record_is_detected(audit_log: AuditLog, items: list[Any], data: st.DataObject) -> None:
    """The strongest insertion: the forged record itself is correctly chained, later rows renumbered."""
    _build(audit_log, items)
    rows = _rows(audit_log)
    at = data.draw(st.integers(1, len(rows)))
    donor = dict(data.draw(st.sampled_from(rows)))
    prev = rows[at - 2]["hash"] if at > 1 else rows[0]["prev_hash"]
    fields = {k: donor[k] for k in EVENT_FIELDS}
    donor.update(seq=at, prev_hash=prev, hash=record_hash(hashed_fields(fields), at, prev))
    with audit_log.engine.begin() as conn:
        for row in reversed(rows[at - 1:]):
            conn.execute(sa.update(events).where(events.c.seq == row["seq"]).values(seq=row["seq"] + 1))
        conn.execute(sa.insert(events), [donor])
    result = verify_log(audit_log.engine, PUBLIC)
    assert not result.ok
    assert result.bad_seq in (at, at + 1), result.problem


@PROPS
@given(items=logs, data=st.data())
def test_reordered_records_are_detected(audit_log: AuditLog, items: list[Any], data: st.DataObject) -> None:
    _build(audit_log, items)
    rows = _rows(audit_log)
    i = data.draw(st.integers(0, len(rows) - 2))
    j = data.draw(st.integers(i + 1, len(rows) - 1))
    a, b = rows[i], rows[j]
    with audit_log.engine.begin() as conn:
        payload = [c for c in a if c != "seq"]
        conn.execute(sa.update(events).where(events.c.seq == a["seq"]).values({c: b[c] for c in payload}))
        conn.execute(sa.update(events).where(events.c.seq == b["seq"]).values({c: a[c] for c in payload}))
    result = verify_log(audit_log.engine, PUBLIC)
    assert not result.ok
    assert result.bad_seq == a["seq"], result.problem


@pytest.mark.parametrize("keep", [0, 1])
def test_truncated_tail_is_detected_by_checkpoint(audit_log: AuditLog, keep: int) -> None:
    items = [AuditEvent(event_type="request.completed", prompt_tokens=i) for i in range(5)]
    _build(audit_log, items)
    with audit_log.engine.begin() as conn:
        conn.execute(sa.delete(events).where(events.c.seq > keep))
    result = verify_log(audit_log.engine, PUBLIC)
    assert not result.ok
    assert result.bad_seq == keep + 1
