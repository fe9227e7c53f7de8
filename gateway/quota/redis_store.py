"""Quota store in Redis, shared by all gateway replicas.

Each step is one Lua script (one round trip, atomic on the server). Every call is bounded by
the configured timeout; any error or timeout becomes `QuotaUnavailable` and nothing is admitted.
There is no local fallback on purpose: per-process counters would multiply a global limit by the
number of replicas.

Keys (all under the configured prefix, which should end in ":"):
  q:<counter>          hash: used, held, r:<reservation id> -> held amount
  q:<counter>:exp      zset: reservation id -> hold expiry in ms (prunes orphaned holds)
  res:<reservation id> idempotency record; settle runs only while it exists
The scripts take every key they touch as KEYS, but one reservation spans several counters, so
a Redis Cluster would need all of them in one hash slot (put a hash tag such as "{gw}:" into
the prefix).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Sequence
from importlib import resources
from typing import Any, TypeVar

import redis.asyncio as aioredis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import RedisError, ResponseError

from gateway.quota.errors import QuotaUnavailable
from gateway.quota.store import CounterState, Refused, ReserveLine, SettleLine

T = TypeVar("T")
log = logging.getLogger(__name__)

# Orphaned records (replica died before settle) are kept this long beyond the hold, so a request
# that outlives its hold can still settle its real usage.
RECORD_GRACE_SECONDS = 86_400


def _script(name: str) -> str:
    return resources.files("gateway.quota").joinpath(name).read_text(encoding="utf-8")


def _ms(seconds: float) -> int:
    return int(seconds * 1000)


class RedisQuotaStore:
    def __init__(self, url: str, key_prefix: str, timeout_seconds: float, max_connections: int = 32) -> None:
        self._prefix = key_prefix
        self._timeout = timeout_seconds
        # A bounded pool that waits for a free connection (within the same timeout) instead of
        # failing when many requests arrive at once; the wait counts against `timeout_seconds`.
        pool = aioredis.BlockingConnectionPool.from_url(
            url,
            max_connections=max_connections,
            timeout=timeout_seconds,
            socket_timeout=timeout_seconds,
            socket_connect_timeout=timeout_seconds,
            health_check_interval=0,
        )
        self._redis = aioredis.Redis(
            connection_pool=pool,
            # No retries: a retry after a timeout doubles the wait the client sees, and the
            # gateway's answer to an unavailable store is a quick 503, not a slow success.
            retry=Retry(NoBackoff(), 0),
        )
        self._reserve = self._redis.register_script(_script("reserve.lua"))
        self._settle = self._redis.register_script(_script("settle.lua"))
        self._read = self._redis.register_script(_script("read.lua"))

    def _keys(self, counter: str) -> tuple[str, str]:
        key = f"{self._prefix}q:{counter}"
        return key, key + ":exp"

    async def _call(self, work: Awaitable[T]) -> T:
        try:
            async with asyncio.timeout(self._timeout):
                return await work
        except TimeoutError:
            raise QuotaUnavailable("timeout") from None
        except ResponseError as exc:
            # A script error is a bug, not an outage: still refuse, but keep the server's words.
            log.error("quota script failed: %s", exc)
            raise QuotaUnavailable(type(exc).__name__) from None
        except (RedisError, OSError) as exc:
            raise QuotaUnavailable(type(exc).__name__) from None

    async def reserve(
        self, reservation_id: str, lines: Sequence[ReserveLine], now: float, hold_until: float
    ) -> Refused | list[CounterState]:
        keys: list[str] = [f"{self._prefix}res:{reservation_id}"]
        args: list[Any] = [
            reservation_id,
            _ms(now),
            _ms(hold_until),
            _ms(hold_until - now + RECORD_GRACE_SECONDS),
            len(lines),
        ]
        for line in lines:
            keys.extend(self._keys(line.key))
            args.extend(
                [-1 if line.limit is None else line.limit, line.amount, int(line.hold), _ms(line.expires_at)]
            )
        reply = await self._call(self._reserve(keys=keys, args=args))
        if reply[0] == 0:
            return Refused(int(reply[1]), CounterState(int(reply[2]), int(reply[3])))
        return [CounterState(int(reply[i]), int(reply[i + 1])) for i in range(1, len(reply), 2)]

    async def settle(self, reservation_id: str, lines: Sequence[SettleLine], now: float) -> bool:
        keys: list[str] = [f"{self._prefix}res:{reservation_id}"]
        args: list[Any] = [reservation_id, _ms(now), len(lines)]
        for line in lines:
            keys.extend(self._keys(line.key))
            args.extend([line.used, _ms(line.expires_at)])
        return bool(await self._call(self._settle(keys=keys, args=args)))

    async def read(self, keys: Sequence[str], now: float) -> list[CounterState]:
        if not keys:
            return []
        redis_keys = [k for key in keys for k in self._keys(key)]
        reply = await self._call(self._read(keys=redis_keys, args=[_ms(now)]))
        return [CounterState(int(reply[i]), int(reply[i + 1])) for i in range(0, len(reply), 2)]

    async def close(self) -> None:
        await self._redis.aclose(close_connection_pool=True)
