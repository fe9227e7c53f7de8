"""Reserve/settle arithmetic and refusals, against both stores."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from gateway.quota import QuotaExceeded, QuotaService
from tests.quota.conftest import PRICE_IN, PRICE_OUT

DEPT = "fb-buergerservice"


def dept(limits: dict | None = None, **extra: object) -> list[dict]:
    return [{"id": DEPT, "name": "Bürgerservice", "models": ["m", "free"], "limits": limits or {}, **extra}]


def eur(prompt: int, completion: int) -> float:
    return (prompt * PRICE_IN + completion * PRICE_OUT) / 1_000_000


async def spent(service: QuotaService, name: str = "eur_per_month", scope: str = "department") -> tuple:
    status = {(s.scope, s.name): s for s in await service.status(DEPT, "anna")}
    entry = status[(scope, name)]
    return entry.used, entry.reserved


async def test_reserve_holds_worst_case_and_settle_charges_real_usage(make_service: Callable) -> None:
    service = make_service(departments=dept({"eur_per_month": 50, "tokens_per_day": 100_000}))
    reservation = await service.reserve("anna", DEPT, "m", prompt_tokens=120, max_output_tokens=300)

    assert reservation.reserved_eur == pytest.approx(eur(120, 300))
    assert await spent(service) == (0, pytest.approx(eur(120, 300)))
    assert await spent(service, "tokens_per_day") == (0, 420)
    assert reservation.headers["X-Budget-Remaining-EUR"] == f"{50 - eur(120, 300):.2f}"

    cost = await service.settle(reservation, prompt_tokens=120, completion_tokens=40)

    assert cost == pytest.approx(eur(120, 40))
    assert cost == service.cost_eur("m", 120, 40)
    assert await spent(service) == (pytest.approx(eur(120, 40)), 0)
    assert await spent(service, "tokens_per_day") == (160, 0)


async def test_settle_twice_is_a_no_op(make_service: Callable) -> None:
    service = make_service(departments=dept({"eur_per_month": 50}))
    reservation = await service.reserve("anna", DEPT, "m", 10, 10)
    first = await service.settle(reservation, 10, 5)
    reservation.settled = False  # as if a second replica held a copy of the reservation
    second = await service.settle(reservation, 10, 5)
    assert (first, second) == (pytest.approx(eur(10, 5)), 0.0)
    assert await spent(service) == (pytest.approx(eur(10, 5)), 0)


async def test_failed_request_settles_partial_or_zero_usage(make_service: Callable) -> None:
    service = make_service(departments=dept({"eur_per_month": 50, "concurrent_requests": 1}))
    failed = await service.reserve("anna", DEPT, "m", 500, 1000)
    assert await service.settle(failed, 0, 0) == 0.0  # upstream error before any token
    disconnected = await service.reserve("anna", DEPT, "m", 500, 1000)  # slot was released
    await service.settle(disconnected, 500, 37)  # client went away mid-stream
    assert await spent(service) == (pytest.approx(eur(500, 37)), 0)
    assert await spent(service, "concurrent_requests") == (0, 0)


async def test_default_output_cap_applies_when_client_gives_none(make_service: Callable) -> None:
    service = make_service(
        departments=dept({"tokens_per_month": 10**9}), quota={"default_max_output_tokens": 777}
    )
    reservation = await service.reserve("anna", DEPT, "m", 23, None)
    assert reservation.max_output_tokens == 777
    assert await spent(service, "tokens_per_month") == (0, 800)


async def test_budget_refusal_names_limit_and_berlin_reset(make_service: Callable) -> None:
    service = make_service(departments=dept({"eur_per_month": 1}))
    reservation = await service.reserve("anna", DEPT, "m", 400, 300)  # 1.00 EUR exactly
    await service.settle(reservation, 400, 300)
    with pytest.raises(QuotaExceeded) as refused:
        await service.reserve("anna", DEPT, "m", 1, 1)
    error = refused.value
    assert error.code == "insufficient_quota"
    assert error.message == (
        "Das Monatsbudget des Fachbereichs Bürgerservice (1,00 EUR) ist ausgeschöpft. "
        "Es wird am 01.12.2026 um 00:00 Uhr zurückgesetzt."
    )
    # clock: 15.11.2026 10:30 Berlin; reset 01.12.2026 00:00 Berlin
    expected = (15 * 86_400) + (13 * 3600 + 30 * 60)
    assert error.retry_after_seconds == expected
    assert error.headers == {
        "Retry-After": str(expected),
        "X-RateLimit-Limit": "1.00",
        "X-RateLimit-Remaining": "0.00",
        "X-RateLimit-Reset": str(expected),
    }
    assert "anna" not in error.message


async def test_request_larger_than_remaining_budget_is_refused_without_side_effects(
    make_service: Callable,
) -> None:
    service = make_service(departments=dept({"eur_per_month": 1, "requests_per_minute": 10}))
    with pytest.raises(QuotaExceeded) as refused:
        await service.reserve("anna", DEPT, "m", 100, 1000)  # 2.10 EUR worst case
    assert "reicht für diese Anfrage nicht mehr aus" in refused.value.message
    assert "max_tokens" in refused.value.message
    assert await spent(service) == (0, 0)
    assert await spent(service, "requests_per_minute") == (0, 0)  # all or nothing


async def test_user_limits_resolve_override_over_department_over_defaults(make_service: Callable) -> None:
    service = make_service(
        departments=dept(
            {"eur_per_month": 50},
            user_limits={"tokens_per_day": 1000, "requests_per_minute": 5},
            users={"anna": {"tokens_per_day": 3000}},
        ),
        quota={"user_defaults": {"tokens_per_day": 10}},
    )
    names = {(s.name, s.limit) for s in await service.status(DEPT, "anna") if s.scope == "user"}
    assert names == {("tokens_per_day", 3000), ("requests_per_minute", 5)}
    others = {(s.name, s.limit) for s in await service.status(DEPT, "bernd") if s.scope == "user"}
    assert others == {("tokens_per_day", 1000), ("requests_per_minute", 5)}

    await service.reserve("anna", DEPT, "m", 1000, 1000)  # 2000 <= 3000 for anna
    with pytest.raises(QuotaExceeded) as refused:
        await service.reserve("bernd", DEPT, "m", 1000, 1000)
    assert refused.value.message.startswith("Ihr Tageskontingent an Tokens reicht")
    assert "verbleibend 1.000 Tokens von 1.000 Tokens" in refused.value.message
    assert refused.value.limit_name == "user.tokens_per_day"


async def test_user_defaults_apply_without_department_user_limits(make_service: Callable) -> None:
    service = make_service(departments=dept({}), quota={"user_defaults": {"concurrent_requests": 1}})
    await service.reserve("anna", DEPT, "m", 1, 1)
    with pytest.raises(QuotaExceeded) as refused:
        await service.reserve("anna", DEPT, "m", 1, 1)
    assert refused.value.code == "rate_limit_exceeded"
    await service.reserve("bernd", DEPT, "m", 1, 1)  # per user, not shared


async def test_model_limit_within_department(make_service: Callable) -> None:
    service = make_service(
        departments=dept({"eur_per_month": 50}, model_limits={"m": {"tokens_per_day": 100}})
    )
    await service.reserve("anna", DEPT, "m", 50, 50)
    await service.reserve("anna", DEPT, "free", 5000, 5000)  # other model unaffected
    with pytest.raises(QuotaExceeded) as refused:
        await service.reserve("bernd", DEPT, "m", 1, 0)
    assert "für das Modell m" in refused.value.message
    assert "durch laufende Anfragen" in refused.value.message  # only the hold is in the way


async def test_requests_per_minute_is_a_fixed_clock_minute(make_service: Callable, clock) -> None:
    service = make_service(departments=dept({"requests_per_minute": 3}))
    clock.advance(50)  # 10:30:50
    for _ in range(3):
        await service.settle(await service.reserve("anna", DEPT, "free", 1, 1), 0, 0)
    with pytest.raises(QuotaExceeded) as refused:
        await service.reserve("anna", DEPT, "free", 1, 1)
    assert refused.value.code == "rate_limit_exceeded"
    assert refused.value.retry_after_seconds == 10
    assert "in 10 Sekunden erneut" in refused.value.message
    clock.advance(10)  # 10:31:00, a new window
    await service.reserve("anna", DEPT, "free", 1, 1)


async def test_headers_name_the_tightest_limit(make_service: Callable) -> None:
    service = make_service(departments=dept({"eur_per_month": 50, "requests_per_minute": 4}))
    reservation = await service.reserve("anna", DEPT, "m", 10, 10)
    assert reservation.headers["X-RateLimit-Limit"] == "4"
    assert reservation.headers["X-RateLimit-Remaining"] == "3"
    assert reservation.headers["X-Budget-Limit-EUR"] == "50.00"


async def test_unlimited_department_still_counts_spend(make_service: Callable) -> None:
    service = make_service(departments=dept({}))
    reservation = await service.reserve("anna", DEPT, "m", 1000, 0)
    await service.settle(reservation, 1000, 500)
    status = await service.status(DEPT)
    assert [(s.name, s.limit, s.used) for s in status] == [
        ("eur_per_month", None, pytest.approx(eur(1000, 500)))
    ]
    assert reservation.headers == {"X-Budget-Used-EUR": "0.00"}


async def test_unknown_department_or_model_is_an_error(make_service: Callable) -> None:
    service = make_service()
    with pytest.raises(KeyError):
        await service.reserve("anna", "fb-unbekannt", "m", 1, 1)
    with pytest.raises(KeyError):
        await service.reserve("anna", DEPT, "nope", 1, 1)
