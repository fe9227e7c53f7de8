"""Writing: commit before return, group commit, unavailability, checkpoints, retention."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from audit import AuditEvent, AuditLog, AuditUnavailable, open_audit_log
from audit.checkpoints import load_checkpoints
from audit.retention import parse_age, purge, purge_expired
from audit.schema import checkpoints, events
from audit.signing import load_public_key
from audit.verify import verify_log
from tests.audit.conftest import SIGNING_KEY, make_settings, write_all

PUBLIC = load_public_key(SIGNING_KEY)


def _count(url: str) -> int:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(sa.select(sa.func.count()).select_from(events)).scalar_one())
    finally:
        engine.dispose()


async def test_write_is_visible_to_another_connection_on_return(audit_log: AuditLog, audit_url: str) -> None:
    await audit_log.write(AuditEvent(event_type="request.accepted", department="fb-a", stream=True))
    assert _count(audit_url) == 1


async def test_concurrent_writes_form_one_chain(audit_log: AuditLog) -> None:
    await asyncio.gather(*[
        audit_log.write(AuditEvent(event_type="request.completed", prompt_tokens=i)) for i in range(300)
    ])
    result = verify_log(audit_log.engine, PUBLIC)
    assert result.ok, result.problem
    assert result.records == 300
    with audit_log.engine.connect() as conn:
        tokens = sorted(conn.execute(sa.select(events.c.prompt_tokens)).scalars())
    assert tokens == list(range(300))


async def test_write_time_defaults_to_now_in_utc(audit_log: AuditLog) -> None:
    before = datetime.now(UTC)
    await audit_log.write(AuditEvent(event_type="config.loaded"))
    with audit_log.engine.connect() as conn:
        stored = conn.execute(sa.select(events.c.time)).scalar_one()
    parsed = datetime.strptime(stored, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
    assert before - timedelta(seconds=1) <= parsed <= datetime.now(UTC)


async def test_closing_record_shares_the_next_urgent_commit(sqlite_url: str) -> None:
    log = open_audit_log(make_settings(sqlite_url, linger_ms=1000))
    commits: list[int] = []
    sa.event.listen(log.engine, "commit", lambda conn: commits.append(1))
    try:
        closing = asyncio.ensure_future(log.write(AuditEvent(event_type="request.completed"), urgent=False))
        await asyncio.sleep(0.1)
        assert _count(sqlite_url) == 0 and not closing.done()  # lingering for company
        await log.write(AuditEvent(event_type="request.accepted"))
        await asyncio.wait_for(closing, 0.5)  # committed with the urgent event, well before the 1 s linger
        assert _count(sqlite_url) == 2
        assert len(commits) == 1
        result = verify_log(log.engine, PUBLIC)
        assert result.ok, result.problem
    finally:
        await log.close()


async def test_lone_closing_record_commits_after_the_linger(sqlite_url: str) -> None:
    log = open_audit_log(make_settings(sqlite_url, linger_ms=30))
    try:
        await asyncio.wait_for(log.write(AuditEvent(event_type="request.completed"), urgent=False), 2.0)
        assert _count(sqlite_url) == 1
    finally:
        await log.close()


async def test_close_flushes_a_lingering_closing_record(sqlite_url: str) -> None:
    log = open_audit_log(make_settings(sqlite_url, linger_ms=1000))
    closing = asyncio.ensure_future(log.write(AuditEvent(event_type="request.completed"), urgent=False))
    await asyncio.sleep(0.05)
    await log.close()
    await asyncio.wait_for(closing, 1.0)
    assert _count(sqlite_url) == 1


async def test_locked_store_gives_audit_unavailable(sqlite_url: str) -> None:
    log = open_audit_log(make_settings(sqlite_url, write_timeout_seconds=0.3))
    blocker = sqlite3.connect(sqlite_url.removeprefix("sqlite:///"), isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(AuditUnavailable):
            await log.write(AuditEvent(event_type="request.accepted"))
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    await log.write(AuditEvent(event_type="request.accepted"))  # recovers once the lock is gone
    assert verify_log(log.engine, PUBLIC).ok
    await log.close()


def test_unreachable_postgres_is_audit_unavailable() -> None:
    with pytest.raises(AuditUnavailable):
        open_audit_log(make_settings("postgresql+psycopg://postgres@127.0.0.1:1/nothing"))


async def test_closed_log_refuses_and_ping_fails(sqlite_url: str) -> None:
    log = open_audit_log(make_settings(sqlite_url))
    await log.ping()
    await log.close()
    with pytest.raises(AuditUnavailable):
        await log.write(AuditEvent(event_type="request.accepted"))
    with pytest.raises(AuditUnavailable):
        await log.ping()


async def test_ping_fails_when_schema_is_gone(sqlite_url: str) -> None:
    log = open_audit_log(make_settings(sqlite_url))
    with log.engine.begin() as conn:
        conn.execute(sa.text("DROP TABLE audit_events"))
    with pytest.raises(AuditUnavailable):
        await log.ping()
    log.close_sync()


async def test_checkpoints_are_written_when_idle_and_on_close(sqlite_url: str) -> None:
    log = open_audit_log(make_settings(sqlite_url, checkpoint_interval_seconds=1))
    log.start_checkpoints()
    await asyncio.sleep(1.3)
    await log.close()
    engine = sa.create_engine(sqlite_url)
    with engine.connect() as conn:
        stored = load_checkpoints(conn)
    engine.dispose()
    assert len(stored) >= 3  # at start, after one interval, at close — with nothing written
    assert all(cp.seq == 0 and cp.is_signed_by(PUBLIC) for cp in stored)


def test_rewritten_history_is_caught_by_checkpoint(audit_log: AuditLog) -> None:
    """Attacker changes a record and recomputes every later hash: only a checkpoint can tell."""
    from audit.chain import record_hash
    from audit.events import EVENT_FIELDS
    from audit.store import hashed_fields

    write_all(audit_log, [AuditEvent(event_type="request.completed", cost_eur=float(i)) for i in range(6)])
    audit_log.write_checkpoint()
    with audit_log.engine.begin() as conn:
        rows = [dict(r._mapping) for r in conn.execute(sa.select(events).order_by(events.c.seq))]
        rows[2]["cost_eur"] = 0.0
        prev = rows[1]["hash"]
        for row in rows[2:]:
            row["prev_hash"] = prev
            row["hash"] = record_hash(hashed_fields({k: row[k] for k in EVENT_FIELDS}), row["seq"], prev)
            prev = row["hash"]
            conn.execute(sa.update(events).where(events.c.seq == row["seq"]).values(row))
    result = verify_log(audit_log.engine, PUBLIC)
    assert not result.ok
    assert result.bad_seq == 6  # the checkpoint's seq: first record whose hash is provably wrong


def test_forged_checkpoint_signature_is_rejected(audit_log: AuditLog) -> None:
    write_all(audit_log, [AuditEvent(event_type="request.accepted")])
    audit_log.write_checkpoint()
    with audit_log.engine.begin() as conn:
        conn.execute(sa.update(checkpoints).values(seq=5))
    result = verify_log(audit_log.engine, PUBLIC)
    assert not result.ok and "Signatur" in (result.problem or "")


def test_purge_keeps_chain_verifiable_and_is_logged(audit_log: AuditLog) -> None:
    now = datetime.now(UTC)
    old = [AuditEvent(event_type="request.completed", time=now - timedelta(days=100 - i)) for i in range(5)]
    young = [AuditEvent(event_type="request.completed", time=now - timedelta(days=1)) for _ in range(3)]
    write_all(audit_log, old)
    write_all(audit_log, young)
    result = purge(audit_log, parse_age("90d"), now=now)
    assert result.deleted == 5 and result.seq_through == 5
    verified = verify_log(audit_log.engine, PUBLIC)
    assert verified.ok, verified.problem
    assert verified.first_seq == 6 and verified.records == 4
    with audit_log.engine.connect() as conn:
        purged = conn.execute(sa.select(events).where(events.c.event_type == "retention.purged")).one()
    assert purged.record_count == 5 and purged.seq_through == 5
    # Deleting one more old record afterwards is not covered by the anchor.
    with audit_log.engine.begin() as conn:
        conn.execute(sa.delete(events).where(events.c.seq == 6))
    tampered = verify_log(audit_log.engine, PUBLIC)
    assert not tampered.ok and tampered.bad_seq == 6


def test_purge_of_everything_and_nothing(audit_log: AuditLog) -> None:
    now = datetime.now(UTC)
    write_all(audit_log, [AuditEvent(event_type="request.completed", time=now - timedelta(days=200))] * 3)
    assert purge(audit_log, timedelta(days=365), now=now).deleted == 0
    assert purge(audit_log, timedelta(days=90), now=now).deleted == 3
    assert verify_log(audit_log.engine, PUBLIC).ok


def test_automatic_purge_follows_settings(sqlite_url: str) -> None:
    log = open_audit_log(make_settings(sqlite_url))
    assert purge_expired(log) is None
    log.close_sync()
    log = open_audit_log(make_settings(sqlite_url, retention_days=30))
    write_all(log, [AuditEvent(event_type="request.completed", time=datetime.now(UTC) - timedelta(days=31))])
    result = purge_expired(log)
    assert result is not None and result.deleted == 1
    log.close_sync()


@pytest.mark.parametrize("text", ["90", "d", "0d", "-3d", "5w"])
def test_parse_age_rejects_garbage(text: str) -> None:
    with pytest.raises(ValueError):
        parse_age(text)


async def test_background_task_runs_the_retention_schedule(sqlite_url: str) -> None:
    log = open_audit_log(make_settings(sqlite_url, retention_days=30, checkpoint_interval_seconds=60))
    write_all(log, [AuditEvent(event_type="request.completed", time=datetime.now(UTC) - timedelta(days=40))] * 2)
    log.start_checkpoints()
    for _ in range(50):
        await asyncio.sleep(0.05)
        with log.engine.connect() as conn:
            types = list(conn.execute(sa.select(events.c.event_type)).scalars())
        if types == ["retention.purged"]:
            break
    assert types == ["retention.purged"]
    await log.close()
    assert verify_log(log.engine, PUBLIC).ok
