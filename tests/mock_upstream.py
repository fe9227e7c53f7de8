"""A mock OpenAI-compatible upstream: a real HTTP server on a free port.

Behaviour is chosen by the upstream model name, so one server serves every test:
  mock-echo (default)   answers "Antwort: <last user message>", stream with usage if asked
  mock-slow             waits `delay` seconds (default 2) before answering
  mock-500 / mock-503   server error
  mock-429              rate limited with Retry-After: 7
  mock-400              bad request
  mock-reset            drops the connection in the middle of the answer
  mock-malformed-sse    a stream whose second event is not JSON
  mock-slow-stream      a stream with 0.2 s between chunks (disconnect tests)
  mock-tool             answers with a tool call whose arguments echo the last user message
Every request is recorded (`received`), so tests can prove what left the gateway, and every
usage object sent back (`usage_reported`), so tests can compare quota totals with it.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from typing import Any

import orjson
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _last_user_text(body: dict[str, Any]) -> str:
    for message in reversed(body.get("messages") or []):
        if message.get("role") == "user":
            content = message.get("content")
            if isinstance(content, list):
                return " ".join(p.get("text", "") for p in content if isinstance(p, dict))
            return content or ""
    return ""


class MockUpstream:
    def __init__(self, chunk_size: int = 8, delay: float = 2.0) -> None:
        self.received: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self.chunk_size = chunk_size
        self.delay = delay
        self.cancelled = 0
        # Usage as reported to the gateway (only what the gateway could see), for quota totals.
        self.usage_reported: list[dict[str, int]] = []
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/v1"
        self.app = Starlette(routes=[
            Route("/v1/chat/completions", self.chat, methods=["POST"]),
            Route("/v1/embeddings", self.embeddings, methods=["POST"]),
        ])
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    # --- lifecycle -------------------------------------------------------------------------
    def start(self) -> MockUpstream:
        config = uvicorn.Config(self.app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="off")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, daemon=True)
        self._thread.start()
        deadline = time.time() + 10
        while not self._server.started:
            if time.time() > deadline:
                raise RuntimeError("mock upstream did not start")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        if self._server:
            self._server.should_exit = True
        if self._thread:
            self._thread.join(timeout=5)

    def reset(self) -> None:
        self.received.clear()
        self.headers.clear()
        self.cancelled = 0
        self.usage_reported.clear()

    def all_received_text(self) -> str:
        return "\n".join(orjson.dumps(body).decode() for body in self.received)

    # --- endpoints -------------------------------------------------------------------------
    async def chat(self, request: Request) -> Response:
        body = orjson.loads(await request.body())
        self.received.append(body)
        self.headers.append(dict(request.headers))
        model = body.get("model", "mock-echo").split("/")[-1]
        if model == "mock-slow":
            await asyncio.sleep(self.delay)
        error = _ERRORS.get(model)
        if error:
            status, headers = error
            return JSONResponse({"error": {"message": f"mock {status}", "type": "mock", "code": None}},
                                status_code=status, headers=headers)
        if model == "mock-reset":
            # Raising here would only give a clean HTTP 500; failing after the response started
            # makes uvicorn drop the connection with the body unfinished, as a reset does.
            return StreamingResponse(_drop_connection(), media_type="application/json")
        text = "Antwort: " + _last_user_text(body)
        prompt_tokens = sum(len(str(m.get("content", "")).split()) + 3 for m in body.get("messages", []))
        completion_tokens = len(text.split())
        usage = {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                 "total_tokens": prompt_tokens + completion_tokens}
        if body.get("stream"):
            return StreamingResponse(self._stream(body, model, text, usage), media_type="text/event-stream")
        self.usage_reported.append(usage)
        message: dict[str, Any] = {"role": "assistant", "content": text}
        finish = "stop"
        if model == "mock-tool":
            message = {"role": "assistant", "content": None, "tool_calls": [{
                "id": "call_1", "type": "function",
                "function": {"name": "lookup", "arguments": orjson.dumps({"q": _last_user_text(body)}).decode()}}]}
            finish = "tool_calls"
        return JSONResponse({
            "id": "chatcmpl-mock", "object": "chat.completion", "created": int(time.time()), "model": model,
            "choices": [{"index": i, "message": message, "finish_reason": finish}
                        for i in range(body.get("n") or 1)],
            "usage": usage,
        })

    async def _stream(self, body: dict[str, Any], model: str, text: str, usage: dict[str, int]):  # type: ignore[no-untyped-def]
        base = {"id": "chatcmpl-mock", "object": "chat.completion.chunk", "created": int(time.time()), "model": model}
        pieces = [text[i:i + self.chunk_size] for i in range(0, len(text), self.chunk_size)]
        try:
            yield _sse({**base, "choices": [{"index": 0, "delta": {"role": "assistant", "content": ""},
                                             "finish_reason": None}]})
            for number, piece in enumerate(pieces):
                if model == "mock-malformed-sse" and number == 1:
                    yield b"data: {not json\n\n"
                if model == "mock-slow-stream":
                    await asyncio.sleep(0.2)
                yield _sse({**base, "choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None}]})
            yield _sse({**base, "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]})
            if (body.get("stream_options") or {}).get("include_usage"):
                self.usage_reported.append(usage)
                yield _sse({**base, "choices": [], "usage": usage})
            yield b"data: [DONE]\n\n"
        except asyncio.CancelledError:
            self.cancelled += 1
            raise

    async def embeddings(self, request: Request) -> Response:
        body = orjson.loads(await request.body())
        self.received.append(body)
        self.headers.append(dict(request.headers))
        inputs = body["input"] if isinstance(body["input"], list) else [body["input"]]
        data = [{"object": "embedding", "index": i, "embedding": [0.1, 0.2, 0.3]} for i in range(len(inputs))]
        tokens = sum(len(str(v).split()) for v in inputs)
        return JSONResponse({"object": "list", "data": data, "model": body.get("model"),
                             "usage": {"prompt_tokens": tokens, "total_tokens": tokens}})


_ERRORS: dict[str, tuple[int, dict[str, str]]] = {
    "mock-500": (500, {}),
    "mock-503": (503, {}),
    "mock-429": (429, {"Retry-After": "7"}),
    "mock-400": (400, {}),
}


async def _drop_connection():  # type: ignore[no-untyped-def]
    yield b'{"id": "chatcmpl-mock", "choi'
    raise ConnectionResetError


def _sse(obj: dict[str, Any]) -> bytes:
    return b"data: " + orjson.dumps(obj) + b"\n\n"


if __name__ == "__main__":  # a standalone mock for manual runs and benchmarks
    import sys

    mock = MockUpstream()
    if len(sys.argv) > 1:
        mock.port = int(sys.argv[1])
    uvicorn.run(mock.app, host="127.0.0.1", port=mock.port, log_level="warning")
