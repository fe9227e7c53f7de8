"""`gateway serve --workers 2`: one audit chain, shared quota, metrics summed over the workers."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import openai
import pytest

from tests.e2e.conftest import METRICS_TOKEN, audit_rows, audit_url_of, e2e_config

REQUESTS = 40


@pytest.mark.slow
def test_two_workers_keep_audit_quota_and_metrics_consistent(tmp_path, e2e_upstream, start_gateway, redis_url,
                                                              redis_prefix):
    config = e2e_config(tmp_path, e2e_upstream.url, redis_url=redis_url, prefix=redis_prefix)
    gateway = start_gateway(config, workers=2)
    key = gateway.issue_key("wera.worker", "fb-e2e")
    e2e_upstream.reset()

    def ask(i: int) -> str:
        sdk = openai.OpenAI(base_url=gateway.url, api_key=key, max_retries=0, timeout=30)
        reply = sdk.chat.completions.with_raw_response.create(
            model="gpt-test", messages=[{"role": "user", "content": f"Frage {i} von Frau Zofia Kamińska"}])
        assert "Zofia Kamińska" in reply.parse().choices[0].message.content
        return reply.headers["x-request-id"]

    with ThreadPoolExecutor(max_workers=10) as pool:
        request_ids = set(pool.map(ask, range(REQUESTS)))
    assert len(request_ids) == REQUESTS
    assert "Kamińska" not in e2e_upstream.all_received_text()

    # One audit chain with exactly one accepted and one completed record per request (closing records
    # are committed just after the answer, so the last ones may land a few ms later).
    deadline = time.monotonic() + 10
    while True:
        rows = [r for r in audit_rows(audit_url_of(config)) if r["request_id"] in request_ids]
        if len(rows) >= 2 * REQUESTS or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert sorted(r["event_type"] for r in rows) == ["request.accepted"] * REQUESTS + ["request.completed"] * REQUESTS
    verify = subprocess.run([sys.executable, "-m", "gateway.cli", "--config", str(config), "audit", "verify"],
                            capture_output=True, text=True, timeout=120)
    assert verify.returncode == 0, verify.stdout + verify.stderr

    # Metrics are aggregated across both worker processes.
    exposition = httpx.get(gateway.root + "/metrics", headers={"authorization": f"Bearer {METRICS_TOKEN}"}).text
    counted = sum(float(v) for v in re.findall(
        r'^gateway_requests_total\{department="fb-e2e",model="gpt-test",outcome="ok"\} (\S+)$', exposition, re.M))
    assert counted == REQUESTS
    assert "Kamińska" not in exposition and "wera" not in exposition
