"""Audit evidence through a real `gateway serve` process (issue 5).

Canary: distinctive fake personal data and fake secrets go in through every door (successful,
refused and failing requests), then the audit database files, the process's stdout/stderr
(JSON logs) and /metrics are searched byte by byte: zero hits. Kill: SIGKILL mid-request
leaves the "accepted" record and a chain that verifies. Disconnect: the client going away
mid-stream ends in exactly one "failed: client_disconnected" record, a cancelled upstream
call and a settled reservation.
"""

from __future__ import annotations

import collections
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import httpx
import pytest

from tests.e2e.client import chat, usage
from tests.e2e.conftest import METRICS_TOKEN, audit_rows, audit_url_of, e2e_config
from tests.harness import ROOT, GatewayProcess, delete_redis_keys

pytestmark = pytest.mark.slow

# Fake, distinctive values: none of them may ever appear in the audit store, logs or metrics.
CANARIES = {
    "secret": "sk-canary-Zq8v7Yx3Lm2Pw9Rt",
    "key": "gw-canary-Hk4Jd8Qs2Vn6Bx1",
    "iban": "DE89 3704 0044 0532 0130 00",
    "name": "Wilhelmine Kanarienvogel",
    "email": "wilhelmine.kanarienvogel@kanarien-test.de",
    "phone": "+49 30 98765432",
    "tax": "Steuer-ID 86095742719",
    "street": "Kanarienweg 17",
}
# Fragments to search for (a value split or reformatted is still a leak).
NEEDLES = ["Zq8v7Yx3Lm2Pw9Rt", "Hk4Jd8Qs2Vn6Bx1", "0532013000", "0532 0130", "Kanarienvogel", "kanarienvogel",
           "Wilhelmine", "kanarien-test", "98765432", "86095742719", "Kanarienweg"]
PII_TEXT = ("Frau {name} ({email}, Tel. {phone}) wohnt im {street}; IBAN {iban}, {tax}. "
            "Der Zugang lautet {secret}.").format(**CANARIES)


def _wait(predicate, seconds: float = 10.0) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError("condition not reached in time")


@pytest.fixture(scope="module")
def audited(tmp_path_factory, e2e_upstream, redis_url):
    """One gateway process with a small budget and one concurrent request per department."""
    directory = tmp_path_factory.mktemp("audited")
    prefix = f"gwtest:e2e-audit:{uuid.uuid4().hex[:8]}:"
    config = e2e_config(directory, e2e_upstream.url, redis_url=redis_url, prefix=prefix,
                        limits={"eur_per_month": 1.0, "concurrent_requests": 1})
    process = GatewayProcess(config, directory).start()
    yield process
    process.stop()
    delete_redis_keys(redis_url, prefix)


def _post(gateway: GatewayProcess, key: str, body: dict | bytes, headers: dict | None = None) -> httpx.Response:
    content = body if isinstance(body, bytes) else None
    return httpx.post(gateway.url + "/chat/completions", json=None if content else body, content=content,
                      headers={"authorization": f"Bearer {key}", "content-type": "application/json",
                               **(headers or {})}, timeout=30)


def _closing_events_by_request(rows: list[dict]) -> tuple[set[str], collections.Counter]:
    accepted = {r["request_id"] for r in rows if r["event_type"] == "request.accepted"}
    closing = collections.Counter(r["request_id"] for r in rows
                                  if r["event_type"] in ("request.completed", "request.failed"))
    return accepted, closing


def test_client_disconnect_mid_stream_is_audited_cancelled_and_settled(audited, e2e_upstream):
    key = audited.issue_key("sachbearbeiterin.stream", "fb-e2e")
    e2e_upstream.reset()
    body = chat("gpt-slowstream", "Bitte erläutern Sie ausführlich den Ablauf des Widerspruchsverfahrens.",
                stream=True)
    with httpx.stream("POST", audited.url + "/chat/completions", json=body,
                      headers={"authorization": f"Bearer {key}"}, timeout=30) as response:
        assert response.status_code == 200
        request_id = response.headers["x-request-id"]
        lines = response.iter_lines()
        seen = [next(lines) for _ in range(4)]  # a few events, then the client goes away
        assert any(line.startswith("data: {") for line in seen)
    url = audit_url_of(audited.config)

    def closed() -> bool:
        return any(r["request_id"] == request_id and r["event_type"] == "request.failed"
                   for r in audit_rows(url))

    _wait(closed)
    _wait(lambda: e2e_upstream.cancelled == 1)  # the upstream call was cancelled, not left running
    rows = [r for r in audit_rows(url) if r["request_id"] == request_id]
    assert [r["event_type"] for r in rows] == ["request.accepted", "request.failed"]
    assert rows[1]["error_class"] == "client_disconnected"
    assert rows[1]["prompt_tokens"] > 0  # what was really used is counted
    # Settled: the single concurrency slot is free again, nothing held, usage counted.
    limits = usage(audited.url, key)
    assert limits[("department", "concurrent_requests")]["used"] == 0
    assert limits[("department", "eur_per_month")]["reserved"] == 0
    assert limits[("department", "tokens_per_month")]["used"] >= rows[1]["prompt_tokens"]
    follow_up = _post(audited, key, chat("gpt-test", "Danke."))
    assert follow_up.status_code == 200, follow_up.text


def test_canary_personal_data_and_secrets_never_reach_audit_logs_or_metrics(audited, e2e_upstream):
    key = audited.issue_key("sachbearbeiter.canary", "fb-e2e")
    requests: list[tuple[str, httpx.Response]] = []

    def send(label: str, body: dict | bytes, headers: dict | None = None, api_key: str = key) -> None:
        requests.append((label, _post(audited, api_key, body, headers)))

    send("ok", chat("gpt-test", PII_TEXT, user=CANARIES["email"]))
    send("ok-stream", chat("gpt-test", PII_TEXT, stream=True))
    send("quota", chat("gpt-test", PII_TEXT, max_tokens=500_000))  # worst case > 1 EUR budget
    send("provider-500", chat("gpt-500", PII_TEXT))
    send("timeout", chat("gpt-timeout", PII_TEXT))
    send("reset", chat("gpt-reset", PII_TEXT))
    send("bad-sse", chat("gpt-badsse", PII_TEXT, stream=True))
    send("unknown-param", {**chat("gpt-test", PII_TEXT), CANARIES["name"]: CANARIES["secret"]})
    send("forbidden-param", {**chat("gpt-test", PII_TEXT), "api_base": f"http://{CANARIES['email']}/"})
    send("bad-model", chat(CANARIES["name"], PII_TEXT))
    send("bad-role", {"model": "gpt-test", "messages": [{"role": CANARIES["secret"], "content": PII_TEXT}]})
    send("bad-json", ('{"model": "gpt-test", "messages": [' + PII_TEXT).encode())
    send("bad-utf8", b'{"model": "gpt-test", "x": "' + PII_TEXT.encode("latin-1", "replace") + b'\xff\xfe"}')
    send("bad-key", chat("gpt-test", PII_TEXT), api_key=CANARIES["key"])
    send("secret-key", chat("gpt-test", PII_TEXT), api_key=CANARIES["secret"])
    send("header", chat("gpt-test", PII_TEXT), headers={"x-request-id": CANARIES["secret"],
                                                          "x-forwarded-for": CANARIES["email"]})
    statuses = {label: r.status_code for label, r in requests}
    assert statuses["ok"] == 200 and statuses["ok-stream"] == 200
    assert statuses["quota"] == 429 and statuses["provider-500"] == 502 and statuses["timeout"] == 504
    assert statuses["bad-key"] == 401 and statuses["secret-key"] == 401
    assert all(400 <= statuses[k] < 500 for k in ("unknown-param", "forbidden-param", "bad-model", "bad-role",
                                                   "bad-json", "bad-utf8"))
    assert all(s < 500 or s in (502, 504) for s in statuses.values()), statuses
    metrics = httpx.get(audited.root + "/metrics", headers={"authorization": f"Bearer {METRICS_TOKEN}"}, timeout=10)
    assert metrics.status_code == 200 and "gateway_requests_total" in metrics.text

    url = audit_url_of(audited.config)
    _wait(lambda: _all_closed(audit_rows(url)))
    rows = audit_rows(url)
    assert {r["error_class"] for r in rows} >= {"quota.department.eur_per_month", "upstream.unavailable",
                                                "upstream.timeout", "auth.invalid_key"}
    db_file = Path(url.removeprefix("sqlite:///"))
    known = dict(requests)["ok"].headers["x-request-id"].encode()

    def database_bytes() -> bytes:
        return b"".join(p.read_bytes() for p in sorted(db_file.parent.glob(db_file.name + "*")))

    # The gateway is still writing: a WAL checkpoint between reading the database file and its WAL
    # can hide records from one snapshot, so read until a snapshot holds the known request id, and
    # search that very snapshot.
    snapshot = {"bytes": b""}

    def snapshot_has_known() -> bool:
        snapshot["bytes"] = database_bytes()
        return known in snapshot["bytes"]

    _wait(snapshot_has_known)
    haystacks = {
        "audit database": snapshot["bytes"],
        "stdout": audited.stdout().encode(),
        "stderr": audited.stderr().encode(),
        "metrics": metrics.content,
    }
    # The search itself works: a request id we know is found in the audit files and in the logs.
    assert known in haystacks["audit database"] and known in haystacks["stderr"]
    hits = {(where, needle) for where, data in haystacks.items() for needle in NEEDLES
            if needle.lower().encode() in data.lower()}
    assert hits == set()


def _all_closed(rows: list[dict]) -> bool:
    accepted, closing = _closing_events_by_request(rows)
    return all(closing[r] >= 1 for r in accepted)


def test_every_accepted_request_has_exactly_one_closing_event(audited):
    """Runs after the others in this module: checks every request they made."""
    _wait(lambda: _all_closed(audit_rows(audit_url_of(audited.config))))  # closing records follow the answer
    rows = audit_rows(audit_url_of(audited.config))
    accepted, closing = _closing_events_by_request(rows)
    assert len(accepted) >= 5
    assert {r: closing[r] for r in accepted} == dict.fromkeys(accepted, 1)
    assert set(closing) <= accepted  # no closing record without an accepted one


def test_sigkill_mid_request_keeps_accepted_record_and_a_verifiable_chain(tmp_path, e2e_upstream, redis_url,
                                                                           redis_prefix, start_gateway):
    config = e2e_config(tmp_path, e2e_upstream.url, redis_url=redis_url, prefix=redis_prefix)
    gateway = start_gateway(config)
    key = gateway.issue_key("sachbearbeiter.kill", "fb-e2e")
    e2e_upstream.reset()
    outcome: dict[str, object] = {}

    def slow_request() -> None:
        try:
            outcome["response"] = _post(gateway, key, chat("gpt-slow", "Bitte um Rückruf."))
        except httpx.HTTPError as exc:
            outcome["error"] = type(exc).__name__

    thread = threading.Thread(target=slow_request)
    thread.start()
    _wait(lambda: len(e2e_upstream.received) == 1)  # upstream call in flight: "accepted" committed
    os.kill(gateway.pid, signal.SIGKILL)
    thread.join(timeout=30)
    assert "error" in outcome  # the client saw the connection die, not an answer
    rows = audit_rows(audit_url_of(config))
    accepted = [r for r in rows if r["event_type"] == "request.accepted"]
    assert len(accepted) == 1
    same_request = [r["event_type"] for r in rows if r["request_id"] == accepted[0]["request_id"]]
    assert same_request == ["request.accepted"]  # no closing record: the process died first
    verify = subprocess.run([sys.executable, "-m", "gateway.cli", "--config", str(config), "audit", "verify"],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert verify.returncode == 0, verify.stdout + verify.stderr
    # A restarted gateway continues the same chain.
    socket_free = gateway.port
    restarted = start_gateway(config, name="restarted")
    assert restarted.port == socket_free
    assert _post(restarted, key, chat("gpt-test", "Nach dem Neustart.")).status_code == 200
    verify = subprocess.run([sys.executable, "-m", "gateway.cli", "--config", str(config), "audit", "verify"],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert verify.returncode == 0, verify.stdout + verify.stderr


