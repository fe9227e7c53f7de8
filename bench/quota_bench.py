"""Added latency of the quota step per request: reserve + settle, as the gateway does it.

Run: .venv/bin/python bench/quota_bench.py [--redis-url URL] [--requests N] [--runs R]

Each request touches a realistic set of counters (department EUR/month, tokens/day and
requests/minute; user tokens/day and concurrency; a department x model token limit: 6 lines).
Reports per-request medians and p99 over R runs of N sequential requests, for local Redis and
the embedded store, plus the prompt token counter per KB of German text. Keys go under a unique
prefix and are deleted afterwards.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
import uuid

import redis

from gateway.quota import MemoryQuotaStore, QuotaService, QuotaStore, count_prompt_tokens
from gateway.quota.redis_store import RedisQuotaStore
from gateway.settings import Settings

SETTINGS = {
    "secrets": {"key_hmac_secret": "bench"},
    "audit": {"url": "sqlite://", "pseudonym_key": "bench", "signing_key": "bench"},
    "models": [
        {"name": "m", "litellm_model": "openai/x", "input_eur_per_million": 2.5, "output_eur_per_million": 10}
    ],
    "departments": [
        {
            "id": "fb-bench",
            "name": "Benchmark",
            "models": ["m"],
            "limits": {"eur_per_month": 10**6, "tokens_per_day": 10**12, "requests_per_minute": 10**9},
            "user_limits": {"tokens_per_day": 10**12, "concurrent_requests": 100},
            "model_limits": {"m": {"tokens_per_month": 10**12}},
        }
    ],
}


async def one_run(service: QuotaService, requests: int) -> list[float]:
    samples = []
    for i in range(requests):
        started = time.perf_counter()
        reservation = await service.reserve(f"user{i % 50}", "fb-bench", "m", 800, 500)
        await service.settle(reservation, 800, 200)
        samples.append(time.perf_counter() - started)
    return samples


async def measure(name: str, store: QuotaStore, requests: int, runs: int) -> None:
    service = QuotaService(store, Settings.model_validate(SETTINGS))
    await one_run(service, 200)  # warm up: scripts loaded, connections open
    medians, p99s = [], []
    for _ in range(runs):
        samples = sorted(await one_run(service, requests))
        medians.append(statistics.median(samples))
        p99s.append(samples[int(len(samples) * 0.99)])
    print(
        f"{name:>8}: reserve+settle median {statistics.median(medians) * 1000:.3f} ms "
        f"(runs: {', '.join(f'{m * 1000:.3f}' for m in medians)}), "
        f"p99 {statistics.median(p99s) * 1000:.3f} ms"
    )
    await store.close()


def measure_tokens(runs: int) -> None:
    text = ("Sehr geehrte Damen und Herren, anbei der Antrag auf Wohngeld mit allen Unterlagen. ") * 12
    size_kb = len(text.encode()) / 1024
    messages = [{"role": "user", "content": text}]
    count_prompt_tokens(None, messages)  # loads the tokenizer
    medians = []
    for _ in range(runs):
        samples = []
        for _ in range(500):
            started = time.perf_counter()
            count_prompt_tokens(None, messages)
            samples.append(time.perf_counter() - started)
        medians.append(statistics.median(samples))
    print(f"  tokens: count_prompt_tokens median {statistics.median(medians) * 1000 / size_kb:.3f} ms per KB")


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    prefix = f"bench:{uuid.uuid4().hex[:8]}:"
    try:
        await measure("redis", RedisQuotaStore(args.redis_url, prefix, 1.0), args.requests, args.runs)
    finally:
        client = redis.Redis.from_url(args.redis_url)
        keys = list(client.scan_iter(match=prefix + "*", count=1000))
        if keys:
            client.delete(*keys)
        client.close()
    await measure("memory", MemoryQuotaStore(), args.requests, args.runs)
    measure_tokens(args.runs)


if __name__ == "__main__":
    asyncio.run(main())
