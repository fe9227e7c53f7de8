"""Provider calls through litellm, for every provider whose wire format needs translation.

litellm is imported on first use: it costs ~6 s of start-up and is not needed when every
configured model speaks the OpenAI format natively. The cost map is read from the copy in
the package (LITELLM_LOCAL_MODEL_COST_MAP), never fetched.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from typing import Any

from gateway.providers.base import ProviderError
from gateway.settings import ModelSettings

_litellm: Any = None

# Fields of OpenAI's response objects; litellm adds its own (provider_specific_fields, ...).
_CHOICE_FIELDS = ("index", "message", "delta", "finish_reason", "logprobs")
_TOP_FIELDS = ("id", "object", "created", "model", "choices", "usage", "system_fingerprint", "service_tier")


def _lib() -> Any:
    global _litellm
    if _litellm is None:
        os.environ["LITELLM_LOCAL_MODEL_COST_MAP"] = "True"  # before the import reads it
        os.environ.setdefault("LITELLM_TELEMETRY", "False")
        import litellm

        litellm.suppress_debug_info = True
        litellm.telemetry = False
        litellm.drop_params = True
        _litellm = litellm
    return _litellm


class LiteLLMProvider:
    async def chat(self, model: ModelSettings, body: dict[str, Any]) -> dict[str, Any]:
        try:
            response = await _lib().acompletion(**_call_args(model, body))
        except Exception as exc:  # noqa: BLE001 - every litellm failure is classified, none escapes raw
            raise classify(exc) from None
        return _clean(response.model_dump(exclude_none=True), public_name=model.name)

    async def chat_stream(self, model: ModelSettings, body: dict[str, Any]) -> AsyncIterator[dict[str, Any]]:
        try:
            stream = await _lib().acompletion(**_call_args(model, body))
        except Exception as exc:  # noqa: BLE001
            raise classify(exc) from None
        try:
            async for chunk in stream:
                yield _clean(chunk.model_dump(exclude_none=True), public_name=model.name)
        except Exception as exc:  # noqa: BLE001
            raise classify(exc) from None
        finally:
            await _close(stream)

    async def embeddings(self, model: ModelSettings, body: dict[str, Any]) -> dict[str, Any]:
        args = _connection_args(model)
        args.update({k: v for k, v in body.items() if k != "model"})
        try:
            response = await _lib().aembedding(model=model.litellm_model, **args)
        except Exception as exc:  # noqa: BLE001
            raise classify(exc) from None
        result = response.model_dump(exclude_none=True)
        result["model"] = model.name
        return result


def _connection_args(model: ModelSettings) -> dict[str, Any]:
    args: dict[str, Any] = {"timeout": model.timeout_seconds, "num_retries": model.retries}
    if model.api_base:
        args["api_base"] = model.api_base
    if model.api_version:
        args["api_version"] = model.api_version
    if model.api_key is not None:
        args["api_key"] = model.api_key.get_secret_value()
    return args


def _call_args(model: ModelSettings, body: dict[str, Any]) -> dict[str, Any]:
    args = {k: v for k, v in body.items() if k != "model"}
    args.update(_connection_args(model))
    args["model"] = model.litellm_model
    return args


def _clean(data: dict[str, Any], public_name: str) -> dict[str, Any]:
    result = {k: data[k] for k in _TOP_FIELDS if k in data}
    result["model"] = public_name
    result["choices"] = [
        {"finish_reason": None, **{k: c[k] for k in _CHOICE_FIELDS if k in c}} for c in data.get("choices", [])
    ]
    for choice in result["choices"]:
        for key in ("message", "delta"):
            if key in choice:
                choice[key] = {k: v for k, v in choice[key].items() if k != "provider_specific_fields"}
    return result


async def _close(stream: Any) -> None:
    close = getattr(stream, "aclose", None)
    if close is not None:
        try:
            await close()
        except Exception:  # noqa: BLE001, S110 - closing a broken stream must not mask the real outcome
            pass


def classify(exc: BaseException) -> ProviderError:
    """Map a litellm/openai exception to a ProviderError; nothing of the original is kept."""
    name = type(exc).__name__
    status = getattr(exc, "status_code", None)
    if name in {"Timeout", "APITimeoutError"} or isinstance(exc, TimeoutError):
        return ProviderError("timeout", 504)
    if name == "RateLimitError" or status == 429:
        return ProviderError("rate_limited", 429, _retry_after(exc))
    if name == "ContextWindowExceededError":
        return ProviderError("context_length", 400)
    if name == "ContentPolicyViolationError":
        return ProviderError("content_policy", 400)
    if name in {"AuthenticationError", "PermissionDeniedError"} or status in {401, 403}:
        return ProviderError("provider_auth", 502)
    if name == "APIConnectionError":
        return ProviderError("connection", 502)
    if name in {"BadRequestError", "UnprocessableEntityError", "UnsupportedParamsError"} or status in {400, 422}:
        return ProviderError("bad_request", 400)
    if name == "NotFoundError" or status == 404:
        return ProviderError("not_found", 502)
    return ProviderError("unavailable", 502)


def _retry_after(exc: BaseException) -> float | None:
    response = getattr(exc, "response", None)
    headers = getattr(response, "headers", None)
    value = headers.get("retry-after") if headers is not None else None
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None
