"""Small async client helpers for end-to-end tests: many requests at once, timed, raw results."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import yaml

from tests.mock_upstream import free_port


@dataclass
class Result:
    status: int
    headers: dict[str, str]
    body: dict[str, Any]
    seconds: float


async def post_many(url: str | list[str], key: str, bodies: list[dict[str, Any]],
                    seconds: float = 60.0) -> list[Result]:
    """Send all bodies at once (one connection each) and return results in order.

    With several base URLs (replicas), body i goes to replica i mod n, so they interleave.
    """
    urls = [url] if isinstance(url, str) else url
    limits = httpx.Limits(max_connections=len(bodies) + 10, max_keepalive_connections=0)
    async with httpx.AsyncClient(limits=limits, timeout=seconds) as client:

        async def one(index: int, body: dict[str, Any]) -> Result:
            started = time.perf_counter()
            response = await client.post(urls[index % len(urls)] + "/chat/completions", json=body,
                                         headers={"authorization": f"Bearer {key}"})
            try:
                data = response.json()
            except ValueError:
                data = {"raw": response.text}
            return Result(response.status_code, dict(response.headers), data, time.perf_counter() - started)

        return await asyncio.gather(*(one(i, b) for i, b in enumerate(bodies)))


def chat(model: str, text: str, **extra: Any) -> dict[str, Any]:
    return {"model": model, "messages": [{"role": "user", "content": text}], **extra}


def usage(url: str, key: str) -> dict[tuple[str, str], dict[str, Any]]:
    """GET /v1/usage as {(scope, name): limit}."""
    response = httpx.get(url + "/usage", headers={"authorization": f"Bearer {key}"}, timeout=10)
    assert response.status_code == 200, response.text
    return {(item["scope"], item["name"]): item for item in response.json()["limits"]}


def clone_config(config: Path, name: str) -> Path:
    """The same configuration on another port (a second replica sharing stores and keys)."""
    data = yaml.safe_load(config.read_text())
    data["server"]["port"] = free_port()
    path = config.with_name(name)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    return path
