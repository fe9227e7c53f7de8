"""One gateway-like process for the multi-process test: N concurrent reservations, held to the end.

Prints "ready", waits for a line on stdin, then prints {"admitted": n, "reserved_eur": x} as
JSON. Run as a script (not collected by pytest).
"""

from __future__ import annotations

import asyncio
import json
import sys

from gateway.quota import QuotaExceeded, QuotaService
from gateway.quota.redis_store import RedisQuotaStore
from tests.quota.conftest import make_settings


async def main(url: str, prefix: str, budget: float, attempts: int) -> None:
    settings = make_settings(
        departments=[
            {
                "id": "fb-buergerservice",
                "name": "Bürgerservice",
                "models": ["m"],
                "limits": {"eur_per_month": budget},
            }
        ]
    )
    service = QuotaService(RedisQuotaStore(url, prefix, 2.0), settings)

    async def one(i: int) -> float | None:
        try:
            reservation = await service.reserve(f"u{i}", "fb-buergerservice", "m", 100, 200)
        except QuotaExceeded:
            return None
        return reservation.reserved_eur  # never settled: holds stay until the test's prefix is deleted

    # Start together: report ready, wait for the test's "go", so both processes contend at once.
    print("ready", flush=True)
    await asyncio.to_thread(sys.stdin.readline)
    results = [r for r in await asyncio.gather(*(one(i) for i in range(attempts))) if r is not None]
    await service.store.close()
    print(json.dumps({"admitted": len(results), "reserved_eur": sum(results)}))


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4])))
