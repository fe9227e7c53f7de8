"""End-to-end fixtures: the gateway as a real `gateway serve` process with Redis quota and audit.

Every test writes its own configuration (unique Redis key prefix, own audit database) and
starts its own gateway process(es), so kill and shutdown tests cannot disturb each other.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
import yaml

from audit.schema import events
from audit.store import create_audit_engine
from tests.harness import PRICED, GatewayProcess, write_config
from tests.mock_upstream import MockUpstream, free_port

METRICS_TOKEN = "metrics-e2e-token-7f3a"  # noqa: S105 - a test token, not a secret


def e2e_config(directory: Path, upstream_url: str, *, redis_url: str, prefix: str,
               audit_url: str | None = None, limits: dict[str, Any] | None = None,
               quota: dict[str, Any] | None = None, server: dict[str, Any] | None = None) -> Path:
    """A configuration for real-process tests: every model priced, quota in Redis, JSON logs."""
    path = write_config(directory, upstream_url)
    config = yaml.safe_load(path.read_text())
    models = {
        "gpt-test": ("mock-echo", {"timeout_seconds": 10}),
        "gpt-slow": ("mock-slow", {"timeout_seconds": 30}),
        "gpt-timeout": ("mock-slow", {"timeout_seconds": 0.5}),
        "gpt-slowstream": ("mock-slow-stream", {"timeout_seconds": 30}),
        "gpt-500": ("mock-500", {}),
        "gpt-reset": ("mock-reset", {}),
        "gpt-badsse": ("mock-malformed-sse", {}),
    }
    config["models"] = [
        {"name": name, "litellm_model": f"openai/{upstream}", "api_base": upstream_url, "retries": 0,
         "api_key": "sk-upstream-secret-e2e", **PRICED, **extra}
        for name, (upstream, extra) in models.items()
    ]
    config["departments"] = [{
        "id": "fb-e2e", "name": "Ende-zu-Ende", "models": list(models),
        "limits": {"tokens_per_month": 10**9, **(limits or {})},
    }]
    config["server"] = {"host": "127.0.0.1", "port": free_port(), "metrics_token": METRICS_TOKEN,
                        "log_level": "info", "shutdown_grace_seconds": 20, **(server or {})}
    config["quota"] = {"backend": "redis", "redis_url": redis_url, "key_prefix": prefix,
                       "timeout_seconds": 1.0, **(quota or {})}
    if audit_url:
        config["audit"]["url"] = audit_url
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False))
    return path


@pytest.fixture(scope="module")
def e2e_upstream() -> Iterator[MockUpstream]:
    """A mock upstream of this module's own (tests reset and inspect its records)."""
    server = MockUpstream().start()
    yield server
    server.stop()


@pytest.fixture
def start_gateway(tmp_path: Path) -> Iterator[Callable[..., GatewayProcess]]:
    """Start gateway processes for one test; all are stopped (SIGKILL if needed) afterwards."""
    started: list[GatewayProcess] = []

    def start(config: Path, workers: int = 1, name: str = "gateway") -> GatewayProcess:
        process = GatewayProcess(config, tmp_path, workers=workers, name=name).start()
        started.append(process)
        return process

    yield start
    for process in started:
        process.stop(timeout=30)


def audit_rows(url: str) -> list[dict[str, Any]]:
    engine = create_audit_engine(url)
    try:
        with engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(sa.select(events).order_by(events.c.seq))]
    finally:
        engine.dispose()


def audit_url_of(config: Path) -> str:
    return str(yaml.safe_load(config.read_text())["audit"]["url"])
