"""The appenders behind the writer thread: on PostgreSQL one `audit_append` call per commit,
chained against the head the writer saw last; a stale head must write nothing and cost only a retry."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import orjson
import sqlalchemy as sa

from audit import AuditEvent, open_audit_log
from audit.chain import GENESIS
from audit.events import event_to_record
from audit.schema import events
from audit.signing import load_public_key
from audit.store import PgFunctionAppender, TransactionAppender, open_appender
from audit.verify import verify_log
from tests.audit.conftest import SIGNING_KEY, make_settings
from tests.audit.test_rollup import _random_events, _rebuilt, _snapshot

PUBLIC = load_public_key(SIGNING_KEY)


def _records(rng: random.Random, n: int) -> list[dict[str, object]]:
    return [event_to_record(event, datetime.now(UTC)) for event in _random_events(rng, n)]


def test_each_database_gets_its_appender(audit_url: str) -> None:
    log = open_audit_log(make_settings(audit_url))
    try:
        appender = open_appender(log.engine)
        expected = TransactionAppender if audit_url.startswith("sqlite") else PgFunctionAppender
        assert isinstance(appender, expected)
        appender.close()
    finally:
        log.close_sync()


def test_stale_head_writes_nothing_and_returns_the_head(fresh_postgres_url: str) -> None:
    log = open_audit_log(make_settings(fresh_postgres_url))
    log.write_sync(AuditEvent(event_type="request.accepted", department="fb-a"))
    row = {"seq": 1, "time": "2025-01-01T00:00:00.000000Z", "event_type": "request.accepted",
           "prev_hash": GENESIS, "hash": "f" * 64}
    call = sa.text("SELECT * FROM audit_append(0, :genesis, CAST(:rows AS jsonb), '[]', '[]', '[]')")
    try:
        with log.engine.begin() as conn:
            appended, seq, digest = conn.execute(call, {"genesis": GENESIS, "rows": orjson.dumps([row]).decode()}).one()
            count = conn.execute(sa.select(sa.func.count()).select_from(events)).scalar_one()
        assert (appended, seq, count) == (False, 1, 1)
        assert digest != GENESIS and len(digest) == 64
    finally:
        log.close_sync()


def test_interleaved_appenders_keep_one_chain_and_exact_rollups(fresh_postgres_url: str) -> None:
    """Two writers (as two gateway workers) alternate, so each one's cached head is always stale."""
    log = open_audit_log(make_settings(fresh_postgres_url))
    rng, rounds = random.Random(5), 40
    first, second = PgFunctionAppender(log.engine), PgFunctionAppender(log.engine)
    try:
        heads = []
        for i in range(rounds):
            heads.append((first if i % 2 else second).append(_records(rng, rng.randrange(1, 6))))
        assert heads == sorted(heads) and len(set(heads)) == rounds
        result = verify_log(log.engine, PUBLIC)
        assert result.ok, result.problem
        assert result.records == heads[-1]
        incremental = _snapshot(log)
        assert incremental["audit_usage_monthly"]
        assert incremental == _rebuilt(log)
    finally:
        first.close()
        second.close()
        log.close_sync()
