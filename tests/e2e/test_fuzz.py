"""Property-based fuzzing (hypothesis) of the two parsers that see hostile bytes first:
the provider's event stream (gateway/providers/openai_native.py) and request validation
(gateway/validation.py). Whatever arrives, the only outcomes are the documented ones.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gateway.errors import GatewayError, InvalidRequest, PayloadTooLarge
from gateway.providers.base import ProviderError
from gateway.providers.openai_native import OpenAINativeProvider
from gateway.schemas import ChatCompletionRequest, EmbeddingRequest
from gateway.settings import ModelSettings
from gateway.validation import parse_json, validate

MODEL = ModelSettings(name="gpt-fuzz", litellm_model="openai/fuzz", api_base="http://127.0.0.1:9/v1", free=True)
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


class _Content:
    def __init__(self, pieces: list[bytes]) -> None:
        self.pieces = pieces

    async def iter_any(self):  # type: ignore[no-untyped-def]
        for piece in self.pieces:
            await asyncio.sleep(0)
            yield piece


class _Response:
    """What the provider reads from aiohttp: `content.iter_any()`, then release or close."""

    def __init__(self, pieces: list[bytes]) -> None:
        self.content = _Content(pieces)
        self.released = self.closed = False

    def release(self) -> None:
        self.released = True

    def close(self) -> None:
        self.closed = True


def _stream(pieces: list[bytes]) -> tuple[list[dict[str, Any]], ProviderError | None, _Response]:
    provider = OpenAINativeProvider()
    response = _Response(pieces)

    async def send(*args: Any, **kwargs: Any) -> _Response:
        return response

    provider._send = send  # type: ignore[method-assign]  # the seam: everything after the HTTP call

    async def collect() -> tuple[list[dict[str, Any]], ProviderError | None]:
        chunks: list[dict[str, Any]] = []
        try:
            async for chunk in provider.chat_stream(MODEL, {}):
                chunks.append(chunk)
        except ProviderError as exc:
            return chunks, exc
        return chunks, None

    chunks, error = asyncio.run(collect())
    return chunks, error, response


def _split(data: bytes, cuts: list[int]) -> list[bytes]:
    points = sorted({c % (len(data) + 1) for c in cuts})
    edges = [0, *points, len(data)]
    return [data[a:b] for a, b in zip(edges, edges[1:], strict=False) if b > a]


json_scalars = st.none() | st.booleans() | st.integers() | st.text(max_size=20)
deltas = st.fixed_dictionaries({"content": st.text(max_size=30)})
chunk_objects = st.fixed_dictionaries({
    "id": st.just("chatcmpl-x"), "object": st.just("chat.completion.chunk"),
    "choices": st.lists(st.fixed_dictionaries({"index": st.integers(0, 3), "delta": deltas}), max_size=2),
})
noise_lines = st.sampled_from([b"", b": keep-alive", b"event: message", b"id: 17", b"retry: 1000"])


@FUZZ
@given(chunks=st.lists(chunk_objects, max_size=8), noise=st.lists(noise_lines, max_size=8),
       crlf=st.booleans(), done=st.booleans(), cuts=st.lists(st.integers(0, 10_000), max_size=12))
def test_valid_streams_parse_the_same_however_they_are_split(chunks, noise, crlf, done, cuts):
    eol = b"\r\n" if crlf else b"\n"
    lines: list[bytes] = []
    for i, chunk in enumerate(chunks):
        if i < len(noise):
            lines.append(noise[i])
        lines.append(b"data: " + orjson.dumps(chunk))
        lines.append(b"")
    if done:
        lines += [b"data: [DONE]", b""]
    data = eol.join(lines) + (eol if lines else b"")
    parsed, error, response = _stream(_split(data, cuts))
    assert error is None
    assert parsed == [{**c, "model": "gpt-fuzz"} for c in chunks]
    assert response.released or response.closed


@FUZZ
@given(data=st.binary(max_size=400) | st.text(max_size=200).map(lambda t: ("data: " + t + "\n").encode()),
       cuts=st.lists(st.integers(0, 1000), max_size=6))
def test_arbitrary_bytes_give_chunks_or_a_clean_malformed_stream_error(data, cuts):
    parsed, error, response = _stream(_split(data, cuts))
    assert all(isinstance(c, dict) and c["model"] == "gpt-fuzz" for c in parsed)
    if error is not None:
        assert error.kind == "malformed_stream"
        assert len(str(error)) < 100  # a fixed description, never the provider's bytes
    assert response.released or response.closed  # the connection is never leaked


json_values = st.recursive(
    json_scalars | st.floats(allow_nan=False, allow_infinity=False),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=25,
)
messages = st.lists(st.fixed_dictionaries(
    {"role": st.sampled_from(["user", "system", "assistant", "tool", "function", "robot"]),
     "content": json_values}), max_size=3)
near_valid = st.fixed_dictionaries(
    {"model": st.sampled_from(["gpt-test", ""]) | st.text(max_size=5), "messages": messages},
    optional={"stream": json_values, "max_tokens": json_values, "temperature": json_values, "n": json_values,
              "tools": json_values, "tool_choice": json_values, "stop": json_values, "api_base": json_values,
              "response_format": json_values, "input": json_values},
)


@FUZZ
@given(body=near_valid | st.dictionaries(st.text(max_size=10), json_values, max_size=6))
@pytest.mark.parametrize("schema", [ChatCompletionRequest, EmbeddingRequest])
def test_random_json_is_accepted_or_refused_cleanly(schema, body):
    raw = json.dumps(body).encode()  # stdlib: also integers beyond 64 bit, as clients may send
    try:
        result = validate(parse_json(raw), schema)
    except InvalidRequest as exc:
        assert exc.status_code == 400 and exc.message and len(exc.message) < 600
        assert exc.param is None or len(exc.param) < 300
        return
    assert isinstance(result, schema)
    assert "api_base" not in raw.decode()  # a forbidden key is never accepted, at any depth


@FUZZ
@given(raw=st.binary(max_size=300))
def test_random_bytes_are_parsed_or_refused_cleanly(raw):
    try:
        data = parse_json(raw)
    except GatewayError as exc:
        assert isinstance(exc, InvalidRequest) and not isinstance(exc, PayloadTooLarge)
        assert exc.code == "invalid_json"
        return
    assert isinstance(data, dict)
