"""Faults around a real gateway process (issue 8): SIGTERM during streams, provider failures
while streaming, and the audit database (PostgreSQL) going away under load and coming back.

After every fault the same three things must hold: each accepted request has exactly one
closing audit record, no reservation is left held, and the hash chain verifies.
"""

from __future__ import annotations

import asyncio
import collections
import json
import signal
import subprocess
import sys
import threading
import time

import httpx
import pytest

from tests.e2e.client import chat, post_many, usage
from tests.e2e.conftest import audit_rows, audit_url_of, e2e_config
from tests.harness import ROOT, PostgresServer

pytestmark = pytest.mark.slow

LONG_TEXT = "Bitte fassen Sie den Bescheid über die Erstattung der Kita-Beiträge für das Jahr zusammen."


def _cli(config, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "gateway.cli", "--config", str(config), *args],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)


def _assert_one_closing_record_each(rows: list[dict]) -> dict[str, list[str]]:
    by_request: dict[str, list[str]] = collections.defaultdict(list)
    for row in rows:
        if row["request_id"] and row["event_type"].startswith("request."):
            by_request[row["request_id"]].append(row["event_type"])
    for request_id, types in by_request.items():
        counts = collections.Counter(types)
        assert max(counts.values()) == 1, (request_id, types)  # nothing duplicated
        if "request.accepted" in counts:
            assert counts["request.completed"] + counts["request.failed"] == 1, (request_id, types)
    return by_request


def _stream(url: str, key: str, model: str, text: str) -> dict:
    result: dict = {"events": [], "status": None}
    try:
        with httpx.stream("POST", url + "/chat/completions", json=chat(model, text, stream=True),
                          headers={"authorization": f"Bearer {key}"}, timeout=30) as response:
            result["status"] = response.status_code
            result["request_id"] = response.headers.get("x-request-id")
            for line in response.iter_lines():
                if line.startswith("data: "):
                    result["events"].append(line[6:])
    except httpx.HTTPError as exc:
        result["error"] = type(exc).__name__
    return result


def _text(events: list[str]) -> str:
    out = []
    for event in events:
        if event != "[DONE]":
            for choice in json.loads(event).get("choices", []):
                out.append(choice["delta"].get("content") or "")
    return "".join(out)


def test_sigterm_lets_streams_finish_settles_quota_and_exits_zero(tmp_path, e2e_upstream, redis_url, redis_prefix,
                                                                   start_gateway):
    config = e2e_config(tmp_path, e2e_upstream.url, redis_url=redis_url, prefix=redis_prefix,
                        limits={"eur_per_month": 5.0})
    gateway = start_gateway(config)
    key = gateway.issue_key("sachbearbeiterin.shutdown", "fb-e2e")
    e2e_upstream.reset()
    results: list[dict] = [{} for _ in range(3)]
    threads = [threading.Thread(target=lambda i=i: results.__setitem__(
        i, _stream(gateway.url, key, "gpt-slowstream", f"{LONG_TEXT} Vorgang {i}."))) for i in range(3)]
    for thread in threads:
        thread.start()
    deadline = time.time() + 10
    while len(e2e_upstream.received) < 3 and time.time() < deadline:
        time.sleep(0.02)
    time.sleep(0.3)  # the streams are under way
    started = time.perf_counter()
    gateway.signal(signal.SIGTERM)
    time.sleep(0.3)
    with pytest.raises(httpx.ConnectError):  # no new connections once shutdown began
        httpx.post(gateway.url + "/chat/completions", json=chat("gpt-test", "Noch da?"),
                   headers={"authorization": f"Bearer {key}"}, timeout=5)
    for thread in threads:
        thread.join(timeout=30)
    assert gateway.wait(timeout=30) == 0
    assert time.perf_counter() - started < 20  # within the grace period
    for i, result in enumerate(results):
        assert result["status"] == 200 and result["events"][-1] == "[DONE]", result
        assert _text(result["events"]) == f"Antwort: {LONG_TEXT} Vorgang {i}."
    rows = audit_rows(audit_url_of(config))
    by_request = _assert_one_closing_record_each(rows)
    for result in results:
        assert by_request[result["request_id"]] == ["request.accepted", "request.completed"]
    status = _cli(config, "quota", "status", "--json")
    assert status.returncode == 0, status.stderr
    limits = {(s["scope"], s["name"]): s for s in json.loads(status.stdout)["fb-e2e"]}
    reported = sum(u["prompt_tokens"] + u["completion_tokens"] for u in e2e_upstream.usage_reported)
    assert limits[("department", "tokens_per_month")]["used"] == reported
    assert limits[("department", "eur_per_month")]["reserved"] == 0
    assert _cli(config, "audit", "verify").returncode == 0


def test_streaming_provider_failures_are_audited_and_settled(tmp_path, e2e_upstream, redis_url, redis_prefix,
                                                             start_gateway):
    config = e2e_config(tmp_path, e2e_upstream.url, redis_url=redis_url, prefix=redis_prefix,
                        limits={"eur_per_month": 5.0})
    gateway = start_gateway(config)
    key = gateway.issue_key("sachbearbeiter.faults", "fb-e2e")
    expected = {"gpt-badsse": "upstream.malformed_stream", "gpt-500": "upstream.unavailable",
                "gpt-reset": "upstream.connection", "gpt-timeout": "upstream.timeout"}
    results = {model: _stream(gateway.url, key, model, LONG_TEXT) for model in expected}
    # Failure before the first byte: an OpenAI error response; after it: an error event in the stream.
    assert results["gpt-500"]["status"] == 502 and results["gpt-reset"]["status"] == 502
    assert results["gpt-timeout"]["status"] == 504
    bad = results["gpt-badsse"]
    assert bad["status"] == 200 and "error" in json.loads(bad["events"][-1])
    rows = audit_rows(audit_url_of(config))
    by_request = _assert_one_closing_record_each(rows)
    failed = {r["request_id"]: r["error_class"] for r in rows if r["event_type"] == "request.failed"}
    for model, error_class in expected.items():
        request_id = results[model]["request_id"]
        assert by_request[request_id] == ["request.accepted", "request.failed"], model
        assert failed[request_id] == error_class
    limits = usage(gateway.url, key)
    assert limits[("department", "eur_per_month")]["reserved"] == 0
    ok = _stream(gateway.url, key, "gpt-test", "Geht es wieder?")
    assert ok["status"] == 200 and ok["events"][-1] == "[DONE]"


def test_postgres_audit_outage_refuses_then_recovers_without_lost_or_duplicated_records(
        tmp_path, e2e_upstream, redis_url, redis_prefix, start_gateway):
    database = PostgresServer().init().start()
    try:
        config = e2e_config(tmp_path, e2e_upstream.url, redis_url=redis_url, prefix=redis_prefix,
                            audit_url=database.url, limits={"eur_per_month": 5.0})
        gateway = start_gateway(config)
        key = gateway.issue_key("sachbearbeiter.pg", "fb-e2e")

        def batch(n: int):
            return asyncio.run(post_many(gateway.url, key, [chat("gpt-test", f"Vorgang {i}") for i in range(n)]))

        before = batch(10)
        assert [r.status for r in before] == [200] * 10

        database.stop("immediate")
        e2e_upstream.reset()
        during = batch(10)
        assert [r.status for r in during] == [503] * 10, [(r.status, r.body) for r in during]
        assert max(r.seconds for r in during) < 3.0  # audit write timeout is 2 s
        assert e2e_upstream.received == []  # nothing upstream without a committed "accepted"
        assert httpx.get(gateway.root + "/readyz", timeout=10).status_code == 503

        database.start()
        deadline, after = time.time() + 15, []
        while time.time() < deadline:  # recovery without a gateway restart
            after = batch(5)
            if [r.status for r in after] == [200] * 5:
                break
            time.sleep(0.5)
        assert [r.status for r in after] == [200] * 5

        # Closing records are written after the answer; those caught by the outage are retried
        # (backoff ≤ 5 s) until the store is back.
        answered = {r.headers["x-request-id"] for r in before + after if r.status == 200}
        deadline = time.time() + 20
        while True:
            rows = audit_rows(database.url)
            closed = {r["request_id"] for r in rows if r["event_type"] in ("request.completed", "request.failed")}
            if answered <= closed or time.time() > deadline:
                break
            time.sleep(0.2)
        by_request = _assert_one_closing_record_each(rows)
        for r in before + after:
            if r.status == 200:
                assert by_request[r.headers["x-request-id"]] == ["request.accepted", "request.completed"]
        for r in during:  # refused before anything was written: no half records
            assert by_request.get(r.headers["x-request-id"], []) in ([], ["request.refused"])
        assert [row["seq"] for row in rows] == list(range(rows[0]["seq"], rows[0]["seq"] + len(rows)))
        verify = _cli(config, "audit", "verify")
        assert verify.returncode == 0, verify.stdout + verify.stderr
    finally:
        database.remove()
