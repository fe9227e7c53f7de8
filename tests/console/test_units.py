"""Small parts of the console on their own: session expiry and tampering, the login throttle's
window, the report cache's serve-stale-then-refresh rule, charts' escaping and text alternative."""

from __future__ import annotations

import asyncio
import threading
from datetime import date

import pytest
from itsdangerous import URLSafeTimedSerializer

from gateway.console.auth import LoginThrottle, Sessions, csrf_valid
from gateway.console.cache import ReportCache
from gateway.console.charts import Bar, bar_chart, line_chart
from gateway.console.queries import EventFilter


def test_session_round_trip_expiry_and_tampering(monkeypatch):
    sessions = Sessions("s" * 32, max_age_seconds=60)
    cookie, user = sessions.issue("abcdefgh", "dora", "fb-soziales", frozenset({"dpo", "unknown-role"}))
    read = sessions.read(cookie)
    assert read == user and read.roles == frozenset({"dpo"})  # only console roles survive
    assert csrf_valid(read, user.csrf) and not csrf_valid(read, user.csrf[:-1] + "x") and not csrf_valid(read, None)
    assert sessions.read(cookie[:-3] + "abc") is None
    assert Sessions("t" * 32, 60).read(cookie) is None  # another secret
    # Expiry: the signature's timestamp is checked against max_age.
    import itsdangerous.timed

    real = itsdangerous.timed.time.time
    monkeypatch.setattr(itsdangerous.timed.time, "time", lambda: real() + 61)
    assert sessions.read(cookie) is None


def test_session_payload_must_have_the_expected_shape():
    sessions = Sessions("s" * 32, 60)
    forged = URLSafeTimedSerializer("s" * 32, salt="gateway-console-session").dumps({"k": "x"})
    assert sessions.read(forged) is None


def test_login_token_is_bound_to_its_cookie():
    sessions = Sessions("s" * 32, 60)
    cookie, token = sessions.login_token()
    other_cookie, other_token = sessions.login_token()
    assert sessions.login_token_valid(cookie, token)
    assert not sessions.login_token_valid(cookie, other_token)
    assert not sessions.login_token_valid(None, token) and not sessions.login_token_valid(cookie, "")


def test_throttle_window_slides_and_is_per_client():
    throttle = LoginThrottle(max_failures=3, window_seconds=100)
    for t in (0, 10, 20):
        assert throttle.retry_after("10.0.0.1", now=t) == 0
        throttle.failed("10.0.0.1", now=t)
    assert throttle.retry_after("10.0.0.1", now=21) == 79  # until the first failure leaves the window
    assert throttle.retry_after("10.0.0.2", now=21) == 0
    assert throttle.retry_after("10.0.0.1", now=100.5) == 0  # one failure left the window
    throttle.failed("10.0.0.1", now=101)
    assert throttle.retry_after("10.0.0.1", now=102) > 0
    throttle.succeeded("10.0.0.1")
    assert throttle.retry_after("10.0.0.1", now=102) == 0


def test_throttle_memory_is_bounded():
    throttle = LoginThrottle(max_failures=1, window_seconds=100, max_clients=50)
    for i in range(500):
        throttle.failed(f"10.0.{i // 256}.{i % 256}", now=1)
    assert len(throttle._failures) == 50
    assert throttle.retry_after("10.0.1.243", now=2) > 0  # the most recent ones are kept


async def test_report_cache_serves_stale_while_recomputing_and_awaits_only_the_first():
    cache = ReportCache(fresh_seconds=0.05)
    calls: list[int] = []
    release = threading.Event()

    def compute() -> int:
        calls.append(1)
        if len(calls) > 1:
            release.wait(5)
        return len(calls)

    first = await cache.get("k", compute)
    assert first.value == 1
    assert (await cache.get("k", compute)).value == 1  # fresh: no recompute
    await asyncio.sleep(0.06)
    stale = await cache.get("k", compute)  # stale: served at once, recompute started
    assert stale.value == 1 and len(calls) in (1, 2)
    release.set()
    for _ in range(100):
        if (await cache.get("k", compute)).value == 2:
            break
        await asyncio.sleep(0.01)
    assert (await cache.get("k", compute)).value == 2


async def test_report_cache_off_always_computes():
    cache = ReportCache(fresh_seconds=0)
    values = iter(range(10))
    assert [(await cache.get("k", lambda: next(values))).value for _ in range(3)] == [0, 1, 2]


async def test_report_cache_failure_is_not_cached():
    cache = ReportCache(fresh_seconds=60)

    def broken() -> int:
        raise RuntimeError("db down")

    with pytest.raises(RuntimeError):
        await cache.get("k", broken)
    assert (await cache.get("k", lambda: 7)).value == 7


def test_charts_escape_labels_and_carry_a_text_alternative():
    svg = bar_chart("Titel <b>", "Beschreibung", [Bar("<script>x</script>", 12.5, 20.0)], "€")
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg and "12,50 € von 20,00" in svg
    assert "style=" not in svg  # presentation attributes only (CSP forbids inline styles)
    lines = line_chart("T", "D", ["01.01.", "02.01."], {"A": [1, 2], "B": [2, 0]}, "Anzahl")
    assert lines.count("<polyline") == 2 and 'stroke-dasharray="6 3"' in lines


def test_event_filter_bounds_are_berlin_days():
    winter = EventFilter(date_from=date(2025, 1, 15), date_to=date(2025, 1, 15)).time_bounds()
    assert winter == ("2025-01-14T23:00:00.000000Z", "2025-01-15T23:00:00.000000Z")
    summer = EventFilter(date_from=date(2025, 7, 1)).time_bounds()
    assert summer == ("2025-06-30T22:00:00.000000Z", None)
