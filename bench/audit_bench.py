"""Audit log benchmarks: write cost per event, verify over many records, report generation.

Run: .venv/bin/python bench/audit_bench.py [--part write|verify|reports|all] [--runs R]
     [--verify-records N] [--report-requests N] [--pg-admin-url URL] [--no-pg]

- write: median time from `await log.write()` to its return (= committed), SQLite (WAL,
  synchronous=FULL) and PostgreSQL, with 1 and 50 concurrent writers; median over R runs.
- verify: `verify_log` over N records (default 1,000,000) on SQLite (and PostgreSQL with --verify-pg).
- reports: cost_report and usage_report over a month with N requests (default 100,000: one accepted and
  one completed/failed/refused event each, 30 departments, 4 models, 400 users).
Every run uses a fresh temporary SQLite file / PostgreSQL database that is removed afterwards.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

from audit import AuditEvent, AuditSettings, generate_signing_key_pem, open_audit_log, pseudonymize_user
from audit.events import event_to_record
from audit.reports import cost_report, usage_report
from audit.signing import load_public_key
from audit.store import append, chain_transaction, create_audit_engine, migrate
from audit.verify import verify_log

KEY = generate_signing_key_pem()
DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


@contextmanager
def sqlite_url() -> Iterator[str]:
    with tempfile.TemporaryDirectory() as tmp:
        yield f"sqlite:///{Path(tmp) / 'audit.db'}"


@contextmanager
def pg_url(admin_url: str) -> Iterator[str]:
    name = f"auditbench_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin_url.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def settings(url: str, sqlite_synchronous: str = "full") -> AuditSettings:
    return AuditSettings(url=url, pseudonym_key="bench", signing_key=KEY,
                         sqlite_synchronous=sqlite_synchronous)  # type: ignore[arg-type]


def sample_event(rng: random.Random, when: datetime, event_type: str = "request.completed") -> AuditEvent:
    return AuditEvent(
        event_type=event_type, time=when, request_id=f"req-{rng.getrandbits(64):016x}",  # type: ignore[arg-type]
        user=pseudonymize_user("bench", f"user-{rng.randrange(400)}"),
        department=f"fb-{rng.randrange(30):02d}", model=rng.choice(["gpt-4o", "gpt-4o-mini", "mistral-large", "demo"]),
        provider="azure", endpoint="/v1/chat/completions", stream=rng.random() < 0.7,
        outcome="ok" if event_type == "request.completed" else None,
        error_class="quota.eur_per_month" if event_type == "request.refused" else None,
        prompt_tokens=rng.randrange(50, 4000), completion_tokens=rng.randrange(10, 1500),
        cost_eur=round(rng.uniform(0.0001, 0.05), 6), latency_ms=rng.uniform(200, 8000),
        ttft_ms=rng.uniform(80, 1500), entity_counts={"PERSON": rng.randrange(3), "DE_IBAN": rng.randrange(2)},
        policy_decision="pseudonymize", policy_hash="ab" * 16, client_name="openai-python/1.54",
        key_id="gw_1a2b3c4d",
    )


# --- write ---------------------------------------------------------------------------------


async def _write_run(url: str, concurrency: int, per_writer: int, sync: str) -> tuple[float, float]:
    log = open_audit_log(settings(url, sync))
    rng = random.Random(1)
    events = [sample_event(rng, datetime.now(UTC)) for _ in range(concurrency * per_writer)]
    latencies: list[float] = []

    async def writer(offset: int) -> None:
        for i in range(per_writer):
            start = time.perf_counter()
            await log.write(events[offset * per_writer + i])
            latencies.append(time.perf_counter() - start)

    await writer(0)  # warm-up (connections, page cache)
    latencies.clear()
    began = time.perf_counter()
    await asyncio.gather(*[writer(w) for w in range(concurrency)])
    elapsed = time.perf_counter() - began
    await log.close()
    return statistics.median(latencies) * 1000, concurrency * per_writer / elapsed


def bench_write(runs: int, pg_admin: str | None) -> None:
    backends = [("SQLite FULL", sqlite_url, "full"), ("SQLite NORMAL", sqlite_url, "normal")]
    if pg_admin:
        backends.append(("PostgreSQL", lambda: pg_url(pg_admin), "full"))  # type: ignore[arg-type]
    for name, make, sync in backends:
        for concurrency, per_writer in ((1, 2000), (50, 100)):
            medians, rates = [], []
            for _ in range(runs):
                with make() as url:
                    median, rate = asyncio.run(_write_run(url, concurrency, per_writer, sync))
                medians.append(median)
                rates.append(rate)
            print(f"write {name:13s} concurrency {concurrency:2d}: median {statistics.median(medians):.3f} ms "
                  f"per event (runs: {', '.join(f'{m:.3f}' for m in medians)}), "
                  f"throughput {statistics.median(rates):,.0f} events/s")


# --- bulk data -------------------------------------------------------------------------------


def fill(url: str, count: int, start: datetime, span: timedelta, kinds: list[str] | None = None) -> None:
    """Chained records written in large transactions (the same append the writer uses)."""
    engine = create_audit_engine(url)
    migrate(engine)
    rng = random.Random(2)
    step = span / max(count, 1)
    kinds = kinds or ["request.completed"]
    done = 0
    while done < count:
        batch = []
        for i in range(done, min(done + 20_000, count)):
            when = start + step * i
            batch.append(event_to_record(sample_event(rng, when, kinds[i % len(kinds)]), when))
        with chain_transaction(engine) as conn:
            append(conn, batch)
        done += len(batch)
    engine.dispose()


def bench_verify(records: int, runs: int, pg_admin: str | None) -> None:
    backends = [("SQLite", sqlite_url)]
    if pg_admin:
        backends.append(("PostgreSQL", lambda: pg_url(pg_admin)))  # type: ignore[arg-type]
    for name, make in backends:
        with make() as url:
            began = time.perf_counter()
            fill(url, records, datetime(2025, 1, 1, tzinfo=UTC), timedelta(days=90))
            print(f"verify {name}: filled {records:,} records in {time.perf_counter() - began:.1f} s")
            engine = create_audit_engine(url)
            times = []
            for _ in range(runs):
                began = time.perf_counter()
                result = verify_log(engine, load_public_key(KEY))
                times.append(time.perf_counter() - began)
                assert result.ok and result.records == records, result.problem
            engine.dispose()
            print(f"verify {name:10s} {records:,} records: median {statistics.median(times):.1f} s "
                  f"(runs: {', '.join(f'{t:.1f}' for t in times)}) = "
                  f"{statistics.median(times) / records * 1e6:.1f} µs/record")


def bench_reports(requests: int, runs: int, pg_admin: str | None) -> None:
    backends = [("SQLite", sqlite_url)]
    if pg_admin:
        backends.append(("PostgreSQL", lambda: pg_url(pg_admin)))  # type: ignore[arg-type]
    kinds = ["request.accepted", "request.completed"] * 18 + ["request.accepted", "request.failed",
                                                               "request.refused", "request.refused"]
    for name, make in backends:
        with make() as url:
            # Two events per request, all within March (Europe/Berlin), plus 10 % in the neighbouring months.
            fill(url, requests // 10, datetime(2025, 2, 20, tzinfo=UTC), timedelta(days=8), kinds)
            fill(url, 2 * requests, datetime(2025, 3, 1, tzinfo=UTC), timedelta(days=30), kinds)
            fill(url, requests // 10, datetime(2025, 4, 2, tzinfo=UTC), timedelta(days=8), kinds)
            engine = create_audit_engine(url)
            budgets: dict[str, float | None] = {f"fb-{i:02d}": 1000.0 for i in range(30)}
            for label in ("costs", "usage"):
                times = []
                for _ in range(runs):
                    began = time.perf_counter()
                    if label == "costs":
                        cost_report(engine, "2025-03", budgets)
                    else:
                        usage_report(engine, "2025-03")
                    times.append(time.perf_counter() - began)
                print(f"report {label} {name:10s} month with {requests:,} requests: median "
                      f"{statistics.median(times):.2f} s (runs: {', '.join(f'{t:.2f}' for t in times)})")
            engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--part", choices=["write", "verify", "reports", "all"], default="all")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--verify-records", type=int, default=1_000_000)
    parser.add_argument("--verify-pg", action="store_true", help="also verify on PostgreSQL (slow to fill)")
    parser.add_argument("--report-requests", type=int, default=100_000)
    parser.add_argument("--pg-admin-url", default=DEFAULT_PG)
    parser.add_argument("--no-pg", action="store_true")
    args = parser.parse_args()
    pg = None if args.no_pg else args.pg_admin_url
    if args.part in ("write", "all"):
        bench_write(args.runs, pg)
    if args.part in ("verify", "all"):
        bench_verify(args.verify_records, args.runs, pg if args.verify_pg else None)
    if args.part in ("reports", "all"):
        bench_reports(args.report_requests, args.runs, pg)


if __name__ == "__main__":
    main()
