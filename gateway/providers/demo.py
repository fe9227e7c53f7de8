"""The demo model: answers locally, deterministically, without network.

It describes the request it received — after redaction — so `make run` shows what a
provider would see, and the answer comes back through the same restore path as a real
one. Usage is counted in words so quotas and audit have real numbers to work with.
"""

from __future__ import annotations

import hashlib
import math
import time
from collections.abc import AsyncIterator
from typing import Any

from gateway.settings import ModelSettings


class DemoProvider:
    async def chat(self, model: ModelSettings, body: dict[str, Any]) -> dict[str, Any]:
        text = describe(body)
        n = body.get("n") or 1
        prompt_tokens, completion_tokens = _count(body), len(text.split())
        return {
            "id": _completion_id(body),
            "object": "chat.completion",
            "created": int(time.time()),
            "model": model.name,
            "choices": [
                {"index": i, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}
                for i in range(n)
            ],
            "usage": {
                "prompt_tokens": prompt_tokens,
                "completion_tokens": completion_tokens * n,
                "total_tokens": prompt_tokens + completion_tokens * n,
            },
        }

    async def chat_stream(self, model: ModelSettings, body: dict[str, Any]) -> AsyncIterator[dict[str, Any]]:
        text = describe(body)
        base = {"id": _completion_id(body), "object": "chat.completion.chunk", "created": int(time.time()),
                "model": model.name}
        yield {**base, "choices": [{"index": 0, "delta": {"role": "assistant", "content": ""},
                                    "finish_reason": None}]}
        words = text.split(" ")
        for i, word in enumerate(words):
            piece = word if i == 0 else " " + word
            yield {**base, "choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None}]}
        yield {**base, "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}
        if (body.get("stream_options") or {}).get("include_usage"):
            prompt_tokens = _count(body)
            yield {**base, "choices": [], "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": len(words),
                                                    "total_tokens": prompt_tokens + len(words)}}

    async def embeddings(self, model: ModelSettings, body: dict[str, Any]) -> dict[str, Any]:
        inputs = body["input"] if isinstance(body["input"], list) else [body["input"]]
        if inputs and isinstance(inputs[0], int):
            inputs = [inputs]
        dims = body.get("dimensions") or 8
        data = [{"object": "embedding", "index": i, "embedding": _vector(str(v), dims)} for i, v in enumerate(inputs)]
        tokens = sum(len(str(v).split()) for v in inputs)
        return {"object": "list", "data": data, "model": model.name,
                "usage": {"prompt_tokens": tokens, "total_tokens": tokens}}


def describe(body: dict[str, Any]) -> str:
    messages = body.get("messages") or []
    last_user = next((m for m in reversed(messages) if m.get("role") == "user"), None)
    content = _text_of(last_user.get("content")) if last_user else ""
    return (
        f"Demo-Modell: Ich habe {len(messages)} Nachricht(en) erhalten. "
        f"Ihre letzte Nachricht lautete: «{content}»"
    )


def _text_of(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return " ".join(p.get("text", "") for p in content if isinstance(p, dict))
    return ""


def _count(body: dict[str, Any]) -> int:
    return sum(len(_text_of(m.get("content")).split()) + 3 for m in body.get("messages") or [])


def _completion_id(body: dict[str, Any]) -> str:
    return "chatcmpl-demo-" + hashlib.sha256(repr(body.get("messages")).encode()).hexdigest()[:16]


def _vector(text: str, dims: int) -> list[float]:
    digest = hashlib.sha256(text.encode()).digest()
    raw = [(digest[i % len(digest)] - 127.5) / 127.5 for i in range(dims)]
    norm = math.sqrt(sum(x * x for x in raw)) or 1.0
    return [x / norm for x in raw]
