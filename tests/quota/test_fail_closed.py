"""Fail closed: an unreachable or slow Redis refuses with QuotaUnavailable, never admits locally."""

from __future__ import annotations

import socket
import time
from collections.abc import AsyncIterator

import pytest

from gateway.quota import QuotaService, QuotaUnavailable
from gateway.quota.redis_store import RedisQuotaStore
from tests.quota.conftest import Clock, make_settings
from tests.quota.proxy import RedisProxy

DEPT = "fb-buergerservice"
TIMEOUT = 0.3


def dead_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # closed again: nothing listens here


@pytest.fixture
async def proxy() -> AsyncIterator[RedisProxy]:
    running = RedisProxy()
    await running.start()
    yield running
    await running.stop()


def service_on(url: str, prefix: str, clock: Clock) -> QuotaService:
    store = RedisQuotaStore(url, prefix, timeout_seconds=TIMEOUT)
    return QuotaService(store, make_settings(), clock=clock)


async def test_dead_port_refuses_within_timeout(redis_prefix: str, clock: Clock) -> None:
    service = service_on(f"redis://127.0.0.1:{dead_port()}/0", redis_prefix, clock)
    started = time.perf_counter()
    with pytest.raises(QuotaUnavailable) as refused:
        await service.reserve("anna", DEPT, "m", 10, 10)
    assert time.perf_counter() - started < TIMEOUT + 0.2
    assert refused.value.headers == {"Retry-After": "5"}
    assert "nicht verfügbar" in refused.value.message
    await service.store.close()


async def test_silent_server_refuses_within_timeout(redis_prefix: str, clock: Clock) -> None:
    # A loopback listener that never answers: the Redis handshake hangs until our timeout.
    # (Tests only ever talk to loopback addresses.)
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(16)
        service = service_on(f"redis://127.0.0.1:{silent.getsockname()[1]}/0", redis_prefix, clock)
        started = time.perf_counter()
        with pytest.raises(QuotaUnavailable):
            await service.reserve("anna", DEPT, "m", 10, 10)
        assert time.perf_counter() - started < TIMEOUT + 0.2
        await service.store.close()


async def test_slow_redis_refuses_within_timeout(proxy: RedisProxy, redis_prefix: str, clock: Clock) -> None:
    service = service_on(proxy.url, redis_prefix, clock)
    await service.reserve("anna", DEPT, "m", 10, 10)  # healthy first
    proxy.delay = TIMEOUT * 3
    started = time.perf_counter()
    with pytest.raises(QuotaUnavailable) as refused:
        await service.reserve("anna", DEPT, "m", 10, 10)
    assert time.perf_counter() - started < TIMEOUT + 0.2
    assert refused.value.reason == "timeout"
    proxy.delay = 0
    # Recovers on its own; the timed-out reservation may have reached Redis and then only
    # holds until its TTL (an orphan), which the budget here easily absorbs.
    await service.reserve("anna", DEPT, "m", 10, 10)
    await service.store.close()


async def test_counters_continue_after_outage(proxy: RedisProxy, redis_prefix: str, clock: Clock) -> None:
    service = service_on(proxy.url, redis_prefix, clock)
    first = await service.reserve("anna", DEPT, "m", 100, 100)
    await service.settle(first, 100, 100)  # 0.30 EUR

    await proxy.stop()
    with pytest.raises(QuotaUnavailable):
        await service.reserve("anna", DEPT, "m", 100, 100)

    await proxy.start()  # same port: Redis is back
    second = await service.reserve("anna", DEPT, "m", 100, 100)
    await service.settle(second, 100, 0)  # 0.10 EUR
    used = next(s.used for s in await service.status(DEPT) if s.name == "eur_per_month")
    assert used == pytest.approx(0.4)  # no reset, nothing counted while down
    await service.store.close()


async def test_settlement_during_outage_is_queued_and_applied_later(
    proxy: RedisProxy, redis_prefix: str, clock: Clock
) -> None:
    service = service_on(proxy.url, redis_prefix, clock)
    reservation = await service.reserve("anna", DEPT, "m", 100, 100)
    await proxy.stop()
    cost = await service.settle(reservation, 100, 50)  # the provider answered, Redis went away
    assert cost == pytest.approx(0.2)
    assert service.pending_settlements == 1

    await proxy.start()
    assert await service.flush() == 0
    status = {s.name: s for s in await service.status(DEPT)}
    assert (status["eur_per_month"].used, status["eur_per_month"].reserved) == (pytest.approx(0.2), 0)
    await service.store.close()
