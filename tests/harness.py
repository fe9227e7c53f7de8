"""Run the real gateway for tests: a config file, uvicorn on a free port, keys issued via the CLI's code."""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import redis
import uvicorn
import yaml

from audit import generate_signing_key_pem
from gateway.admin import KeyAdmin
from gateway.app import create_app
from gateway.services import Services, build_services
from gateway.settings import Settings, load_settings
from tests.mock_upstream import free_port


def write_config(directory: Path, upstream_url: str, **sections: Any) -> Path:
    """A complete test configuration; `sections` replace top-level sections of the default."""
    secrets_dir = directory / "secrets"
    secrets_dir.mkdir(parents=True, exist_ok=True)
    for name in ("key_hmac_secret", "session_secret", "pseudonym_key"):
        (secrets_dir / name).write_text(secrets.token_urlsafe(32))
    (secrets_dir / "signing.pem").write_text(generate_signing_key_pem())
    config: dict[str, Any] = {
        "server": {"host": "127.0.0.1", "port": free_port()},
        "database": {"url": f"sqlite:///{directory}/gateway.db"},
        "secrets": {"key_hmac_secret": f"file:{secrets_dir}/key_hmac_secret",
                    "session_secret": f"file:{secrets_dir}/session_secret"},
        "models": [
            _mock("gpt-test", "mock-echo", upstream_url, api_key="sk-upstream-secret", **PRICED, timeout_seconds=5),
            _mock("gpt-litellm", "mock-echo", upstream_url, api_key="sk-upstream-secret", adapter="litellm", **PRICED),
            _mock("gpt-tool", "mock-tool", upstream_url),
            _mock("gpt-slow", "mock-slow", upstream_url, timeout_seconds=0.5),
            _mock("gpt-500", "mock-500", upstream_url),
            _mock("gpt-429", "mock-429", upstream_url),
            _mock("gpt-400", "mock-400", upstream_url),
            _mock("gpt-reset", "mock-reset", upstream_url),
            _mock("gpt-badsse", "mock-malformed-sse", upstream_url),
            _mock("gpt-slowstream", "mock-slow-stream", upstream_url),
            _mock("gpt-fallback", "mock-503", upstream_url, fallbacks=["gpt-test"]),
            _mock("embed-test", "mock-embed", upstream_url, kind="embedding",
                  input_eur_per_million=0.1, output_eur_per_million=0.0),
            {"name": "demo", "litellm_model": "demo/echo", "free": True},
        ],
        "departments": [
            {"id": "fb-soziales", "name": "Soziales", "models": [
                "gpt-test", "gpt-litellm", "gpt-tool", "gpt-slow", "gpt-500", "gpt-429", "gpt-400", "gpt-reset",
                "gpt-badsse", "gpt-slowstream", "gpt-fallback", "embed-test", "demo"]},
            {"id": "fb-bau", "name": "Bauen", "models": ["demo"]},
        ],
        "redaction": {"enabled": True},
        "quota": {"backend": "memory"},
        "audit": {"url": f"sqlite:///{directory}/audit.db", "pseudonym_key": f"file:{secrets_dir}/pseudonym_key",
                  "signing_key": f"file:{secrets_dir}/signing.pem"},
    }
    config.update(sections)
    path = directory / "gateway.yaml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False))
    return path


PRICED = {"input_eur_per_million": 2.0, "output_eur_per_million": 8.0}


def _mock(name: str, upstream_model: str, upstream_url: str, **extra: Any) -> dict[str, Any]:
    """A model served by the mock upstream; its upstream name selects the mock's behaviour."""
    model = {"name": name, "litellm_model": f"openai/{upstream_model}", "api_base": upstream_url, "retries": 0}
    if "input_eur_per_million" not in extra:
        model["free"] = True
    return {**model, **extra}


class GatewayServer:
    """The gateway app under uvicorn in a background thread, on a free port."""

    def __init__(self, settings: Settings, services: Services | None = None) -> None:
        self.settings = settings
        self.services = services or build_services(settings)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/v1"
        self.root = f"http://127.0.0.1:{self.port}"
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> GatewayServer:
        self.app = app = create_app(self.services)
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning", access_log=False)
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, daemon=True)
        self._thread.start()
        deadline = time.time() + 30
        while not self._server.started:
            if time.time() > deadline or not self._thread.is_alive():
                raise RuntimeError("gateway did not start")
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        if self._server:
            self._server.should_exit = True
        if self._thread:
            self._thread.join(timeout=30)

    def issue_key(self, user: str, department: str, roles: frozenset[str] = frozenset()) -> str:
        return issue_key(self.settings, user, department, roles)


def issue_key(settings: Settings, user: str, department: str, roles: frozenset[str] = frozenset()) -> str:
    with KeyAdmin.open(settings) as admin:
        return admin.create(user, department, roles)[1]


def load(path: Path) -> Settings:
    return load_settings(path)


# --- real processes ------------------------------------------------------------------------------
ROOT = Path(__file__).resolve().parents[1]


class GatewayProcess:
    """`gateway serve` as a real subprocess, for kill, SIGTERM and log-capture tests.

    stdout and stderr go to files in `directory` (not pipes: a full pipe would stall the
    gateway mid-test), so tests can search everything the process ever printed.
    """

    def __init__(self, config: Path, directory: Path, workers: int = 1, name: str = "gateway") -> None:
        self.config = config
        self.directory = directory
        self.workers = workers
        self.port = int(yaml.safe_load(config.read_text())["server"]["port"])
        self.root = f"http://127.0.0.1:{self.port}"
        self.url = self.root + "/v1"
        self.stdout_path = directory / f"{name}.stdout"
        self.stderr_path = directory / f"{name}.stderr"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 60.0) -> GatewayProcess:
        args = [sys.executable, "-m", "gateway.cli", "--config", str(self.config), "serve"]
        if self.workers > 1:
            args += ["--workers", str(self.workers)]
        env = {**os.environ, "LITELLM_LOCAL_MODEL_COST_MAP": "True", "PYTHONUNBUFFERED": "1"}
        env.pop("PROMETHEUS_MULTIPROC_DIR", None)
        with open(self.stdout_path, "ab") as out, open(self.stderr_path, "ab") as err:
            self.process = subprocess.Popen(args, cwd=ROOT, env=env, stdout=out, stderr=err)
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gateway exited with {self.process.returncode}: {self.stderr()[-2000:]}")
            try:
                if httpx.get(self.root + "/healthz", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        self.kill()
        raise RuntimeError("gateway did not become healthy: " + self.stderr()[-2000:])

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def signal(self, sig: int) -> None:
        assert self.process is not None
        self.process.send_signal(sig)

    def wait(self, timeout: float = 60.0) -> int:
        assert self.process is not None
        return self.process.wait(timeout=timeout)

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)

    def stop(self, timeout: float = 60.0) -> int | None:
        """SIGTERM and wait (graceful shutdown); SIGKILL if it does not exit in time."""
        if self.process is None or self.process.poll() is not None:
            return None if self.process is None else self.process.returncode
        self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            return None

    def rss_kib(self) -> int:
        """Resident memory of the serving process (for memory-bound checks)."""
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        return 0

    def stdout(self) -> str:
        return self.stdout_path.read_text(errors="replace") if self.stdout_path.exists() else ""

    def stderr(self) -> str:
        return self.stderr_path.read_text(errors="replace") if self.stderr_path.exists() else ""

    def issue_key(self, user: str, department: str, roles: frozenset[str] = frozenset()) -> str:
        return issue_key(load(self.config), user, department, roles)


class RedisServer:
    """A throwaway `redis-server` on a free port with append-only persistence in a temp dir.

    The shared Redis serves other tests and must never be stopped; outage tests stop this one
    instead. With appendonly on, `stop()` + `start()` on the same port keeps the counters, like
    a production Redis restarting with persistence on.
    """

    def __init__(self, directory: Path, port: int | None = None) -> None:
        self.directory = directory
        self.port = port or free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> RedisServer:
        self.directory.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.directory),
             "--appendonly", "yes", "--appendfsync", "always", "--save", "", "--protected-mode", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        deadline = time.time() + 10
        while time.time() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                    sock.sendall(b"PING\r\n")
                    if sock.recv(64).startswith(b"+PONG"):
                        return self
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        """Hard stop (SIGKILL): connections are cut at once, like a crashed or unreachable Redis."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)


def wait_for_port_closed(port: int, timeout: float = 10.0) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
        except OSError:
            return
        time.sleep(0.05)


class PostgresServer:
    """A throwaway PostgreSQL cluster (initdb + pg_ctl as user postgres) on a free port.

    The shared server must never be stopped; outage tests stop and restart this one. Its data
    directory survives `stop()`, so a restart brings the same database back.
    """

    def __init__(self) -> None:
        # Its own directory directly under /tmp: pytest's tmp dirs are not traversable by postgres.
        self.directory = Path(tempfile.mkdtemp(prefix="gwtest-pg-"))
        self.data = self.directory / "pgdata"
        self.port = free_port()
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"
        self._bin = sorted(Path("/usr/lib/postgresql").glob("*/bin"))[-1]

    def _run(self, *args: str) -> None:
        command = ["runuser", "-u", "postgres", "--", str(self._bin / args[0]), *args[1:]]
        subprocess.run(command, check=True, capture_output=True, timeout=60)

    def init(self) -> PostgresServer:
        subprocess.run(["chown", "postgres", str(self.directory)], check=True)
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync")
        return self

    def start(self) -> PostgresServer:
        self._run("pg_ctl", "-D", str(self.data), "-w", "-l", str(self.directory / "pg.log"),
                  "-o", f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 -c fsync=off", "start")
        return self

    def stop(self, mode: str = "immediate") -> None:
        """`immediate` is a crash (clients cut, no checkpoint); committed data survives via the WAL."""
        with contextlib.suppress(subprocess.CalledProcessError):
            self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.directory, ignore_errors=True)


def delete_redis_keys(redis_url: str, prefix: str) -> None:
    """Remove a test's or benchmark's keys (everything under its unique prefix)."""
    client = redis.Redis.from_url(redis_url)
    keys = list(client.scan_iter(match=prefix + "*", count=1000))
    if keys:
        client.delete(*keys)
    client.close()
