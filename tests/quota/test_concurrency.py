"""Many concurrent reservations against one budget: the limit holds, the books balance."""

from __future__ import annotations

import asyncio
import json
import random
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from gateway.quota import QuotaExceeded, QuotaService

DEPT = "fb-buergerservice"
# Worst case per request: 100 prompt + 200 output tokens = 0.1 + 0.4 = 0.50 EUR; 25 EUR admits 50.
WORST_EUR = 0.5
BUDGET = 25.0


async def attempt(service: QuotaService, user: str, usage: random.Random) -> tuple[float, float] | None:
    try:
        reservation = await service.reserve(user, DEPT, "m", 100, 200)
    except QuotaExceeded:
        return None
    await asyncio.sleep(0)  # let others interleave while this one is "at the provider"
    return reservation.reserved_eur, await service.settle(reservation, 100, usage.randint(0, 200))


async def test_200_concurrent_reservations_never_pass_the_budget(make_service: Callable) -> None:
    service = make_service(
        departments=[
            {"id": DEPT, "name": "Bürgerservice", "models": ["m"], "limits": {"eur_per_month": BUDGET}}
        ]
    )
    usage = random.Random(4)
    # Hold every reservation until all 200 have tried: no settle frees budget mid-run.
    gate = asyncio.Event()

    tried = 0

    async def reserve_and_wait(i: int) -> tuple[float, float] | None:
        nonlocal tried
        try:
            reservation = await service.reserve(f"user{i}", DEPT, "m", 100, 200)
        except QuotaExceeded:
            return None
        finally:
            tried += 1
            if tried == 200:
                gate.set()
        await gate.wait()
        return reservation.reserved_eur, await service.settle(reservation, 100, usage.randint(0, 200))

    tasks = [asyncio.create_task(reserve_and_wait(i)) for i in range(200)]
    results = [r for r in await asyncio.gather(*tasks) if r is not None]

    admitted = sum(reserved for reserved, _ in results)
    assert admitted <= BUDGET + WORST_EUR
    assert len(results) == 50  # strict: exactly what fits
    status = {s.name: s for s in await service.status(DEPT)}
    assert status["eur_per_month"].used == pytest.approx(sum(cost for _, cost in results))
    assert status["eur_per_month"].reserved == 0


async def test_concurrent_with_settles_in_between(make_service: Callable) -> None:
    service = make_service(
        departments=[{"id": DEPT, "name": "Bürgerservice", "models": ["m"], "limits": {"eur_per_month": 5.0}}]
    )
    usage = random.Random(7)
    results = [r for r in await asyncio.gather(*(attempt(service, f"u{i}", usage) for i in range(200))) if r]
    charged = sum(cost for _, cost in results)
    assert charged <= 5.0
    status = {s.name: s for s in await service.status(DEPT)}
    assert status["eur_per_month"].used == pytest.approx(charged)
    assert status["eur_per_month"].reserved == 0


WORKER = Path(__file__).with_name("worker.py")


def test_two_processes_share_one_global_limit(redis_url: str, redis_prefix: str) -> None:
    """Two OS processes, each trying 100 reservations against one Redis: 50 in total, not 2 x 50.

    Either process alone would admit 50 on its own counters; the shared store keeps the sum there.
    """
    command = [sys.executable, str(WORKER), redis_url, redis_prefix, str(BUDGET), "100"]
    root = Path(__file__).parents[2]
    workers = [
        subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=root,
            env={"PYTHONPATH": str(root), "LITELLM_LOCAL_MODEL_COST_MAP": "True"},
        )
        for _ in range(2)
    ]
    for worker in workers:
        assert worker.stdout is not None and worker.stdout.readline().strip() == "ready"
    outputs = [json.loads(w.communicate("go\n", timeout=60)[0]) for w in workers]
    admitted = sum(o["admitted"] for o in outputs)
    assert all(w.returncode == 0 for w in workers)
    assert admitted == 50
    assert sum(o["reserved_eur"] for o in outputs) <= BUDGET + WORST_EUR
