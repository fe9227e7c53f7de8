"""Console page render times with 1,000,000 audit records (SQLite, the default store).

Run: .venv/bin/python bench/console_bench.py [--records N] [--days D] [--runs R] [--keep DIR]

Builds a temporary audit database with N records forming a valid hash chain (appended through
`audit.store.append`, as the gateway writes them), spread over the last D days: every request
leaves "accepted" + "completed"/"failed", 6 % are refused (quota, policy), entity counts on 40 %,
8 departments, 4 models, 400 users. Then logs in to the real console app (in process, full
Starlette + Jinja2 path, no network) and renders each page R times after one warm-up; reports
the median and maximum per page. The chain verification the audit page shows runs once before
the timing (it is a background job, not part of a page) and its duration is reported as well.
Report pages (overview, privacy, costs) read month aggregates from the console's report cache
(`gateway/console/cache.py`); "cold" is the first render with an empty cache, i.e. the cost of
the SQL aggregation itself, which users only meet when nothing was computed ahead.

`--days 365` (default) models a year of operation (≈ 83,000 records in the current month);
`--days 45` puts ≈ 670,000 records into the last 30 days: the worst case for the aggregates.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import orjson
from starlette.testclient import TestClient

from audit import generate_signing_key_pem
from audit.events import format_time
from audit.store import append, chain_transaction
from gateway.console.app import create_console
from gateway.console.config import ConsoleSettings
from gateway.services import build_services
from gateway.settings import Settings

DEPARTMENTS = [f"fb-{name}" for name in ("soziales", "bau", "ordnung", "jugend", "finanzen", "kultur", "umwelt",
                                         "personal")]
MODELS = ["gpt-4o-eu", "gpt-4o-mini-eu", "mistral-large", "embed-small"]
ENTITY_TYPES = ["PERSON", "ADDRESS", "PHONE_NUMBER", "EMAIL_ADDRESS", "IBAN_CODE", "DATE_OF_BIRTH", "DE_TAX_ID"]
REFUSALS = ["quota.eur_per_month", "quota.requests_per_minute", "policy.block", "quota.tokens_per_day"]


def settings_for(directory: Path) -> Settings:
    pem = directory / "signing.pem"
    if not pem.exists():
        pem.write_text(generate_signing_key_pem(), encoding="utf-8")
    return Settings.model_validate({
        "database": {"url": f"sqlite:///{directory}/gateway.db"},
        "secrets": {"key_hmac_secret": "bench-secret-0123456789", "session_secret": "bench-session-0123456789"},
        "models": [{"name": m, "litellm_model": "demo/echo", "free": True} for m in MODELS],
        "departments": [{"id": d, "name": d[3:].capitalize(), "models": MODELS,
                         "limits": {"eur_per_month": 2000.0}} for d in DEPARTMENTS],
        "audit": {"url": f"sqlite:///{directory}/audit.db", "pseudonym_key": "bench-pseudonym",
                  "signing_key": pem.read_text(encoding="utf-8"), "checkpoint_interval_seconds": 3600},
    })


def generate(settings: Settings, records: int, days: int, seed: int = 7) -> float:
    """Append `records` chained records spread over `days` up to now; returns seconds taken."""
    from audit import open_audit_log

    rng = random.Random(seed)
    users = [f"{rng.getrandbits(256):064x}" for _ in range(400)]
    log = open_audit_log(settings.audit)
    now = datetime.now(UTC)
    span = timedelta(days=days).total_seconds()
    started = time.perf_counter()
    batch: list[dict] = []
    written = 0
    moments = sorted(rng.random() * span for _ in range(records // 2 + 1))
    for offset in moments:
        if written >= records:
            break
        when = format_time(now - timedelta(seconds=span - offset))
        dept, model, user = rng.choice(DEPARTMENTS), rng.choice(MODELS), rng.choice(users)
        base = {"time": when, "request_id": f"req-{written}", "user": user, "department": dept, "model": model,
                "provider": "azure", "endpoint": "/v1/chat/completions", "stream": rng.random() < 0.6,
                "key_id": "abcdefgh", "client_name": "openai-python"}
        if rng.random() < 0.06:
            reason = rng.choice(REFUSALS)
            counts = {"IBAN_CODE": 1} if reason == "policy.block" else None
            batch.append({**base, "event_type": "request.refused", "outcome": "refused", "error_class": reason,
                          "entity_counts": counts})
            written += 1
            continue
        prompt, completion = rng.randint(50, 4000), rng.randint(20, 1200)
        counts = ({t: rng.randint(1, 4) for t in rng.sample(ENTITY_TYPES, rng.randint(1, 3))}
                  if rng.random() < 0.4 else None)
        failed = rng.random() < 0.02
        batch.append({**base, "event_type": "request.accepted"})
        batch.append({**base, "event_type": "request.failed" if failed else "request.completed",
                      "outcome": "failed" if failed else "ok", "error_class": "upstream.timeout" if failed else None,
                      "prompt_tokens": prompt, "completion_tokens": completion,
                      "cost_eur": round((prompt * 2.5 + completion * 10) / 1e6, 6),
                      "latency_ms": rng.uniform(300, 9000),
                      "ttft_ms": rng.uniform(150, 900), "entity_counts": counts})
        written += 2
        if len(batch) >= 50_000:
            _append(log, batch)
            batch = []
    if batch:
        _append(log, batch)
    log.write_checkpoint()
    log.close_sync()
    return time.perf_counter() - started


def _append(log, batch: list[dict]) -> None:  # noqa: ANN001 - AuditLog
    from audit.events import EVENT_FIELDS

    with chain_transaction(log.engine) as conn:
        append(conn, [{name: row.get(name) for name in EVENT_FIELDS} for row in batch])


def measure(settings: Settings, runs: int) -> dict:
    services = build_services(settings)
    key = services.keys.create("bench.admin", DEPARTMENTS[0], frozenset({"admin", "dpo", "finance"}))[1]
    for i in range(40):
        services.keys.create(f"user{i}", DEPARTMENTS[i % len(DEPARTMENTS)])
    app = create_console(services, ConsoleSettings())
    console = app.state.console
    results: dict = {}
    with TestClient(app, base_url="http://127.0.0.1") as client:
        form = client.get("/anmelden").text
        token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)  # type: ignore[union-attr]
        assert client.post("/anmelden", data={"csrf_token": token, "api_key": key},
                           follow_redirects=False).status_code == 303
        started = time.perf_counter()
        client.portal.call(_verify, console)  # type: ignore[union-attr]
        results["chain_verify_s"] = round(time.perf_counter() - started, 2)
        results["chain_ok"] = console.chain.last.result.ok
        with services.audit.engine.connect() as conn:
            import sqlalchemy as sa

            head = conn.execute(sa.text("SELECT max(seq) FROM audit_events")).scalar()
        month = datetime.now().strftime("%Y-%m")
        pages = {
            "Übersicht /": "/",
            "Audit, neueste Seite": "/audit",
            "Audit, Seite tief im Log (vor=seq/2)": f"/audit?vor={head // 2}",
            "Audit, Filter Fachbereich+Modell": f"/audit?department={DEPARTMENTS[3]}&model={MODELS[2]}",
            "Audit, Filter Zeitraum 1 Tag": "/audit?date_from={0}&date_to={0}".format(
                (datetime.now() - timedelta(days=20)).strftime("%Y-%m-%d")),
            "Audit, seltener Ereignistyp (leer)": "/audit?event_type=audit.reidentified",
            "Datenschutz": "/datenschutz",
            "Kosten": f"/kosten?monat={month}",
            "Kosten CSV": f"/kosten.csv?monat={month}",
            "Schlüssel": "/schluessel",
        }
        for name, path in pages.items():
            console.reports.clear()
            t0 = time.perf_counter()
            response = client.get(path)
            cold = (time.perf_counter() - t0) * 1000
            assert response.status_code == 200, (path, response.status_code)
            timings = []
            for _ in range(runs):
                t0 = time.perf_counter()
                response = client.get(path)
                timings.append((time.perf_counter() - t0) * 1000)
                assert response.status_code == 200
            results[name] = {"median_ms": round(statistics.median(timings), 1), "max_ms": round(max(timings), 1),
                             "cold_ms": round(cold, 1)}
    services.keys.close()
    services.audit.close_sync()
    return results


async def _verify(console) -> None:  # noqa: ANN001 - gateway.console.app.Console
    console.chain.start()
    await console.chain.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", type=Path, default=None, help="keep the generated databases in this directory")
    parser.add_argument("--reuse", action="store_true", help="measure the databases already in --keep")
    args = parser.parse_args()
    directory = args.keep or Path(tempfile.mkdtemp(prefix="console-bench-"))
    directory.mkdir(parents=True, exist_ok=True)
    settings = settings_for(directory)
    if not (args.reuse and (directory / "audit.db").exists()):
        seconds = generate(settings, args.records, args.days)
        print(f"{args.records:,} records over {args.days} days generated in {seconds:.1f} s ({directory})")
    results = measure(settings, args.runs)
    print(f"chain verification (background job): {results['chain_verify_s']} s, ok={results['chain_ok']}")
    print(f"{'page':40} {'median ms':>10} {'max ms':>8} {'cold ms':>9}  (cold: report cache empty)")
    for name, value in results.items():
        if isinstance(value, dict):
            flag = "" if value["max_ms"] <= 300 else "  > 300 ms"
            print(f"{name:40} {value['median_ms']:>10} {value['max_ms']:>8} {value['cold_ms']:>9}{flag}")
    out = Path(__file__).parent / "out"
    out.mkdir(exist_ok=True)
    (out / f"console_bench_{args.days}d.json").write_bytes(orjson.dumps(
        {"records": args.records, "days": args.days, "runs": args.runs, "results": results},
        option=orjson.OPT_INDENT_2))
    print(json.dumps({"records": args.records, "days": args.days}))


if __name__ == "__main__":
    main()
