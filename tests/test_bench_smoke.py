"""Smoke test of the benchmark harness (bench/): the mock upstream answers, the load generator counts
what it should, and the report renders with floors judged from the numbers it is given.

No timing assertions: performance is measured by `make bench`, not by tests.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from bench import run
from bench.fast_upstream import STREAM_CHUNKS
from bench.loadgen import build_request, run_count, run_load
from bench.prompts import LARGE_BYTES, chat_body, large_document, office_prompts

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def upstream():
    port = run.free_port()
    process = subprocess.Popen([sys.executable, "-m", "bench.fast_upstream", str(port)], cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    assert process.stdout is not None
    assert process.stdout.readline().strip() == b"ready"
    yield port
    process.terminate()
    process.wait(timeout=10)


def test_prompts_are_office_texts_with_personal_data():
    prompts = office_prompts()
    assert len({text for text, _ in prompts}) == len(prompts) >= 16
    assert all(900 <= len(text.encode()) <= 1100 and 4 <= items <= 7 for text, items in prompts)
    assert len(large_document().encode()) >= LARGE_BYTES


async def test_plain_and_streamed_answers_are_counted(upstream):
    texts = [text for text, _ in office_prompts()[:4]]
    plain = [build_request("127.0.0.1", upstream, "/v1/chat/completions", chat_body("mock-bench", t, False), None)
             for t in texts]
    result = await run_load("127.0.0.1", upstream, plain, concurrency=3, duration=0.3, warmup=0.1)
    assert result.errors == 0 and result.completed > 0 and result.window_ok > 0
    assert result.total_ok >= result.completed

    streams = [build_request("127.0.0.1", upstream, "/v1/chat/completions", chat_body(m, texts[0], True), None)
               for m in ("mock-bench", "mock-bench-200")]
    short = await run_count("127.0.0.1", upstream, streams[:1], 2)
    long = await run_count("127.0.0.1", upstream, streams[1:], 1)
    # content chunks + the finish chunk + [DONE]
    assert [s.events for s in short.samples] == [STREAM_CHUNKS + 2] * 2
    assert long.samples[0].events == 200 + 2
    assert all(s.ttfb <= s.latency for s in short.samples)


async def test_echo_carries_the_prompt_back(upstream):
    """The mock's answer quotes the prompt, so the gateway's restore has placeholders to swap back."""
    import asyncio

    reader, writer = await asyncio.open_connection("127.0.0.1", upstream)
    body = chat_body("mock-bench", "Herr Max Mustermann bittet um Rückruf.", False)
    writer.write(build_request("127.0.0.1", upstream, "/v1/chat/completions", body, None))
    head = await reader.readuntil(b"\r\n\r\n")
    length = next(int(line.split(b":")[1]) for line in head.split(b"\r\n")
                  if line.lower().startswith(b"content-length"))
    answer = orjson.loads(await reader.readexactly(length))
    writer.close()
    assert "Max Mustermann" in answer["choices"][0]["message"]["content"]
    assert answer["usage"]["prompt_tokens"] > 0


def _row(p50: float, p99: float, rps: float, cpu: float, ttfb: float | None = None) -> dict[str, float]:
    return {"p50_ms": p50, "p99_ms": p99, "ttfb_p50_ms": ttfb if ttfb is not None else p50, "ttfb_p99_ms": p99,
            "rps": rps, "cpu_ms_per_request": cpu, "errors": 0.0, "events": 0.0}


def _summary(ours_p50: float) -> dict:
    scenarios = {}
    for key in ("plain/c1", "plain/c50", "stream/c1", "stream/c10", "stream/c50", "stream200/c10"):
        cpu_ours = {"stream/c10": 5.0, "stream200/c10": 6.8}.get(key, 5.0)
        cpu_peer = {"stream/c10": 20.0, "stream200/c10": 164.0}.get(key, 10.0)
        scenarios[key] = {"direct": _row(1, 2, 5000, float("nan")), "gateway-sqlite": _row(ours_p50, 9, 200, cpu_ours),
                          "litellm": _row(11, 15, 90, cpu_peer)}
    summary = {"meta": {"date": "d", "machine": "m", "runs": 1, "duration": 1, "cores": ["0", "1"], "prompts": 1,
                        "versions": {}},
               "scenarios": scenarios, "large": {},
               "targets": {"gateway-sqlite": {"startup_s": 2.0, "rss_mb": 200.0, "version": "x"},
                           "litellm": {"startup_s": 6.0, "rss_mb": 400.0, "version": "y"}}}
    for rows in scenarios.values():
        for name in ("gateway-sqlite", "litellm"):
            rows[name]["added_p50_ms"] = rows[name]["p50_ms"] - 1
            rows[name]["added_p99_ms"] = rows[name]["p99_ms"] - 2
            rows[name]["added_ttfb_ms"] = rows[name]["ttfb_p50_ms"] - 1
    return summary


def test_floors_are_judged_from_the_numbers():
    fast = {f: ok for f, _, _, _, ok in run.floors(_summary(ours_p50=4), "gateway-sqlite")}
    slow = {f: ok for f, _, _, _, ok in run.floors(_summary(ours_p50=9), "gateway-sqlite")}
    latency = next(f for f in fast if f.startswith("added latency p50"))
    assert fast[latency] and not slow[latency]
    chunk = next(f for f in fast if f.startswith("CPU per streamed chunk"))
    assert fast[chunk]  # (6.8 - 5.0) / 180 = 0.01 ms
    report = run.render(_summary(ours_p50=4))
    assert "## Floors (issue 7)" in report and "| plain/c1 | gateway-sqlite |" in report


def test_notes_below_the_marker_survive_a_rewrite(tmp_path):
    results = tmp_path / "RESULTS.md"
    results.write_text("old table\n" + run.NOTES_MARKER + "\n## Where the time goes\nkept\n")
    assert run.kept_notes(results).endswith("## Where the time goes\nkept\n")
    assert run.NOTES_MARKER in run.kept_notes(tmp_path / "missing.md")
