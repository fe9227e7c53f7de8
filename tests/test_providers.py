"""Provider adapters against small real HTTP servers: Azure's URL scheme, fallbacks, error classes."""

from __future__ import annotations

import threading
import time

import pytest
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from gateway.providers import ProviderError
from gateway.providers.litellm_provider import classify
from gateway.providers.openai_native import OpenAINativeProvider, is_native
from gateway.settings import ModelSettings
from tests.mock_upstream import free_port


@pytest.fixture(scope="module")
def azure():
    """A stand-in for an Azure OpenAI resource: deployment in the path, api-version and api-key required."""
    seen: list[dict] = []

    async def chat(request: Request) -> JSONResponse:
        seen.append({"path": request.url.path, "query": dict(request.query_params),
                     "api_key": request.headers.get("api-key"), "body": await request.json()})
        if request.headers.get("api-key") != "azure-key":
            return JSONResponse({"error": {"code": "401"}}, status_code=401)
        return JSONResponse({"id": "x", "object": "chat.completion", "created": 1, "model": "gpt-4o",
                             "choices": [{"index": 0, "message": {"role": "assistant", "content": "ok"},
                                          "finish_reason": "stop"}],
                             "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}})

    port = free_port()
    app = Starlette(routes=[Route("/openai/deployments/{deployment}/chat/completions", chat, methods=["POST"])])
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.01)
    yield f"http://127.0.0.1:{port}", seen
    server.should_exit = True
    thread.join(5)


def _azure_model(base: str, key: str = "azure-key") -> ModelSettings:
    return ModelSettings(name="gpt-4o-eu", litellm_model="azure/gpt-4o-eu", api_base=base, api_version="2024-10-21",
                         api_key=key, input_eur_per_million=1, output_eur_per_million=1, retries=0)


async def test_azure_deployment_url_version_and_key_header(azure):
    base, seen = azure
    provider = OpenAINativeProvider()
    result = await provider.chat(_azure_model(base), {"messages": [{"role": "user", "content": "x"}]})
    await provider.aclose()
    assert result["model"] == "gpt-4o-eu" and result["choices"][0]["message"]["content"] == "ok"
    assert seen[-1]["path"] == "/openai/deployments/gpt-4o-eu/chat/completions"
    assert seen[-1]["query"] == {"api-version": "2024-10-21"}
    assert "model" not in seen[-1]["body"]  # Azure takes the deployment from the path


async def test_wrong_provider_key_is_classified_without_details(azure):
    base, _ = azure
    provider = OpenAINativeProvider()
    with pytest.raises(ProviderError) as info:
        await provider.chat(_azure_model(base, key="wrong"), {"messages": [{"role": "user", "content": "x"}]})
    await provider.aclose()
    assert (info.value.kind, info.value.status_code) == ("provider_auth", 502)
    assert "wrong" not in str(info.value) and base not in str(info.value)


async def test_connection_refused_is_retried_then_classified():
    provider = OpenAINativeProvider()
    model = ModelSettings(name="m", litellm_model="openai/x", api_base=f"http://127.0.0.1:{free_port()}/v1",
                          free=True, retries=1)
    started = time.perf_counter()
    with pytest.raises(ProviderError) as info:
        await provider.chat(model, {"messages": []})
    await provider.aclose()
    assert info.value.kind == "connection" and info.value.may_fall_back
    assert time.perf_counter() - started >= 0.3  # one retry with back-off happened


def test_adapter_choice():
    native = ModelSettings(name="a", litellm_model="openai/x", api_base="http://h/v1", free=True)
    assert is_native(native)
    assert not is_native(native.model_copy(update={"adapter": "litellm"}))
    assert not is_native(ModelSettings(name="b", litellm_model="anthropic/claude", free=True))


@pytest.mark.parametrize(("name", "status", "kind", "http"), [
    ("Timeout", 408, "timeout", 504),
    ("RateLimitError", 429, "rate_limited", 429),
    ("ContextWindowExceededError", 400, "context_length", 400),
    ("AuthenticationError", 401, "provider_auth", 502),
    ("APIConnectionError", 500, "connection", 502),
    ("ServiceUnavailableError", 503, "unavailable", 502),
    ("BadRequestError", 400, "bad_request", 400),
])
def test_litellm_exceptions_are_classified(name, status, kind, http):
    exc = type(name, (Exception,), {"status_code": status})("secret detail https://provider.example/key=abc")
    error = classify(exc)
    assert (error.kind, error.status_code) == (kind, http)
    assert "secret" not in str(error)
