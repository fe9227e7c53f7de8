"""Quota through running gateway processes (issue 4): concurrency, replicas, Redis outage.

Each test uses its own Redis key prefix; "admits ~50" is arranged by a slow upstream model
(every admitted request holds its reservation ~2 s), so 200 requests really overlap.
"""

from __future__ import annotations

import asyncio
import math

import httpx
import pytest

from tests.e2e.client import chat, clone_config, post_many, usage
from tests.e2e.conftest import e2e_config
from tests.harness import PRICED, RedisServer

pytestmark = pytest.mark.slow

MAX_TOKENS = 200
BUDGET_EUR = 0.08


def _micro(prompt: int, completion: int) -> int:
    exact = prompt * PRICED["input_eur_per_million"] + completion * PRICED["output_eur_per_million"]
    return max(0, math.ceil(exact - 1e-6))


def _bodies(count: int) -> list[dict]:
    return [chat("gpt-slow", f"Bitte prüfen Sie den Antrag Nummer {i}.", max_tokens=MAX_TOKENS)
            for i in range(count)]


def _check_refusals(results) -> None:
    for r in results:
        if r.status == 200:
            continue
        assert r.status == 429, (r.status, r.body)
        error = r.body["error"]
        assert error["code"] == "insufficient_quota"
        assert "Budget" in error["message"] or "EUR" in error["message"]
        assert "zurückgesetzt" in error["message"] or "Monat" in error["message"] or "ab " in error["message"]
        assert int(r.headers["retry-after"]) > 0
        for header in ("x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset"):
            assert header in r.headers


def _check_totals(gateway_url: str, key: str, upstream, results, budget_micro: int) -> None:
    admitted = [r for r in results if r.status == 200]
    reported = list(upstream.usage_reported)
    # Every admitted request reached the upstream once; nothing refused did.
    assert len(upstream.received) == len(admitted) == len(reported)
    expected_micro = sum(_micro(u["prompt_tokens"], u["completion_tokens"]) for u in reported)
    expected_tokens = sum(u["prompt_tokens"] + u["completion_tokens"] for u in reported)
    limits = usage(gateway_url, key)
    eur, tokens = limits[("department", "eur_per_month")], limits[("department", "tokens_per_month")]
    assert round(eur["used"] * 1_000_000) == expected_micro
    assert tokens["used"] == expected_tokens
    assert eur["reserved"] == 0 and tokens["reserved"] == 0  # every reservation settled
    # The worst case one request could reserve (prompt ≤ 30 tokens here).
    one_reservation = _micro(30, MAX_TOKENS)
    assert expected_micro <= budget_micro + one_reservation
    # Successful responses carry the remaining department budget.
    for r in admitted:
        assert float(r.headers["x-budget-limit-eur"]) == BUDGET_EUR
        assert "x-budget-remaining-eur" in r.headers and "x-ratelimit-remaining" in r.headers


def test_200_concurrent_requests_one_process(tmp_path, e2e_upstream, redis_url, redis_prefix, start_gateway):
    config = e2e_config(tmp_path, e2e_upstream.url, redis_url=redis_url, prefix=redis_prefix,
                        limits={"eur_per_month": BUDGET_EUR})
    gateway = start_gateway(config)
    key = gateway.issue_key("sachbearbeiter.1", "fb-e2e")
    e2e_upstream.reset()
    results = asyncio.run(post_many(gateway.url, key, _bodies(200)))
    statuses = [r.status for r in results]
    admitted = statuses.count(200)
    # The budget fits ~49 worst-case reservations; all 200 overlap while the upstream is slow.
    assert 30 <= admitted <= 60, statuses
    assert statuses.count(429) == 200 - admitted
    _check_refusals(results)
    _check_totals(gateway.url, key, e2e_upstream, results, round(BUDGET_EUR * 1_000_000))


def test_200_concurrent_requests_two_processes_share_one_redis(tmp_path, e2e_upstream, redis_url, redis_prefix,
                                                               start_gateway):
    config = e2e_config(tmp_path, e2e_upstream.url, redis_url=redis_url, prefix=redis_prefix,
                        limits={"eur_per_month": BUDGET_EUR})
    first = start_gateway(config, name="replica-a")
    second = start_gateway(clone_config(config, "replica-b.yaml"), name="replica-b")
    key = first.issue_key("sachbearbeiter.2", "fb-e2e")
    for replica in (first, second):  # warm both up (key lookup, Redis pool), so neither starts late
        usage(replica.url, key)
    e2e_upstream.reset()
    bodies = _bodies(200)
    results = asyncio.run(post_many([first.url, second.url], key, bodies))
    admitted = [r.status for r in results].count(200)
    by_replica = [[r.status for r in results[i::2]].count(200) for i in (0, 1)]
    # One shared budget: the two replicas together admit what one would (not twice as much).
    # Which replica wins the race is not fixed (one may take the whole budget), the sum is.
    assert 30 <= admitted <= 60, by_replica
    assert all(r.status in (200, 429) for r in results)
    _check_refusals(results)
    _check_totals(second.url, key, e2e_upstream, results, round(BUDGET_EUR * 1_000_000))


def test_redis_outage_fails_closed_fast_and_counters_survive(tmp_path, e2e_upstream, start_gateway):
    redis_server = RedisServer(tmp_path / "redis").start()
    try:
        config = e2e_config(tmp_path, e2e_upstream.url, redis_url=redis_server.url, prefix="e2e:",
                            limits={"eur_per_month": 5.0})
        gateway = start_gateway(config)
        key = gateway.issue_key("sachbearbeiter.3", "fb-e2e")
        e2e_upstream.reset()
        before = asyncio.run(post_many(gateway.url, key, [chat("gpt-test", f"Vorgang {i}") for i in range(10)]))
        assert [r.status for r in before] == [200] * 10
        used_before = usage(gateway.url, key)[("department", "tokens_per_month")]["used"]
        assert used_before > 0

        redis_server.stop()
        e2e_upstream.reset()
        during = asyncio.run(post_many(gateway.url, key, [chat("gpt-test", f"Vorgang {i}") for i in range(20)]))
        assert [r.status for r in during] == [503] * 20, [(r.status, r.body) for r in during]
        assert max(r.seconds for r in during) < 2.0  # quota timeout is 1 s; no hanging requests
        assert all(r.body["error"]["code"] == "service_unavailable" for r in during)
        assert e2e_upstream.received == []  # fail closed: no provider call without a quota check
        assert httpx.get(gateway.root + "/readyz", timeout=5).status_code == 503

        redis_server.start()  # same port, append-only file: the counters come back
        e2e_upstream.reset()
        after = asyncio.run(post_many(gateway.url, key, [chat("gpt-test", f"Vorgang {i}") for i in range(5)]))
        assert [r.status for r in after] == [200] * 5  # recovered without a gateway restart
        used_after = usage(gateway.url, key)[("department", "tokens_per_month")]["used"]
        reported = sum(u["prompt_tokens"] + u["completion_tokens"] for u in e2e_upstream.usage_reported)
        assert used_after == used_before + reported  # continued, not reset
    finally:
        redis_server.stop()
