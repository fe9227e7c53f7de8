"""A closed-loop HTTP/1.1 load generator on raw asyncio streams.

Why not httpx or the openai SDK: the load generator shares one core with the mock upstream and
must stay far from saturating it; an httpx request costs ~0.8 ms of client CPU, a raw keep-alive
request here ~0.05 ms. wrk would do too, but it is not installed everywhere and cannot record time
to first byte of a stream.

`concurrency` connections each send requests back to back for `duration` seconds (after
`warmup` seconds that are not recorded). Per request we record the total latency (request written
→ last body byte) and the time to first byte: for streams the first `data:` event, for plain
responses the end of the headers.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass
class Sample:
    latency: float
    ttfb: float
    events: int


@dataclass
class LoadResult:
    concurrency: int
    duration: float
    samples: list[Sample] = field(default_factory=list)
    errors: int = 0
    first_error: str | None = None
    # Every 200 answer including the warm-up: the denominator for the proxy's CPU per request.
    total_ok: int = 0
    # 200 answers that finished inside the recording window: the numerator of throughput. (Counting
    # by start time instead undercounts slow targets at high concurrency, whose answers arrive late.)
    window_ok: int = 0

    @property
    def completed(self) -> int:
        return len(self.samples)

    @property
    def rps(self) -> float:
        return self.window_ok / self.duration if self.duration else 0.0

    def percentile(self, q: float, what: str = "latency") -> float:
        """Nearest-rank percentile in milliseconds (0 when nothing was recorded)."""
        values = sorted(getattr(s, what) for s in self.samples)
        if not values:
            return 0.0
        index = min(len(values) - 1, max(0, round(q / 100 * len(values) + 0.5) - 1))
        return values[index] * 1000

    def mean_events(self) -> float:
        return statistics.fmean(s.events for s in self.samples) if self.samples else 0.0


class HttpError(Exception):
    pass


def build_request(host: str, port: int, path: str, body: bytes, token: str | None) -> bytes:
    auth = f"authorization: Bearer {token}\r\n" if token else ""
    head = (f"POST {path} HTTP/1.1\r\nhost: {host}:{port}\r\ncontent-type: application/json\r\n"
            f"user-agent: gateway-bench/1\r\n{auth}content-length: {len(body)}\r\n\r\n")
    return head.encode() + body


async def _read_response(reader: asyncio.StreamReader, started: float) -> tuple[int, float, int, bool]:
    """Read one response; return (status, ttfb seconds, SSE events seen, keep-alive)."""
    head = await reader.readuntil(b"\r\n\r\n")
    headers_at = time.perf_counter()
    lines = head.split(b"\r\n")
    status = int(lines[0].split(b" ", 2)[1])
    length, chunked, keep_alive = None, False, True
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        name, value = name.strip().lower(), value.strip().lower()
        if name == b"content-length":
            length = int(value)
        elif name == b"transfer-encoding" and b"chunked" in value:
            chunked = True
        elif name == b"connection" and value == b"close":
            keep_alive = False
    if not chunked:
        if length is None:
            await reader.read()
            return status, headers_at - started, 0, False
        await reader.readexactly(length)
        return status, headers_at - started, 0, keep_alive
    first_event: float | None = None
    events = 0
    while True:
        size_line = await reader.readuntil(b"\r\n")
        size = int(size_line.split(b";", 1)[0], 16)
        if size == 0:
            await reader.readuntil(b"\r\n")  # trailer end
            break
        data = await reader.readexactly(size + 2)
        count = data.count(b"data:")
        if count:
            events += count
            if first_event is None:
                first_event = time.perf_counter()
    ttfb = (first_event or headers_at) - started
    return status, ttfb, events, keep_alive


@dataclass
class Window:
    """The recording window; opened once every connection has had an answer (see run_load)."""

    concurrency: int
    record_from: float = float("inf")
    stop_at: float = float("inf")
    warmed: int = 0
    all_warm: asyncio.Event = field(default_factory=asyncio.Event)


async def _connection(host: str, port: int, requests: Sequence[bytes], offset: int, result: LoadResult,
                      window: Window) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    i = offset
    first = True
    try:
        while time.perf_counter() < window.stop_at:
            payload = requests[i % len(requests)]
            i += 1
            started = time.perf_counter()
            writer.write(payload)
            try:
                status, ttfb, events, keep_alive = await _read_response(reader, started)
            except (asyncio.IncompleteReadError, ConnectionError) as exc:
                result.errors += 1
                result.first_error = result.first_error or f"connection: {type(exc).__name__}"
                writer.close()
                reader, writer = await asyncio.open_connection(host, port)
                continue
            finished = time.perf_counter()
            if first:
                first = False
                window.warmed += 1
                if window.warmed == window.concurrency:
                    window.all_warm.set()
            result.total_ok += status == 200
            result.window_ok += status == 200 and window.record_from <= finished <= window.stop_at
            if started >= window.record_from:
                if status == 200:
                    result.samples.append(Sample(finished - started, ttfb, events))
                else:
                    result.errors += 1
                    result.first_error = result.first_error or f"HTTP {status}"
            if not keep_alive:
                writer.close()
                reader, writer = await asyncio.open_connection(host, port)
    finally:
        writer.close()


async def run_load(host: str, port: int, requests: Sequence[bytes], concurrency: int, duration: float,
                   warmup: float = 0.5) -> LoadResult:
    """Closed loop: each connection sends its next request when the previous answer is complete.

    The warm-up lasts `warmup` seconds and at least until every connection has had one answer
    (a slow target at concurrency 50 needs seconds for its first round; at most 60 s). Latencies are
    recorded for requests started inside the window [warm-up end, deadline] (the last ones are
    awaited); throughput counts answers that finished inside the window.
    """
    window = Window(concurrency)
    result = LoadResult(concurrency=concurrency, duration=duration)
    tasks = [asyncio.create_task(_connection(host, port, requests, n * 7, result, window))
             for n in range(concurrency)]
    await asyncio.sleep(warmup)
    try:
        await asyncio.wait_for(window.all_warm.wait(), 60)
    except TimeoutError:
        pass  # a connection keeps failing; its errors are counted
    window.record_from = time.perf_counter()
    window.stop_at = window.record_from + duration
    await asyncio.gather(*tasks)
    return result


async def run_count(host: str, port: int, requests: Sequence[bytes], count: int) -> LoadResult:
    """`count` sequential requests on one connection (large documents, start-up probes)."""
    result = LoadResult(concurrency=1, duration=0.0)
    started = time.perf_counter()
    reader, writer = await asyncio.open_connection(host, port)
    try:
        for i in range(count):
            t0 = time.perf_counter()
            writer.write(requests[i % len(requests)])
            status, ttfb, events, _ = await _read_response(reader, t0)
            if status == 200:
                result.samples.append(Sample(time.perf_counter() - t0, ttfb, events))
            else:
                result.errors += 1
                result.first_error = result.first_error or f"HTTP {status}"
    finally:
        writer.close()
    result.duration = time.perf_counter() - started
    return result
