"""Server-sent events exactly as OpenAI sends them: `data: <json>\\n\\n`, then `data: [DONE]\\n\\n`."""

from __future__ import annotations

from typing import Any

import orjson

DONE = b"data: [DONE]\n\n"


def event(obj: dict[str, Any]) -> bytes:
    return b"data: " + orjson.dumps(obj) + b"\n\n"


def error_event(message: str, error_type: str, code: str | None) -> bytes:
    """An error after the stream has started (status is already 200): OpenAI's SDKs raise on it."""
    return event({"error": {"message": message, "type": error_type, "param": None, "code": code}})
