"""Direct calls to providers that speak the OpenAI wire format (OpenAI, Azure OpenAI, Mistral,
vLLM, the EU clouds' model hubs): one pooled aiohttp session, no translation layer.

litellm costs ~4.4 ms CPU per call and ~0.8 ms per streamed chunk. For these providers the
request body is already in the provider's format, so translation would only add latency.
Everything else goes through LiteLLMProvider.

Why aiohttp and not httpx (measured with bench/fast_upstream.py, CPU of the calling process):
httpx costs 0.8 ms per plain call at concurrency 1 and 1.8 ms at 50 (its pool checks every idle
connection with a select() on each request), 1.9 ms per 20-chunk stream; aiohttp 0.12–0.16 ms
and 0.24 ms. aiohttp is already installed as a dependency of litellm.

The session belongs to the event loop that first used it (aiohttp's rule); a provider used from
another loop (tests, a restarted server) gets a fresh session there.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Mapping
from typing import Any

import aiohttp
import orjson

from gateway.providers.base import ProviderError
from gateway.settings import ModelSettings

NATIVE_PREFIXES = ("openai/", "azure/")
_RETRYABLE = {"connection", "unavailable", "rate_limited"}
_JSON_HEADERS = {"content-type": "application/json"}


def is_native(model: ModelSettings) -> bool:
    return model.adapter == "auto" and model.litellm_model.startswith(NATIVE_PREFIXES) and model.api_base is not None


class OpenAINativeProvider:
    def __init__(self, max_connections: int = 500) -> None:
        self._max_connections = max_connections
        self._session: aiohttp.ClientSession | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._timeouts: dict[float, aiohttp.ClientTimeout] = {}

    async def aclose(self) -> None:
        if self._session is not None and self._loop is asyncio.get_running_loop():
            await self._session.close()
        self._session = None

    async def chat(self, model: ModelSettings, body: dict[str, Any]) -> dict[str, Any]:
        data = _json(await self._post(model, "chat/completions", body))
        data["model"] = model.name
        return data

    async def chat_stream(self, model: ModelSettings, body: dict[str, Any]) -> AsyncIterator[dict[str, Any]]:
        response = await self._send(model, "chat/completions", body, stream=True)
        completed = False
        name = model.name
        try:
            buffer = b""
            async for data in response.content.iter_any():
                buffer += data
                if b"\n" not in data:
                    continue
                lines = buffer.split(b"\n")
                buffer = lines.pop()
                for line in lines:
                    if not line.startswith(b"data:"):
                        continue
                    payload = line[5:].strip()
                    if payload == b"[DONE]":
                        completed = True
                        return
                    chunk = _chunk(payload)
                    chunk["model"] = name
                    yield chunk
            tail = buffer.strip()
            if tail.startswith(b"data:") and tail[5:].strip() != b"[DONE]":
                chunk = _chunk(tail[5:].strip())  # a last event without its closing newline
                chunk["model"] = name
                yield chunk
            completed = True
        except TimeoutError:
            raise ProviderError("timeout", 504) from None
        except aiohttp.ClientError:
            raise ProviderError("connection", 502) from None
        finally:
            # Finished: the connection goes back to the pool (closed by aiohttp if unread bytes
            # remain). Stopped early (client gone, error): close it, so the provider stops generating.
            if completed:
                response.release()
            else:
                response.close()

    async def embeddings(self, model: ModelSettings, body: dict[str, Any]) -> dict[str, Any]:
        data = _json(await self._post(model, "embeddings", body))
        data["model"] = model.name
        return data

    # --- internals ---------------------------------------------------------------------------
    def _session_here(self) -> aiohttp.ClientSession:
        loop = asyncio.get_running_loop()
        if self._session is None or self._loop is not loop or self._session.closed:
            connector = aiohttp.TCPConnector(limit=self._max_connections, limit_per_host=0,
                                             keepalive_timeout=30, ttl_dns_cache=300)
            self._session = aiohttp.ClientSession(connector=connector, trust_env=False,
                                                  skip_auto_headers=("User-Agent",))
            self._loop = loop
        return self._session

    def _timeout(self, seconds: float) -> aiohttp.ClientTimeout:
        """Like httpx's per-operation timeouts: connecting (incl. waiting for a pooled connection)
        and every read each get the model's budget; a long stream that keeps sending is fine."""
        timeout = self._timeouts.get(seconds)
        if timeout is None:
            timeout = aiohttp.ClientTimeout(total=None, connect=min(10.0, seconds), sock_read=seconds)
            self._timeouts[seconds] = timeout
        return timeout

    def _target(self, model: ModelSettings, endpoint: str,
                body: dict[str, Any]) -> tuple[str, Mapping[str, str], dict[str, str], bytes]:
        provider, _, upstream_model = model.litellm_model.partition("/")
        base = (model.api_base or "").rstrip("/")
        params: dict[str, str] = {}
        key = model.api_key.get_secret_value() if model.api_key else None
        if provider == "azure":
            url = f"{base}/openai/deployments/{upstream_model}/{endpoint}"
            params["api-version"] = model.api_version or "2024-10-21"
            headers = {**_JSON_HEADERS, "api-key": key} if key else _JSON_HEADERS
            payload = {k: v for k, v in body.items() if k != "model"}
        else:
            url = f"{base}/{endpoint}"
            headers = {**_JSON_HEADERS, "authorization": f"Bearer {key}"} if key else _JSON_HEADERS
            payload = {**body, "model": upstream_model}
        return url, headers, params, orjson.dumps(payload)

    async def _post(self, model: ModelSettings, endpoint: str, body: dict[str, Any]) -> bytes:
        response = await self._send(model, endpoint, body, stream=False)
        try:
            return await response.read()
        except TimeoutError:
            raise ProviderError("timeout", 504) from None
        except aiohttp.ClientError:
            raise ProviderError("connection", 502) from None
        finally:
            response.release()

    async def _send(self, model: ModelSettings, endpoint: str, body: dict[str, Any],
                    stream: bool) -> aiohttp.ClientResponse:
        """Send with the model's retries for failures of the provider itself. The caller owns the
        returned (successful) response and must release or close it."""
        url, headers, params, content = self._target(model, endpoint, body)
        session = self._session_here()
        timeout = self._timeout(model.timeout_seconds)
        attempt = 0
        while True:
            try:
                response = await session.post(url, data=content, headers=headers, params=params or None,
                                              timeout=timeout, allow_redirects=False)
            except TimeoutError:
                error = ProviderError("timeout", 504)
            except aiohttp.ClientError:
                error = ProviderError("connection", 502)
            else:
                if response.status < 400:
                    return response
                error = await _status_error(response)
            if error.kind not in _RETRYABLE or attempt >= model.retries:
                raise error
            attempt += 1
            await asyncio.sleep(min(2.0, 0.2 * 2**attempt))


def _json(content: bytes) -> dict[str, Any]:
    try:
        data = orjson.loads(content)
    except orjson.JSONDecodeError:
        raise ProviderError("malformed_response", 502) from None
    if not isinstance(data, dict):
        raise ProviderError("malformed_response", 502)
    return data


def _chunk(payload: bytes) -> dict[str, Any]:
    try:
        chunk = orjson.loads(payload)
    except orjson.JSONDecodeError:
        raise ProviderError("malformed_stream", 502) from None
    if not isinstance(chunk, dict):
        raise ProviderError("malformed_stream", 502)
    return chunk


async def _status_error(response: aiohttp.ClientResponse) -> ProviderError:
    """Classify an error answer; its body is read (to keep the connection) but never kept."""
    status = response.status
    try:
        content = await response.read() if status in (400, 422) else b""
    except (aiohttp.ClientError, TimeoutError):
        content = b""
    finally:
        response.release()
    if status == 429:
        retry_after = response.headers.get("retry-after")
        try:
            seconds = float(retry_after) if retry_after else None
        except ValueError:
            seconds = None
        return ProviderError("rate_limited", 429, seconds)
    if status in (400, 422):
        code = ""
        try:
            code = str(orjson.loads(content).get("error", {}).get("code") or "")
        except (orjson.JSONDecodeError, AttributeError):
            pass
        return ProviderError("context_length" if "context_length" in code else "bad_request", 400)
    if status in (401, 403):
        return ProviderError("provider_auth", 502)
    if status == 404:
        return ProviderError("not_found", 502)
    if status in (408, 504):
        return ProviderError("timeout", 504)
    return ProviderError("unavailable", 502)
