"""A minimal, fast mock OpenAI upstream for benchmarks: raw asyncio HTTP/1.1, no framework.

Why not tests/mock_upstream.py: Starlette + uvicorn costs ~0.5 ms per request, and the mock
shares its core with the load generator; at a few hundred requests/s it would become the thing
we measure. This server parses only what it needs (request line, Content-Length, keep-alive)
and answers from prebuilt byte templates.

Answers, by the request body:
  non-streaming   one completion "Antwort: " + the first 151 characters of the last user message
                  (so placeholders come back and the gateway's restore has real work), with usage
  "stream": true  the same text as exactly `STREAM_CHUNKS` content chunks (one HTTP chunk each),
                  a finish chunk, a usage chunk when `stream_options.include_usage`, then [DONE];
                  a model named "…-N" (e.g. "mock-bench-200") streams N chunks of 8 characters
                  instead (to measure the cost of one more chunk)

Run: python -m bench.fast_upstream PORT   (prints "ready" when listening)
"""

from __future__ import annotations

import asyncio
import sys
import time
from typing import Any

import orjson

STREAM_CHUNKS = 20
ANSWER_CHARS = 160


def chunk_count(body: dict[str, Any]) -> int:
    _, _, suffix = str(body.get("model", "")).rpartition("-")
    return int(suffix) if suffix.isdigit() else STREAM_CHUNKS


def answer_text(body: dict[str, Any], chars: int = ANSWER_CHARS) -> str:
    """The echo answer, padded to `chars` so every stream has equal pieces."""
    last = ""
    for message in reversed(body.get("messages") or []):
        if message.get("role") == "user":
            content = message.get("content")
            last = content if isinstance(content, str) else ""
            break
    text = ("Antwort: " + last)[:chars]
    return text.ljust(chars, ".")


def _usage(body: dict[str, Any], text: str) -> dict[str, int]:
    prompt = sum(len(str(m.get("content", ""))) // 4 + 3 for m in body.get("messages") or [])
    completion = len(text) // 4
    return {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion}


def completion(body: dict[str, Any]) -> bytes:
    text = answer_text(body)
    payload = orjson.dumps({
        "id": "chatcmpl-bench", "object": "chat.completion", "created": int(time.time()),
        "model": body.get("model", "mock"),
        "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
        "usage": _usage(body, text),
    })
    return (b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: "
            + str(len(payload)).encode() + b"\r\n\r\n" + payload)


def stream(body: dict[str, Any]) -> bytes:
    chunks = chunk_count(body)
    text = answer_text(body, max(ANSWER_CHARS, 8 * chunks))
    base = {"id": "chatcmpl-bench", "object": "chat.completion.chunk", "created": int(time.time()),
            "model": body.get("model", "mock")}
    size = len(text) // chunks
    events = [{**base, "choices": [{"index": 0, "delta": {"role": "assistant", "content": text[:size]},
                                    "finish_reason": None}]}]
    for i in range(1, chunks):
        piece = text[i * size:(i + 1) * size]
        events.append({**base, "choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None}]})
    events.append({**base, "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]})
    if (body.get("stream_options") or {}).get("include_usage"):
        events.append({**base, "choices": [], "usage": _usage(body, text)})
    out = [b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n"]
    for event in events:
        data = b"data: " + orjson.dumps(event) + b"\n\n"
        out.append(b"%x\r\n%s\r\n" % (len(data), data))
    done = b"data: [DONE]\n\n"
    out.append(b"%x\r\n%s\r\n0\r\n\r\n" % (len(done), done))
    return b"".join(out)


_NOT_FOUND = b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n"


async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            raw = await reader.readexactly(length) if length else b""
            if not head.startswith(b"POST ") or b"/chat/completions" not in head.split(b"\r\n", 1)[0]:
                writer.write(_NOT_FOUND)
                continue
            body = orjson.loads(raw)
            writer.write(stream(body) if body.get("stream") else completion(body))
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    finally:
        writer.close()


async def serve(port: int) -> None:
    server = await asyncio.start_server(handle, "127.0.0.1", port, backlog=1024)
    print("ready", flush=True)
    async with server:
        await server.serve_forever()


def main() -> None:
    try:
        import uvloop
    except ImportError:
        asyncio.run(serve(int(sys.argv[1])))
    else:
        uvloop.run(serve(int(sys.argv[1])))


if __name__ == "__main__":
    main()
