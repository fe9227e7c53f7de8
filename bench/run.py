"""`make bench`: our gateway side by side with LiteLLM Proxy, on the same mock upstream, in one run.

Targets (all against bench/fast_upstream.py):
  direct          the load generator talks to the mock itself (baseline for "added" numbers)
  gateway-sqlite  our gateway: German redaction, quota on Redis, audit on SQLite
  gateway-pg      the same with audit on PostgreSQL (a fresh database, dropped afterwards)
  litellm         LiteLLM Proxy from bench/.peer-venv (same litellm version), one worker, no database
  gateway-sqlite@REV  with --baseline REV: gateway-sqlite as of git revision REV (before/after)

Pinning as in the peer measurement: this process (load generator) and the mock on core 0, every
proxy on core 1. All proxies run at once and the repetitions rotate over them, so machine noise
(other people's tests on this 2-core box) hits every target alike; only ratios from one run count.

Per scenario (non-streaming / 20-chunk streams × concurrency 1, 10, 50) and target we keep the
median over `--runs` repetitions of p50/p99 latency, time to first byte, requests/s, and CPU of
the proxy process per request (from /proc, so it is independent of the load generator).

Run: .venv/bin/python -m bench.run [--runs 3] [--duration 3] [--only gateway-sqlite,litellm]
     [--quick] [--baseline REV] [--profile SECONDS]   (writes bench/RESULTS.md and bench/out/results.json)
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import http.client
import json
import os
import platform
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any

from bench.fast_upstream import STREAM_CHUNKS
from bench.loadgen import LoadResult, build_request, run_count, run_load
from bench.prompts import chat_body, large_document, office_prompts

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
PEER_VENV = BENCH / ".peer-venv"
OUT = BENCH / "out"
HOST = "127.0.0.1"
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
REDIS_URL = "redis://127.0.0.1:6379/0"
CLK_TCK = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")

# Floors from issue 7 (ratios to the peer from the same run, or absolute).
LATENCY_RATIO = 0.5
THROUGHPUT_RATIO = 2.0
CPU_PER_CHUNK_MS = 0.25
STARTUP_S = 3.0
RSS_MB = 300
LONG_CHUNKS = 200


# --- processes ---------------------------------------------------------------------------------
def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def cores() -> tuple[str, str]:
    """(load generator + mock core, proxy core); both "0" on a one-core machine."""
    count = os.cpu_count() or 1
    return ("0", "1") if count >= 2 else ("0", "0")


def _tree(pid: int) -> list[int]:
    """pid and all its descendants (uvicorn/gunicorn may fork workers)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as fh:
                    ppid = int(fh.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


def cpu_seconds(pid: int) -> float:
    total = 0
    for p in _tree(pid):
        try:
            with open(f"/proc/{p}/stat", "rb") as fh:
                fields = fh.read().rsplit(b")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime + stime
        except (OSError, IndexError, ValueError):
            continue
    return total / CLK_TCK


def rss_mb(pid: int) -> float:
    """RSS of the process tree (a single worker: just the process)."""
    total = 0
    for p in _tree(pid):
        try:
            with open(f"/proc/{p}/statm") as fh:
                total += int(fh.read().split()[1]) * PAGE
        except (OSError, IndexError, ValueError):
            continue
    return total / 2**20


def http_status(port: int, path: str, timeout: float = 2.0) -> int:
    try:
        conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
        conn.request("GET", path)
        status = conn.getresponse().status
        conn.close()
        return status
    except OSError:
        return 0


@dataclass
class Target:
    name: str
    port: int
    model: str
    long_model: str
    token: str | None = None
    process: subprocess.Popen[bytes] | None = None
    startup_s: float | None = None
    rss_after_mb: float | None = None
    version: str = ""
    log: Path | None = None

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process else None


def start_process(target: Target, argv: list[str], ready_path: str, env: dict[str, str], core: str,
                  timeout: float = 90.0) -> None:
    """Start pinned to `core` and record seconds from exec to the first 200 on `ready_path`."""
    assert target.log is not None
    log = target.log.open("wb")
    pinned = ["taskset", "-c", core, *argv] if shutil.which("taskset") else argv
    started = time.perf_counter()
    target.process = subprocess.Popen(pinned, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=ROOT,
                                      start_new_session=True)
    deadline = started + timeout
    while time.perf_counter() < deadline:
        if target.process.poll() is not None:
            tail = target.log.read_text(errors="replace")[-3000:]
            raise RuntimeError(f"{target.name} exited during start-up:\n{tail}")
        if http_status(target.port, ready_path, timeout=1.0) == 200:
            target.startup_s = time.perf_counter() - started
            return
        time.sleep(0.02)
    raise RuntimeError(f"{target.name} not ready after {timeout:.0f} s; see {target.log}")


def stop_process(process: subprocess.Popen[bytes] | None) -> None:
    if process is None or process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)
    except (subprocess.TimeoutExpired, ProcessLookupError):
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait(timeout=5)


# --- targets -----------------------------------------------------------------------------------
def _fill(template: Path, **values: str) -> str:
    text = template.read_text(encoding="utf-8")
    for key, value in values.items():
        text = text.replace("{{" + key + "}}", value)
    return text


@contextmanager
def postgres_database() -> Iterator[str]:
    """A fresh database for one run's audit log, dropped afterwards."""
    import psycopg

    name = f"gwbench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def redis_prefix() -> Iterator[str]:
    import redis

    prefix = f"gwbench:{uuid.uuid4().hex[:10]}:"
    try:
        yield prefix
    finally:
        client = redis.Redis.from_url(REDIS_URL)
        keys = list(client.scan_iter(match=prefix + "*", count=1000))
        if keys:
            client.delete(*keys)
        client.close()


def gateway_target(name: str, workdir: Path, upstream: str, audit_url: str, prefix: str, core: str,
                   audit_kind: str, extra_env: dict[str, str] | None = None) -> Target:
    from audit import generate_signing_key_pem

    directory = workdir / name
    (directory / "secrets").mkdir(parents=True)
    for secret in ("key_hmac_secret", "session_secret", "pseudonym_key"):
        (directory / "secrets" / secret).write_text(secrets.token_urlsafe(32))
    (directory / "secrets" / "signing.pem").write_text(generate_signing_key_pem())
    port = free_port()
    config = directory / "gateway.yaml"
    config.write_text(_fill(BENCH / "configs" / "gateway.yaml", port=str(port), dir=str(directory),
                            upstream=upstream, redis_url=REDIS_URL, redis_prefix=prefix, audit_url=audit_url,
                            audit_kind=audit_kind))
    script = ROOT / ".venv" / "bin" / "gateway"
    gateway = [str(script)] if script.exists() else [sys.executable, "-m", "gateway.cli"]
    env = {**os.environ, "LITELLM_LOCAL_MODEL_COST_MAP": "True", **(extra_env or {})}
    created = subprocess.run([*gateway, "--config", str(config), "keys", "create", "--user", "bench-user",
                              "--department", "fb-bench"], capture_output=True, env=env, cwd=ROOT, check=True)
    token = created.stdout.decode().strip().splitlines()[-1]
    target = Target(name, port, "bench-model", "bench-model-long", token=token, log=directory / "server.log",
                    version=version("gateway") if _has_dist("gateway") else "main")
    start_process(target, [*gateway, "--config", str(config), "serve", "--port", str(port)], "/readyz", env, core)
    return target


def litellm_target(workdir: Path, upstream: str, core: str) -> Target:
    directory = workdir / "litellm"
    directory.mkdir()
    config = directory / "config.yaml"
    config.write_text(_fill(BENCH / "configs" / "litellm.yaml", upstream=upstream))
    port = free_port()
    master_key = "sk-bench-" + secrets.token_hex(24)
    env = {**os.environ, "LITELLM_LOCAL_MODEL_COST_MAP": "True", "LITELLM_LOG": "ERROR",
           "LITELLM_TELEMETRY": "False", "DISABLE_SCHEMA_UPDATE": "True", "LITELLM_MASTER_KEY": master_key}
    env.pop("DATABASE_URL", None)
    python = str(PEER_VENV / "bin" / "python")
    peer_version = subprocess.run([python, "-c", "from importlib.metadata import version; print(version('litellm'))"],
                                  capture_output=True, text=True, check=True).stdout.strip()
    target = Target("litellm", port, "bench-model", "bench-model-long", token=master_key, log=directory / "server.log",
                    version=peer_version)
    argv = [str(PEER_VENV / "bin" / "litellm"), "--config", str(config), "--host", HOST, "--port", str(port),
            "--num_workers", "1"]
    start_process(target, argv, "/health/liveliness", env, core, timeout=180)
    return target


def _has_dist(name: str) -> bool:
    try:
        version(name)
    except Exception:  # noqa: BLE001 - not installed as a distribution
        return False
    return True


# --- measuring ---------------------------------------------------------------------------------
@dataclass
class Measurement:
    target: str
    scenario: str
    runs: list[dict[str, float]] = field(default_factory=list)

    def median(self, key: str) -> float:
        values = [r[key] for r in self.runs if key in r]
        return statistics.median(values) if values else float("nan")


def _requests(target: Target, stream: bool, texts: list[str], long: bool = False) -> list[bytes]:
    model = target.long_model if long else target.model
    return [build_request(HOST, target.port, "/v1/chat/completions", chat_body(model, text, stream),
                          target.token) for text in texts]


def scenarios(concurrencies: tuple[int, ...]) -> list[tuple[str, bool, int, bool]]:
    """(key, stream, concurrency, 200-chunk stream) in the order they run."""
    out = [(f"{'stream' if stream else 'plain'}/c{c}", stream, c, False)
           for stream in (False, True) for c in concurrencies]
    return [*out, (f"stream{LONG_CHUNKS}/c10", True, 10, True)]


async def measure_once(target: Target, requests: list[bytes], concurrency: int, duration: float) -> dict[str, float]:
    cpu_before = cpu_seconds(target.pid) if target.pid else 0.0
    result: LoadResult = await run_load(HOST, target.port, requests, concurrency, duration,
                                        warmup=min(0.5, duration / 4))
    cpu = (cpu_seconds(target.pid) - cpu_before) if target.pid else 0.0
    if result.errors and not result.samples:
        raise RuntimeError(f"{target.name}: every request failed ({result.first_error})")
    total = result.total_ok or 1
    return {
        "p50_ms": result.percentile(50), "p99_ms": result.percentile(99),
        "ttfb_p50_ms": result.percentile(50, "ttfb"), "ttfb_p99_ms": result.percentile(99, "ttfb"),
        "rps": result.rps, "errors": float(result.errors), "events": result.mean_events(),
        "cpu_ms_per_request": cpu / total * 1000 if target.pid else float("nan"),
    }


async def measure_all(targets: list[Target], texts: list[str], runs: int, duration: float,
                      concurrencies: tuple[int, ...]) -> list[Measurement]:
    measurements: list[Measurement] = []
    for key, stream, concurrency, long in scenarios(concurrencies):
        per_target = {t.name: Measurement(t.name, key) for t in targets}
        requests = {t.name: _requests(t, stream, texts, long) for t in targets}
        for rep in range(runs):
            order = targets[rep % len(targets):] + targets[:rep % len(targets)]
            for target in order:
                run = await measure_once(target, requests[target.name], concurrency, duration)
                per_target[target.name].runs.append(run)
                print(f"  {key:13} {target.name:15} "
                      f"p50 {run['p50_ms']:7.2f} ms  p99 {run['p99_ms']:7.2f} ms  {run['rps']:7.1f} req/s  "
                      f"cpu {run['cpu_ms_per_request']:6.2f} ms/req  err {int(run['errors'])}", flush=True)
        measurements.extend(per_target.values())
    return measurements


async def measure_large(targets: list[Target], text: str, count: int) -> dict[str, dict[str, float]]:
    out = {}
    for target in targets:
        requests = [build_request(HOST, target.port, "/v1/chat/completions", chat_body(target.model, text, False),
                                  target.token)]
        await run_count(HOST, target.port, requests, 1)  # warm-up
        result = await run_count(HOST, target.port, requests, count)
        out[target.name] = {"p50_ms": result.percentile(50), "max_ms": result.percentile(100),
                            "errors": float(result.errors)}
        print(f"  100 KB c=1 {target.name:15} p50 {out[target.name]['p50_ms']:8.1f} ms "
              f"err {result.errors} {result.first_error or ''}", flush=True)
    return out


async def profile_targets(targets: list[Target], texts: list[str], seconds: float) -> None:
    """py-spy (pip install py-spy) samples each of our gateways under c=10 load, plain and streaming.

    Writes collapsed stacks to bench/out/profile-<target>-<plain|stream>.txt (flamegraph.pl or
    speedscope read them) and prints the functions with the most inclusive samples.
    """
    spy = _py_spy()
    if spy is None:
        print("bench: py-spy not installed; skipping the profile", flush=True)
        return
    for target in targets:
        if not target.name.startswith("gateway") or target.pid is None:
            continue
        for stream in (False, True):
            out = OUT / f"profile-{target.name}-{'stream' if stream else 'plain'}.txt"
            recorder = _record(spy, target.pid, seconds, out)
            await asyncio.sleep(1.0)
            await run_load(HOST, target.port, _requests(target, stream, texts), 10, seconds, warmup=0)
            await asyncio.to_thread(recorder.wait)
            print(f"bench: profile {out.name}", flush=True)
            for line in top_frames(out, 25):
                print("   ", line, flush=True)


def _py_spy() -> str | None:
    spy = shutil.which("py-spy") or str(ROOT / ".venv" / "bin" / "py-spy")
    return spy if Path(spy).exists() else None


def _record(spy: str, pid: int, seconds: float, out: Path) -> subprocess.Popen[bytes]:
    """py-spy on `pid` (taskset execs, so the pinned process keeps the pid we started). `--gil`: only
    the thread holding the GIL is sampled, so the profile is Python CPU time, not threads waiting
    in fsync or on a condition."""
    return subprocess.Popen([spy, "record", "--pid", str(pid), "--rate", "250", "--duration", str(int(seconds)),
                             "--format", "raw", "--nonblocking", "--gil", "--output", str(out)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def top_frames(collapsed: Path, limit: int) -> list[str]:
    """Inclusive share of samples per function (each function counted once per stack)."""
    if not collapsed.exists():
        return []
    counts: dict[str, int] = {}
    total = 0
    for line in collapsed.read_text(errors="replace").splitlines():
        stack, _, n = line.rpartition(" ")
        if not n.isdigit():
            continue
        total += int(n)
        for frame in set(stack.split(";")):
            counts[frame] = counts.get(frame, 0) + int(n)
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])[:limit]
    return [f"{100 * n / total:5.1f}%  {frame}" for frame, n in ranked]


# --- report ------------------------------------------------------------------------------------
def _ratio(ours: float, peer: float) -> float:
    return ours / peer if peer and peer == peer and peer > 0 else float("nan")


def _verdict(ok: bool) -> str:
    return "met" if ok else "**not met**"


def summarize(measurements: list[Measurement], targets: list[Target], large: dict[str, dict[str, float]],
              meta: dict[str, Any]) -> dict[str, Any]:
    table: dict[str, dict[str, Any]] = {}
    for m in measurements:
        key = m.scenario
        row = {k: m.median(k) for k in ("p50_ms", "p99_ms", "ttfb_p50_ms", "ttfb_p99_ms", "rps",
                                          "cpu_ms_per_request", "errors", "events")}
        table.setdefault(key, {})[m.target] = row
    for rows in table.values():
        direct = rows.get("direct")
        for name, row in rows.items():
            if direct and name != "direct":
                row["added_p50_ms"] = row["p50_ms"] - direct["p50_ms"]
                row["added_p99_ms"] = row["p99_ms"] - direct["p99_ms"]
                row["added_ttfb_ms"] = row["ttfb_p50_ms"] - direct["ttfb_p50_ms"]
    return {"meta": meta, "scenarios": table, "large": large,
            "targets": {t.name: {"startup_s": t.startup_s, "rss_mb": t.rss_after_mb, "version": t.version}
                        for t in targets}}


def floors(summary: dict[str, Any], ours: str) -> list[tuple[str, str, str, str, bool]]:
    """(floor, ours, peer, ratio/limit, met) for one of our targets against the peer."""
    s, t = summary["scenarios"], summary["targets"]
    out: list[tuple[str, str, str, str, bool]] = []
    if "litellm" not in t or ours not in t:
        return out

    def row(key: str, name: str) -> dict[str, float]:
        return s.get(key, {}).get(name, {})

    for label, key, metric in (("added latency p50, c=1", "plain/c1", "added_p50_ms"),
                               ("added latency p99, c=1", "plain/c1", "added_p99_ms"),
                               ("added TTFB p50, streams c=1", "stream/c1", "added_ttfb_ms")):
        a, b = row(key, ours).get(metric, float("nan")), row(key, "litellm").get(metric, float("nan"))
        r = _ratio(a, b)
        out.append((f"{label} ≤ {LATENCY_RATIO} × peer", f"{a:.2f} ms", f"{b:.2f} ms", f"{r:.2f} ×",
                    r <= LATENCY_RATIO))
    for label, key in (("requests/s per core, c=50", "plain/c50"), ("streams/s per core, c=50", "stream/c50")):
        a, b = row(key, ours).get("rps", float("nan")), row(key, "litellm").get("rps", float("nan"))
        r = _ratio(a, b)
        out.append((f"{label} ≥ {THROUGHPUT_RATIO} × peer", f"{a:.0f}", f"{b:.0f}", f"{r:.2f} ×",
                    r >= THROUGHPUT_RATIO))
        # The same from CPU per request: robust when other load shares the proxy core.
        a, b = _capacity(row(key, ours)), _capacity(row(key, "litellm"))
        r = _ratio(a, b)
        out.append((f"{label} from CPU/req ≥ {THROUGHPUT_RATIO} × peer", f"{a:.0f}", f"{b:.0f}", f"{r:.2f} ×",
                    r >= THROUGHPUT_RATIO))
    chunk = _cpu_per_chunk(s, ours)
    out.append((f"CPU per streamed chunk ≤ {CPU_PER_CHUNK_MS} ms (marginal)", f"{chunk:.3f} ms",
                f"{_cpu_per_chunk(s, 'litellm'):.3f} ms", f"≤ {CPU_PER_CHUNK_MS}", chunk <= CPU_PER_CHUNK_MS))
    start, peer_start = t[ours]["startup_s"] or float("nan"), t["litellm"]["startup_s"] or float("nan")
    out.append((f"start-up to ready ≤ {STARTUP_S:.0f} s", f"{start:.2f} s", f"{peer_start:.2f} s",
                f"≤ {STARTUP_S:.0f} s", start <= STARTUP_S))
    rss, peer_rss = t[ours]["rss_mb"] or float("nan"), t["litellm"]["rss_mb"] or float("nan")
    out.append((f"RSS after the run ≤ {RSS_MB} MB", f"{rss:.0f} MB", f"{peer_rss:.0f} MB", f"≤ {RSS_MB} MB",
                rss <= RSS_MB))
    return out


def _capacity(row: dict[str, float]) -> float:
    """Requests per CPU-second of the proxy: what one core would serve with nothing else on it."""
    cpu = row.get("cpu_ms_per_request", float("nan"))
    return 1000 / cpu if cpu and cpu == cpu and cpu > 0 else float("nan")


def _cpu_per_chunk(s: dict[str, Any], name: str) -> float:
    """CPU one more streamed chunk costs: (CPU per 200-chunk stream − per 20-chunk stream) / 180, c=10."""
    long = s.get(f"stream{LONG_CHUNKS}/c10", {}).get(name, {}).get("cpu_ms_per_request", float("nan"))
    short = s.get("stream/c10", {}).get(name, {}).get("cpu_ms_per_request", float("nan"))
    return (long - short) / (LONG_CHUNKS - STREAM_CHUNKS)


def render(summary: dict[str, Any]) -> str:
    meta, s, t = summary["meta"], summary["scenarios"], summary["targets"]
    lines = [
        "# Benchmark results: gateway vs LiteLLM Proxy",
        "",
        f"Generated by `make bench` (bench/run.py) on {meta['date']}. {meta['machine']}. "
        f"{meta['runs']} repetitions × {meta['duration']} s per scenario and target, medians shown; "
        f"repetitions rotate over the targets so background load hits all alike. Load generator and mock "
        f"upstream pinned to core {meta['cores'][0]}, each proxy to core {meta['cores'][1]} "
        "(so req/s = per core).",
        "",
        "Versions: " + ", ".join(f"{k} {v}" for k, v in meta["versions"].items()),
        "",
        "Gateway config: bench/configs/gateway.yaml — German redaction on (pseudonymise all entity types), "
        "quota on Redis (6 limit lines, reserve + settle per request), hash-chained audit with an 'accepted' "
        "record committed before the upstream call. Prompts: ~1 KB German office texts with ~5 personal data "
        f"items ({meta['prompts']} distinct, bench/prompts.py); streams have {STREAM_CHUNKS} content chunks. "
        "The peer runs without redaction, quota, audit or auth.",
        "",
        "## Latency and throughput",
        "",
        "| scenario | target | p50 ms | p99 ms | added p50 | added p99 | TTFB p50 | added TTFB | req/s "
        "| CPU ms/req | req/CPU-s |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for key, rows in s.items():
        for name, row in rows.items():
            added = (f"{row.get('added_p50_ms', float('nan')):.2f} | {row.get('added_p99_ms', float('nan')):.2f}"
                     if name != "direct" else "– | –")
            ttfb_added = f"{row.get('added_ttfb_ms', float('nan')):.2f}" if name != "direct" else "–"
            errors = f" ({int(row['errors'])} err)" if row.get("errors") else ""
            lines.append(f"| {key} | {name}{errors} | {row['p50_ms']:.2f} | {row['p99_ms']:.2f} | {added} | "
                         f"{row['ttfb_p50_ms']:.2f} | {ttfb_added} | {row['rps']:.0f} | "
                         f"{row['cpu_ms_per_request']:.2f} | {_capacity(row):.0f} |")
    lines += ["", "## Ratios to the peer (same run)", ""]
    ours = [n for n in t if n.startswith("gateway")]
    lines += ["| | " + " | ".join(ours) + " |", "|---|" + "---:|" * len(ours)]
    for key, rows in s.items():
        peer = rows.get("litellm")
        if not peer:
            continue
        for metric, label in (("added_p50_ms", "added p50"), ("added_p99_ms", "added p99"), ("rps", "req/s"),
                              ("cpu_ms_per_request", "CPU/req")):
            lines.append(f"| {key} {label} | " + " | ".join(
                f"{_ratio(rows.get(o, {}).get(metric, float('nan')), peer.get(metric, float('nan'))):.2f} ×"
                for o in ours) + " |")
    lines += ["", "## Floors (issue 7)", ""]
    for name in ours:
        lines += [f"### {name}", "", "| floor | ours | peer | ratio / limit | |", "|---|---:|---:|---:|---|"]
        lines += [f"| {f} | {a} | {b} | {r} | {_verdict(ok)} |" for f, a, b, r, ok in floors(summary, name)]
        lines.append("")
    lines += ["## Start-up and memory", "", "| target | start-up to ready | RSS after the run |", "|---|---:|---:|"]
    for name, info in t.items():
        if info["startup_s"] is not None:
            lines.append(f"| {name} | {info['startup_s']:.2f} s | {info['rss_mb']:.0f} MB |")
    if summary["large"]:
        lines += ["", "## 100 KB document, c=1, non-streaming", "", "| target | p50 ms | max ms |", "|---|---:|---:|"]
        for name, row in summary["large"].items():
            lines.append(f"| {name} | {row['p50_ms']:.1f} | {row['max_ms']:.1f} |")
    lines.append("")
    return "\n".join(lines)


NOTES_MARKER = "<!-- notes: everything below is kept when bench/run.py rewrites this file -->"


def kept_notes(results: Path) -> str:
    """The hand-written analysis below the marker in the previous results file (profiles, proposals)."""
    try:
        text = results.read_text(encoding="utf-8")
    except OSError:
        return "\n" + NOTES_MARKER + "\n"
    _, marker, notes = text.partition(NOTES_MARKER)
    return "\n" + NOTES_MARKER + (notes if marker else "\n")


# --- main --------------------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--duration", type=float, default=3.0)
    parser.add_argument("--concurrency", default="1,10,50")
    parser.add_argument("--only", default="direct,gateway-sqlite,gateway-pg,litellm")
    parser.add_argument("--quick", action="store_true", help="smoke run: 1 repetition × 1 s, c=1 and 10")
    parser.add_argument("--large", type=int, default=3, help="requests with the 100 KB document (0: skip)")
    parser.add_argument("--results", default=str(BENCH / "RESULTS.md"))
    parser.add_argument("--baseline", default="",
                        help="also run gateway-sqlite@REV: the gateway/, audit/ and redaction/ packages of "
                             "git revision REV on PYTHONPATH (before/after of a change in the same run)")
    parser.add_argument("--profile", type=float, default=0.0,
                        help="only profile our gateways with py-spy for this many seconds per mode, then stop")
    args = parser.parse_args(argv)
    if args.quick:
        args.runs, args.duration, args.concurrency, args.large = 1, 1.0, "1,10", 1
    wanted = set(args.only.split(","))
    concurrencies = tuple(int(c) for c in args.concurrency.split(","))
    load_core, proxy_core = cores()
    try:
        os.sched_setaffinity(0, {int(load_core)})
    except (AttributeError, OSError):
        pass
    if "litellm" in wanted and not (PEER_VENV / "bin" / "litellm").exists():
        print("bench: setting up the peer venv (bench/peer/setup.sh) …", flush=True)
        subprocess.run(["bash", str(BENCH / "peer" / "setup.sh")], check=True, cwd=ROOT)
    texts = [text for text, _ in office_prompts()]
    OUT.mkdir(exist_ok=True)
    with ExitStack() as stack:
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="gwbench-")))
        targets: list[Target] = []
        stack.callback(lambda: [stop_process(t.process) for t in targets])
        upstream_port = free_port()
        mock = Target("direct", upstream_port, "mock-bench", "mock-bench-200", log=workdir / "mock.log")
        start_mock = [sys.executable, "-m", "bench.fast_upstream", str(upstream_port)]
        mock.process = subprocess.Popen(["taskset", "-c", load_core, *start_mock], stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT, cwd=ROOT, start_new_session=True)
        stack.callback(stop_process, mock.process)
        assert mock.process.stdout is not None
        if mock.process.stdout.readline().strip() != b"ready":
            raise RuntimeError("mock upstream did not start")
        upstream = f"http://{HOST}:{upstream_port}/v1"
        direct = Target("direct", upstream_port, "mock-bench", "mock-bench-200")  # no pid: its CPU is not the proxy's
        if "direct" in wanted:
            targets.append(direct)
        if "gateway-sqlite" in wanted:
            prefix = stack.enter_context(redis_prefix())
            print("bench: starting gateway (SQLite audit) …", flush=True)
            targets.append(gateway_target("gateway-sqlite", workdir, upstream, f"sqlite:///{workdir}/audit.db",
                                          prefix, proxy_core, "SQLite"))
        if args.baseline:
            prefix = stack.enter_context(redis_prefix())
            revision, source = export_revision(args.baseline, workdir / "baseline")
            print(f"bench: starting gateway at {revision} (SQLite audit) …", flush=True)
            targets.append(gateway_target(f"gateway-sqlite@{revision}", workdir, upstream,
                                          f"sqlite:///{workdir}/audit-baseline.db", prefix, proxy_core, "SQLite",
                                          extra_env={"PYTHONPATH": str(source)}))
        if "gateway-pg" in wanted:
            prefix = stack.enter_context(redis_prefix())
            pg_url = stack.enter_context(postgres_database())
            print("bench: starting gateway (PostgreSQL audit) …", flush=True)
            targets.append(gateway_target("gateway-pg", workdir, upstream, pg_url, prefix, proxy_core,
                                          "PostgreSQL"))
        if "litellm" in wanted:
            print("bench: starting LiteLLM Proxy …", flush=True)
            targets.append(litellm_target(workdir, upstream, proxy_core))
        for t in targets:
            if t.startup_s is not None:
                print(f"bench: {t.name} ready in {t.startup_s:.2f} s, RSS {rss_mb(t.pid or 0):.0f} MB", flush=True)
        print(f"bench: pids {[(t.name, t.pid) for t in targets if t.pid]}", flush=True)
        if args.profile:
            asyncio.run(profile_targets(targets, texts, args.profile))
            return 0
        measurements = asyncio.run(measure_all(targets, texts, args.runs, args.duration, concurrencies))
        large = asyncio.run(measure_large(targets, large_document(), args.large)) if args.large else {}
        for t in targets:
            if t.pid:
                t.rss_after_mb = rss_mb(t.pid)
        meta = {
            "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
            "runs": args.runs, "duration": args.duration, "cores": [load_core, proxy_core],
            "prompts": len(texts),
            "versions": {"gateway": "main@" + _git_head(), "litellm (gateway)": version("litellm"),
                         **({"litellm (peer)": next(t.version for t in targets if t.name == "litellm")}
                            if any(t.name == "litellm" for t in targets) else {}),
                         "starlette": version("starlette"), "uvicorn": version("uvicorn"),
                         "presidio-analyzer": version("presidio-analyzer")},
        }
        summary = summarize(measurements, targets, large, meta)
    (OUT / "results.json").write_text(json.dumps(summary, indent=2, default=str))
    results = Path(args.results)
    results.write_text(render(summary) + kept_notes(results), encoding="utf-8")
    print(f"bench: wrote {args.results}", flush=True)
    for name in summary["targets"]:
        if name.startswith("gateway"):
            for f, a, b, r, ok in floors(summary, name):
                print(f"  {name:15} {f:50} ours {a:>10}  peer {b:>10}  {r:>8}  {_verdict(ok)}")
    return 0


def export_revision(revision: str, into: Path) -> tuple[str, Path]:
    """The gateway's own packages at `revision` in `into` (imported ahead of the working tree's
    editable install through PYTHONPATH); returns (short hash, directory)."""
    short = subprocess.run(["git", "rev-parse", "--short", revision], capture_output=True, text=True, cwd=ROOT,
                           check=True).stdout.strip()
    into.mkdir(parents=True)
    archive = subprocess.run(["git", "archive", short, "gateway", "audit", "redaction"], capture_output=True,
                             cwd=ROOT, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return short, into


def _git_head() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


if __name__ == "__main__":
    sys.exit(main())
