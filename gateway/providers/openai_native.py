"""Direct calls to providers that speak the OpenAI wire format (OpenAI, Azure OpenAI, Mistral,
vLLM, the EU clouds' model hubs): one pooled httpx client, no translation layer.

litellm costs ~4.4 ms CPU per call and ~0.8 ms per streamed chunk; a plain httpx POST
~0.8 ms. For these providers the request body is already in the provider's format, so
translation would only add latency. Everything else goes through LiteLLMProvider.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import httpx
import orjson

from gateway.providers.base import ProviderError
from gateway.settings import ModelSettings

NATIVE_PREFIXES = ("openai/", "azure/")
_RETRYABLE = {"connection", "unavailable", "rate_limited"}


def is_native(model: ModelSettings) -> bool:
    return model.adapter == "auto" and model.litellm_model.startswith(NATIVE_PREFIXES) and model.api_base is not None


class OpenAINativeProvider:
    def __init__(self) -> None:
        limits = httpx.Limits(max_connections=500, max_keepalive_connections=100)
        self._client = httpx.AsyncClient(limits=limits, follow_redirects=False, trust_env=False)

    async def aclose(self) -> None:
        await self._client.aclose()

    async def chat(self, model: ModelSettings, body: dict[str, Any]) -> dict[str, Any]:
        response = await self._post(model, "chat/completions", body)
        data = _json(response)
        data["model"] = model.name
        return data

    async def chat_stream(self, model: ModelSettings, body: dict[str, Any]) -> AsyncIterator[dict[str, Any]]:
        request = self._request(model, "chat/completions", body)
        response = await self._send(model, request, stream=True)
        try:
            async for line in response.aiter_lines():
                if not line.startswith("data:"):
                    continue
                payload = line[5:].strip()
                if payload == "[DONE]":
                    break
                try:
                    chunk = orjson.loads(payload)
                except orjson.JSONDecodeError:
                    raise ProviderError("malformed_stream", 502) from None
                if not isinstance(chunk, dict):
                    raise ProviderError("malformed_stream", 502)
                chunk["model"] = model.name
                yield chunk
        except httpx.TimeoutException:
            raise ProviderError("timeout", 504) from None
        except httpx.HTTPError:
            raise ProviderError("connection", 502) from None
        finally:
            await response.aclose()

    async def embeddings(self, model: ModelSettings, body: dict[str, Any]) -> dict[str, Any]:
        data = _json(await self._post(model, "embeddings", body))
        data["model"] = model.name
        return data

    # --- internals ---------------------------------------------------------------------------
    def _request(self, model: ModelSettings, endpoint: str, body: dict[str, Any]) -> httpx.Request:
        provider, _, upstream_model = model.litellm_model.partition("/")
        base = (model.api_base or "").rstrip("/")
        headers = {"content-type": "application/json"}
        params = {}
        key = model.api_key.get_secret_value() if model.api_key else None
        if provider == "azure":
            url = f"{base}/openai/deployments/{upstream_model}/{endpoint}"
            params["api-version"] = model.api_version or "2024-10-21"
            if key:
                headers["api-key"] = key
            payload = {k: v for k, v in body.items() if k != "model"}
        else:
            url = f"{base}/{endpoint}"
            if key:
                headers["authorization"] = f"Bearer {key}"
            payload = {**body, "model": upstream_model}
        return self._client.build_request(
            "POST", url, params=params, headers=headers, content=orjson.dumps(payload),
            timeout=httpx.Timeout(model.timeout_seconds, connect=min(10.0, model.timeout_seconds)),
        )

    async def _post(self, model: ModelSettings, endpoint: str, body: dict[str, Any]) -> httpx.Response:
        response = await self._send(model, self._request(model, endpoint, body), stream=False)
        return response

    async def _send(self, model: ModelSettings, request: httpx.Request, stream: bool) -> httpx.Response:
        """Send with the model's retries for failures of the provider itself."""
        attempt = 0
        while True:
            try:
                response = await self._client.send(request, stream=stream)
            except httpx.TimeoutException:
                error = ProviderError("timeout", 504)
            except httpx.HTTPError:
                error = ProviderError("connection", 502)
            else:
                if response.status_code < 400:
                    return response
                if stream:
                    await response.aread()
                    await response.aclose()
                error = _status_error(response)
            if error.kind not in _RETRYABLE or attempt >= model.retries:
                raise error
            attempt += 1
            await asyncio.sleep(min(2.0, 0.2 * 2**attempt))


def _json(response: httpx.Response) -> dict[str, Any]:
    try:
        data = orjson.loads(response.content)
    except orjson.JSONDecodeError:
        raise ProviderError("malformed_response", 502) from None
    if not isinstance(data, dict):
        raise ProviderError("malformed_response", 502)
    return data


def _status_error(response: httpx.Response) -> ProviderError:
    status = response.status_code
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
            code = str(orjson.loads(response.content).get("error", {}).get("code") or "")
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
