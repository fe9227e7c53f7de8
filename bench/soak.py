"""Load soak: a bounded run at a steady rate through a real `gateway serve` process with
redaction, Redis quota and SQLite audit on, against the mock upstream (loopback only).

    .venv/bin/python -m bench.soak [--seconds 600] [--rate 10] [--stream-share 0.3]

Pass criteria (exit 1 if any fails), printed as JSON:
- no errors: every request answered 200 (streams end with [DONE]);
- memory: the gateway's RSS at the end exceeds its RSS after warm-up (first 20 % of the run)
  by at most `--rss-bound-mib` (default 64 MiB);
- audit: "accepted" and "completed" records each equal the number of requests sent;
- quota: the department's settled tokens equal the sum of the usage the upstream reported,
  and nothing stays reserved.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path

import httpx
import sqlalchemy as sa

from audit.schema import events
from audit.store import create_audit_engine
from bench.prompts import office_prompts
from tests.e2e.conftest import audit_url_of, e2e_config
from tests.harness import GatewayProcess, delete_redis_keys
from tests.mock_upstream import MockUpstream


@dataclass
class SoakResult:
    seconds: float
    rate: float
    requests: int = 0
    errors: int = 0
    error_kinds: dict[str, int] = field(default_factory=dict)
    latency_ms_p50: float = 0.0
    latency_ms_p99: float = 0.0
    rss_start_mib: float = 0.0
    rss_warm_mib: float = 0.0
    rss_end_mib: float = 0.0
    rss_max_mib: float = 0.0
    rss_growth_mib: float = 0.0
    rss_bound_mib: float = 64.0
    audit_accepted: int = 0
    audit_completed: int = 0
    quota_tokens: int = 0
    upstream_tokens: int = 0
    quota_reserved: float = 0.0
    failures: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures


def _rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def _drive(gateway: GatewayProcess, key: str, seconds: float, rate: float, stream_share: float,
                 result: SoakResult) -> list[float]:
    """Open-loop: a new request every 1/rate s whatever the answers do (no coordinated omission)."""
    prompts = [text for text, _ in office_prompts(32)]
    latencies: list[float] = []
    rss: list[tuple[float, float]] = []
    limits = httpx.Limits(max_connections=200, max_keepalive_connections=50)
    headers = {"authorization": f"Bearer {key}"}
    async with httpx.AsyncClient(limits=limits, timeout=60, headers=headers) as client:

        async def one(number: int) -> None:
            stream = (number * 7919 % 100) < stream_share * 100
            body = {"model": "gpt-test", "stream": stream, "max_tokens": 400,
                    "messages": [{"role": "user", "content": prompts[number % len(prompts)]}]}
            started = time.perf_counter()
            try:
                if stream:
                    async with client.stream("POST", gateway.url + "/chat/completions", json=body) as response:
                        text = b"".join([part async for part in response.aiter_bytes()])
                        ok = response.status_code == 200 and text.endswith(b"data: [DONE]\n\n")
                        kind = str(response.status_code)
                else:
                    response = await client.post(gateway.url + "/chat/completions", json=body)
                    ok, kind = response.status_code == 200, str(response.status_code)
            except httpx.HTTPError as exc:
                ok, kind = False, type(exc).__name__
            latencies.append((time.perf_counter() - started) * 1000)
            if not ok:
                result.errors += 1
                result.error_kinds[kind] = result.error_kinds.get(kind, 0) + 1

        tasks = []
        start = time.perf_counter()
        number = 0
        while (now := time.perf_counter() - start) < seconds:
            due = number / rate
            if due > now:
                await asyncio.sleep(due - now)
            tasks.append(asyncio.create_task(one(number)))
            number += 1
            if number % max(1, int(rate * 5)) == 0:
                rss.append((time.perf_counter() - start, _rss_mib(gateway.pid)))
        await asyncio.gather(*tasks)
        result.requests = number
    warm = [m for t, m in rss if t >= seconds * 0.2] or [m for _, m in rss] or [_rss_mib(gateway.pid)]
    result.rss_warm_mib = round(warm[0], 1)
    result.rss_max_mib = round(max(m for _, m in rss) if rss else 0.0, 1)
    return latencies


def run_soak(seconds: float = 600, rate: float = 10, stream_share: float = 0.3, rss_bound_mib: float = 64,
             redis_url: str = "redis://127.0.0.1:6379/0", directory: Path | None = None) -> SoakResult:
    directory = directory or Path(tempfile.mkdtemp(prefix="gateway-soak-"))
    prefix = f"gwsoak:{uuid.uuid4().hex[:8]}:"
    upstream = MockUpstream().start()
    config = e2e_config(directory, upstream.url, redis_url=redis_url, prefix=prefix,
                        limits={"eur_per_month": 10_000.0}, server={"log_level": "warning"})
    gateway = GatewayProcess(config, directory, name="soak").start()
    result = SoakResult(seconds=seconds, rate=rate, rss_bound_mib=rss_bound_mib)
    try:
        key = gateway.issue_key("soak.user", "fb-e2e")
        result.rss_start_mib = round(_rss_mib(gateway.pid), 1)
        latencies = sorted(asyncio.run(_drive(gateway, key, seconds, rate, stream_share, result)))
        time.sleep(1.0)  # settlements and closing audit records of the last streams
        result.rss_end_mib = round(_rss_mib(gateway.pid), 1)
        result.rss_growth_mib = round(result.rss_end_mib - result.rss_warm_mib, 1)
        if latencies:
            result.latency_ms_p50 = round(latencies[len(latencies) // 2], 1)
            result.latency_ms_p99 = round(latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))], 1)
        response = httpx.get(gateway.url + "/usage", headers={"authorization": f"Bearer {key}"}, timeout=10)
        limits = {(x["scope"], x["name"]): x for x in response.json()["limits"]}
        result.quota_tokens = int(limits[("department", "tokens_per_month")]["used"])
        result.quota_reserved = float(limits[("department", "eur_per_month")]["reserved"])
        result.upstream_tokens = sum(u["prompt_tokens"] + u["completion_tokens"] for u in upstream.usage_reported)
        engine = create_audit_engine(audit_url_of(config))
        with engine.connect() as conn:
            counts = dict(conn.execute(sa.select(events.c.event_type, sa.func.count())
                                       .group_by(events.c.event_type)).all())
        engine.dispose()
        result.audit_accepted = int(counts.get("request.accepted", 0))
        result.audit_completed = int(counts.get("request.completed", 0))
    finally:
        gateway.stop()
        upstream.stop()
        delete_redis_keys(redis_url, prefix)
    _judge(result)
    return result


def _judge(result: SoakResult) -> None:
    if result.errors:
        result.failures.append(f"{result.errors} errors: {result.error_kinds}")
    if result.rss_growth_mib > result.rss_bound_mib:
        result.failures.append(f"RSS grew {result.rss_growth_mib} MiB after warm-up (bound {result.rss_bound_mib})")
    if not result.audit_accepted == result.audit_completed == result.requests:
        result.failures.append(f"audit accepted/completed {result.audit_accepted}/{result.audit_completed} "
                               f"for {result.requests} requests")
    if result.quota_tokens != result.upstream_tokens or result.quota_reserved != 0:
        result.failures.append(f"quota tokens {result.quota_tokens} vs upstream {result.upstream_tokens}, "
                               f"reserved {result.quota_reserved}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=600)
    parser.add_argument("--rate", type=float, default=10, help="requests per second")
    parser.add_argument("--stream-share", type=float, default=0.3)
    parser.add_argument("--rss-bound-mib", type=float, default=64)
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    args = parser.parse_args(argv)
    result = run_soak(args.seconds, args.rate, args.stream_share, args.rss_bound_mib, args.redis_url)
    print(json.dumps({**asdict(result), "ok": result.ok}, indent=2))
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
