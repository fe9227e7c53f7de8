"""Reports: sums against an independent computation, small groups merged or suppressed."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from audit import AuditEvent, AuditLog, pseudonymize_user
from audit.reports import OTHER, cost_report, month_range, usage_report
from tests.audit.conftest import write_all

MARCH = datetime(2025, 3, 10, 12, tzinfo=UTC)


def _user(n: int) -> str:
    return pseudonymize_user("k", f"user-{n}")


def _completed(dept: str, model: str, user: int, cost: float, ttft: float | None = None,
               when: datetime = MARCH, **extra: object) -> AuditEvent:
    return AuditEvent.model_validate({
        "event_type": "request.completed", "time": when, "department": dept, "model": model,
        "user": _user(user), "prompt_tokens": 10, "completion_tokens": 5, "cost_eur": cost,
        "ttft_ms": ttft, **extra,
    })


def test_month_range_follows_berlin_time() -> None:
    assert month_range("2025-03") == ("2025-02-28T23:00:00.000000Z", "2025-03-31T22:00:00.000000Z")
    assert month_range("2025-12")[1] == "2025-12-31T23:00:00.000000Z"
    with pytest.raises(ValueError):
        month_range("2025-13")


def test_cost_report_sums_and_budget(audit_log: AuditLog) -> None:
    rng = random.Random(7)
    items = [_completed("fb-a", rng.choice(["m1", "m2"]), rng.randrange(12), rng.uniform(0, 2)) for _ in range(200)]
    outside = [_completed("fb-a", "m1", 1, 100.0, when=MARCH + timedelta(days=30))]
    write_all(audit_log, items + outside)
    report = cost_report(audit_log.engine, "2025-03", {"fb-a": 500.0, "fb-b": 10.0})
    expected: dict[str, float] = {}
    for e in items:
        assert e.model is not None and e.cost_eur is not None
        expected[e.model] = expected.get(e.model, 0.0) + e.cost_eur
    got = {r.model: r for r in report.rows}
    # Both models have enough users here (rng over 12 users, 200 events).
    assert set(got) == {"m1", "m2"}
    for model, total in expected.items():
        assert got[model].cost_eur == pytest.approx(total, abs=1e-6)
    assert sum(r.requests for r in report.rows) == 200
    assert sum(r.prompt_tokens for r in report.rows) == 2000
    budget = {b.department: b for b in report.departments}
    assert budget["fb-a"].used == pytest.approx(sum(expected.values()) / 500.0)
    assert budget["fb-b"].cost_eur == 0.0  # a department without usage still shows its budget


def test_small_groups_are_merged_then_suppressed(audit_log: AuditLog) -> None:
    items = (
        [_completed("fb-a", "big", u, 1.0) for u in range(6)]        # shown on its own
        + [_completed("fb-a", "tiny1", u, 2.0) for u in range(3)]    # 3 users ...
        + [_completed("fb-a", "tiny2", u, 3.0) for u in range(3, 5)]  # ... + 2 → "andere" with 5
        + [_completed("fb-b", "m", u, 4.0) for u in range(2)]        # alone too small, even merged
    )
    write_all(audit_log, items)
    report = cost_report(audit_log.engine, "2025-03", {})
    rows = {(r.department, r.model): r for r in report.rows}
    assert set(rows) == {("fb-a", "big"), ("fb-a", OTHER)}
    assert rows[("fb-a", OTHER)].cost_eur == pytest.approx(3 * 2.0 + 2 * 3.0)
    assert report.suppressed_groups >= 1
    assert "fb-b" not in {b.department for b in report.departments}


def test_usage_report(audit_log: AuditLog) -> None:
    items = [_completed("fb-a", "m1", u % 5, 0.1, ttft=float(u + 1), latency_ms=100.0,
                        entity_counts={"PERSON": 2, "DE_IBAN": 1}) for u in range(100)]
    refusals = [AuditEvent(event_type="request.refused", time=MARCH, department="fb-a", user=_user(u),
                           error_class="quota.eur_per_month") for u in range(5)]
    unauth = [AuditEvent(event_type="request.refused", time=MARCH, error_class="auth.invalid_key")] * 3
    failed = [AuditEvent(event_type="request.failed", time=MARCH, department="fb-a", model="m1", user=_user(0),
                         error_class="TimeoutError")]
    write_all(audit_log, items + refusals + unauth + failed)
    report = usage_report(audit_log.engine, "2025-03")
    (row,) = report.rows
    assert (row.requests, row.failed, row.prompt_tokens) == (101, 1, 1000)
    assert row.ttft_ms == {50: 50.0, 90: 90.0, 95: 95.0, 99: 99.0}
    assert row.mean_latency_ms == pytest.approx(100.0)
    refusals_by = {(r.department, r.reason): r.refusals for r in report.refusals}
    assert refusals_by == {("fb-a", "quota.eur_per_month"): 5, ("(ohne)", "auth.invalid_key"): 3}
    entities = {(e.department, e.entity_type): e.count for e in report.entities}
    assert entities == {("fb-a", "PERSON"): 200, ("fb-a", "DE_IBAN"): 100}
