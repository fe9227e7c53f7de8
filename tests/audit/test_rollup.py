"""Usage rollup: the incrementally kept sums equal a recomputation from the events, through
appends, purges and the migration backfill; Berlin days/months; reports keep their semantics."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
import yaml
from typer.testing import CliRunner

from audit import AuditEvent, AuditLog, pseudonymize_user
from audit.reports import cost_report, usage_report
from audit.retention import purge
from audit.rollup import TABLES, rebuild
from audit.store import chain_transaction
from gateway.cli_audit import audit_app
from gateway.cli_common import set_config_path
from tests.audit.conftest import PSEUDONYM_KEY, SIGNING_KEY, write_all

START = datetime(2025, 3, 1, tzinfo=UTC)
TYPES = ["request.accepted", "request.completed", "request.completed", "request.failed", "request.refused",
         "key.created"]


def _random_events(rng: random.Random, n: int, start: datetime = START, days: int = 60) -> list[AuditEvent]:
    out = []
    for _ in range(n):
        event_type = rng.choice(TYPES)
        terminal = event_type in ("request.completed", "request.failed")
        out.append(AuditEvent.model_validate({
            "event_type": event_type,
            "time": start + timedelta(seconds=rng.randrange(days * 86400)),
            "department": rng.choice(["fb-a", "fb-b", None]),
            "model": rng.choice(["m1", "m2", None]) if event_type != "request.refused" else None,
            "user": rng.choice([pseudonymize_user("k", f"u{rng.randrange(9)}"), None]),
            "error_class": rng.choice(["TimeoutError", "quota.eur_per_month", None]),
            "prompt_tokens": rng.randrange(500) if terminal else None,
            "completion_tokens": rng.randrange(500) if terminal else None,
            "cost_eur": rng.choice([rng.uniform(0, 1), None]) if terminal else None,
            "latency_ms": rng.choice([rng.uniform(1, 900), None]) if terminal else None,
            "entity_counts": rng.choice([None, {}, {"PERSON": rng.randrange(1, 4)},
                                         {"PERSON": 1, "DE_IBAN": rng.randrange(1, 3)}]),
        }))
    return sorted(out, key=lambda e: e.time or start)  # purges cut whole prefixes: keep time order


def _snapshot(log: AuditLog) -> dict[str, list[tuple[Any, ...]]]:
    """Every rollup row, sorted, floats rounded (sums in a different order differ in the last bits)."""
    out = {}
    with log.engine.connect() as conn:
        for table in TABLES:
            rows = conn.execute(sa.select(table)).all()
            out[table.name] = sorted(tuple(round(v, 6) if isinstance(v, float) else v for v in r) for r in rows)
    return out


def _rebuilt(log: AuditLog) -> dict[str, list[tuple[Any, ...]]]:
    with chain_transaction(log.engine) as conn:
        rebuild(conn)
    return _snapshot(log)


def test_incremental_rollup_equals_rebuild_through_appends_and_purge(audit_log: AuditLog) -> None:
    rng = random.Random(11)
    write_all(audit_log, _random_events(rng, 300, days=30))
    for i in range(5):  # several group commits, each upserting into existing rows
        write_all(audit_log, _random_events(rng, 40, start=START + timedelta(days=30 + 6 * i), days=6))
    incremental = _snapshot(audit_log)
    assert incremental["audit_usage_monthly"] and incremental["audit_entities_daily"]
    assert incremental == _rebuilt(audit_log)

    # The purge (a prefix by seq) takes the purged events out of the rollups in its transaction.
    purge(audit_log, timedelta(days=20), now=START + timedelta(days=50))
    after_purge = _snapshot(audit_log)
    assert after_purge != incremental
    assert after_purge == _rebuilt(audit_log)


def test_purge_of_everything_leaves_empty_rollups(audit_log: AuditLog) -> None:
    write_all(audit_log, _random_events(random.Random(3), 50))
    purge(audit_log, timedelta(days=1), now=START + timedelta(days=400))
    assert _snapshot(audit_log) == {table.name: [] for table in TABLES}


def test_months_and_days_follow_berlin_time(audit_log: AuditLog) -> None:
    user = pseudonymize_user("k", "u")
    # 22:30 UTC on 31 March is 00:30 on 1 April in Berlin (summer time since 30 March).
    late = datetime(2025, 3, 31, 22, 30, tzinfo=UTC)
    early = datetime(2025, 3, 31, 21, 30, tzinfo=UTC)
    write_all(audit_log, [
        AuditEvent(event_type="request.completed", time=late, department="fb-a", model="m", user=user, cost_eur=2.0),
        AuditEvent(event_type="request.completed", time=early, department="fb-a", model="m", user=user,
                   cost_eur=1.0),
    ])
    assert [r.cost_eur for r in cost_report(audit_log.engine, "2025-04", {}, min_users=1).rows] == [2.0]
    assert [r.cost_eur for r in cost_report(audit_log.engine, "2025-03", {}, min_users=1).rows] == [1.0]
    with audit_log.engine.connect() as conn:
        days = sorted(conn.execute(sa.text("SELECT day FROM audit_usage_daily")).scalars())
    assert days == ["2025-03-31", "2025-04-01"]


def test_reports_are_unchanged_by_a_rebuild_and_ignore_tampered_rollup_after_rebuild(audit_log: AuditLog) -> None:
    write_all(audit_log, _random_events(random.Random(5), 400))
    before = (cost_report(audit_log.engine, "2025-03", {"fb-a": 10.0}, min_users=3),
              usage_report(audit_log.engine, "2025-03", min_users=3))
    assert before[0].rows and before[1].rows
    with audit_log.engine.begin() as conn:  # a falsified sum ...
        conn.execute(sa.text("UPDATE audit_usage_monthly SET cost_eur = cost_eur + 1000"))
    assert cost_report(audit_log.engine, "2025-03", {}, min_users=3).rows != before[0].rows
    with chain_transaction(audit_log.engine) as conn:  # ... is undone by recomputing from the events
        rebuild(conn)
    assert cost_report(audit_log.engine, "2025-03", {"fb-a": 10.0}, min_users=3) == before[0]
    assert usage_report(audit_log.engine, "2025-03", min_users=3) == before[1]


def test_usage_report_without_percentiles_has_the_same_sums(audit_log: AuditLog) -> None:
    write_all(audit_log, _random_events(random.Random(9), 300))
    full = usage_report(audit_log.engine, "2025-03", min_users=2)
    fast = usage_report(audit_log.engine, "2025-03", min_users=2, percentiles=False)
    sums = [(r.department, r.model, r.requests, r.failed, r.prompt_tokens, r.mean_latency_ms) for r in full.rows]
    assert sums == [(r.department, r.model, r.requests, r.failed, r.prompt_tokens, r.mean_latency_ms)
                    for r in fast.rows]
    assert full.refusals == fast.refusals and full.entities == fast.entities
    assert all(v is None for r in fast.rows for v in r.ttft_ms.values())


@pytest.mark.parametrize("audit_url", ["sqlite"], indirect=True)
def test_migration_backfills_existing_events(audit_log: AuditLog, audit_url: str) -> None:
    """A store written before the rollup existed gets it filled by the migration."""
    from audit.store import migrate

    write_all(audit_log, _random_events(random.Random(13), 200))
    expected = _snapshot(audit_log)
    with audit_log.engine.begin() as conn:
        for table in TABLES:
            conn.execute(sa.text(f"DROP TABLE {table.name}"))
        conn.execute(sa.text("UPDATE audit_alembic_version SET version_num = '0002'"))
    migrate(audit_log.engine)
    assert _snapshot(audit_log) == expected


@pytest.mark.parametrize("audit_url", ["sqlite"], indirect=True)
def test_cli_rebuild_rollup(audit_log: AuditLog, audit_url: str, tmp_path: Path) -> None:
    write_all(audit_log, _random_events(random.Random(17), 100))
    expected = _snapshot(audit_log)
    with audit_log.engine.begin() as conn:
        conn.execute(sa.text("DELETE FROM audit_usage_daily"))
    (tmp_path / "signing.pem").write_text(SIGNING_KEY)
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump({
        "secrets": {"key_hmac_secret": "x" * 32},
        "models": [{"name": "demo", "litellm_model": "demo/echo", "free": True}],
        "departments": [{"id": "fb-a", "name": "A", "models": ["demo"]}],
        "audit": {"url": audit_url, "pseudonym_key": PSEUDONYM_KEY, "signing_key": f"file:{tmp_path}/signing.pem"},
    }))
    set_config_path(str(path))
    try:
        result = CliRunner().invoke(audit_app, ["rebuild-rollup"])
    finally:
        set_config_path(None)
    assert result.exit_code == 0, result.output
    assert "neu berechnet" in result.output
    assert _snapshot(audit_log) == expected
