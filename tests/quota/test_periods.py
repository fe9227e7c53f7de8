"""Days and months follow the Europe/Berlin calendar, DST included; orphaned holds expire."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from gateway.quota import QuotaExceeded
from gateway.quota.periods import window
from tests.quota.conftest import Clock, berlin

DEPT = "fb-buergerservice"


def dept(limits: dict) -> list[dict]:
    return [{"id": DEPT, "name": "Bürgerservice", "models": ["m", "free"], "limits": limits}]


async def use_tokens(service, tokens: int) -> None:
    reservation = await service.reserve("anna", DEPT, "free", tokens, 0)
    await service.settle(reservation, tokens, 0)


async def used(service, name: str) -> int:
    return next(s.used for s in await service.status(DEPT) if s.name == name)


async def test_day_rolls_over_at_berlin_midnight_not_utc(make_service: Callable, clock: Clock) -> None:
    service = make_service(departments=dept({"tokens_per_day": 100}))
    clock.set(berlin(2026, 11, 15, 23, 59, 59))  # 22:59:59 UTC
    await use_tokens(service, 100)
    with pytest.raises(QuotaExceeded) as refused:
        await use_tokens(service, 1)
    assert refused.value.retry_after_seconds == 1
    assert "am 16.11.2026 um 00:00 Uhr" in refused.value.message
    clock.set(berlin(2026, 11, 16, 0, 0, 0))  # still 15.11. in UTC
    await use_tokens(service, 100)
    assert await used(service, "tokens_per_day") == 100


async def test_month_rolls_over_at_local_month_end(make_service: Callable, clock: Clock) -> None:
    service = make_service(departments=dept({"tokens_per_month": 1000, "tokens_per_day": 10_000}))
    clock.set(berlin(2026, 12, 31, 23, 30))
    await use_tokens(service, 1000)
    with pytest.raises(QuotaExceeded) as refused:
        await use_tokens(service, 1)
    assert "am 01.01.2027 um 00:00 Uhr" in refused.value.message
    assert refused.value.retry_after_seconds == 30 * 60
    clock.set(berlin(2027, 1, 1, 0, 0, 1))
    await use_tokens(service, 1000)
    assert await used(service, "tokens_per_month") == 1000


@pytest.mark.parametrize(
    ("day", "hours"),
    [((2026, 3, 29), 23), ((2026, 10, 25), 25)],  # spring forward, fall back
)
async def test_dst_days_are_23_or_25_hours_long(
    make_service: Callable, clock: Clock, day: tuple[int, int, int], hours: int
) -> None:
    start = berlin(*day, 0, 0)
    day_window = window("day", start.timestamp())
    assert day_window.resets_at - start.timestamp() == hours * 3600

    service = make_service(departments=dept({"tokens_per_day": 10}))
    clock.set(start)
    await use_tokens(service, 10)
    clock.now = day_window.resets_at - 1  # last second of the local day, whatever UTC says
    with pytest.raises(QuotaExceeded) as refused:
        await use_tokens(service, 1)
    assert refused.value.retry_after_seconds == 1
    clock.now = day_window.resets_at
    await use_tokens(service, 10)


def test_month_window_in_summer_time_resets_at_local_midnight() -> None:
    month = window("month", berlin(2026, 7, 31, 23, 59).timestamp())
    assert month.id == "2026-07"
    assert datetime.fromtimestamp(month.resets_at, UTC) == datetime(2026, 7, 31, 22, 0, tzinfo=UTC)


async def test_orphaned_reservation_expires_after_ttl(make_service: Callable, clock: Clock) -> None:
    service = make_service(
        departments=dept({"eur_per_month": 1, "concurrent_requests": 1}),
        quota={"reservation_ttl_seconds": 60},
    )
    await service.reserve("anna", DEPT, "m", 300, 300)  # 0.90 EUR held, never settled (replica died)
    with pytest.raises(QuotaExceeded):
        await service.reserve("anna", DEPT, "m", 1, 1)
    clock.advance(59)
    with pytest.raises(QuotaExceeded):
        await service.reserve("anna", DEPT, "m", 1, 1)
    clock.advance(1)
    status = {s.name: s for s in await service.status(DEPT)}
    assert (status["eur_per_month"].reserved, status["concurrent_requests"].reserved) == (0, 0)
    reservation = await service.reserve("anna", DEPT, "m", 300, 300)
    assert reservation.reserved_eur == pytest.approx(0.9)


async def test_slow_request_settles_after_its_hold_expired(make_service: Callable, clock: Clock) -> None:
    service = make_service(departments=dept({"eur_per_month": 1}), quota={"reservation_ttl_seconds": 60})
    reservation = await service.reserve("anna", DEPT, "m", 100, 100)
    clock.advance(120)  # hold already pruned, request still alive
    assert await service.settle(reservation, 100, 50) == pytest.approx(0.2)
    status = {s.name: s for s in await service.status(DEPT)}
    assert (status["eur_per_month"].used, status["eur_per_month"].reserved) == (pytest.approx(0.2), 0)


async def test_settle_charges_the_period_it_was_reserved_in(make_service: Callable, clock: Clock) -> None:
    service = make_service(departments=dept({"tokens_per_day": 1000}))
    clock.set(berlin(2026, 11, 15, 23, 59, 50))
    reservation = await service.reserve("anna", DEPT, "free", 10, 100)
    clock.set(berlin(2026, 11, 16, 0, 0, 20))
    await service.settle(reservation, 10, 90)
    assert await used(service, "tokens_per_day") == 0  # new day is untouched
    clock.set(berlin(2026, 11, 15, 23, 59, 59))
    assert await used(service, "tokens_per_day") == 100
