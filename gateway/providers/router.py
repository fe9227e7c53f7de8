"""Choose the provider for a model and walk its fallbacks."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

from gateway.providers.base import Provider, ProviderError
from gateway.providers.demo import DemoProvider
from gateway.providers.litellm_provider import LiteLLMProvider
from gateway.providers.openai_native import OpenAINativeProvider, is_native
from gateway.settings import ModelSettings, Settings


class ProviderRouter:
    """One entry point for provider calls. Fallbacks are tried in the configured order, only
    for failures of the provider itself (timeouts, 5xx, rate limits, connection errors)."""

    def __init__(self, settings: Settings, overrides: dict[str, Provider] | None = None) -> None:
        self._settings = settings
        self._demo = DemoProvider()
        self._native = OpenAINativeProvider()
        self._litellm = LiteLLMProvider()
        self._overrides = overrides or {}

    def provider_for(self, model: ModelSettings) -> Provider:
        if model.name in self._overrides:
            return self._overrides[model.name]
        if model.litellm_model.startswith("demo/"):
            return self._demo
        if is_native(model):
            return self._native
        return self._litellm

    @staticmethod
    def provider_name(model: ModelSettings) -> str:
        return model.litellm_model.split("/", 1)[0] if "/" in model.litellm_model else "openai"

    def chain(self, model: ModelSettings) -> list[ModelSettings]:
        chain = [model]
        for name in model.fallbacks:
            fallback = self._settings.model(name)
            if fallback is not None and fallback not in chain:
                chain.append(fallback)
        return chain

    async def chat(self, model: ModelSettings, body: dict[str, Any]) -> tuple[ModelSettings, dict[str, Any]]:
        return await self._with_fallbacks(model, lambda m: self.provider_for(m).chat(m, body))

    async def embeddings(self, model: ModelSettings, body: dict[str, Any]) -> tuple[ModelSettings, dict[str, Any]]:
        return await self._with_fallbacks(model, lambda m: self.provider_for(m).embeddings(m, body))

    async def chat_stream(
        self, model: ModelSettings, body: dict[str, Any]
    ) -> tuple[ModelSettings, AsyncIterator[dict[str, Any]], dict[str, Any] | None]:
        """Open a stream, falling back until one yields its first chunk.

        Returns the model used, the iterator and the first chunk (already read, so errors that
        only show on the first read still count as "before the answer started").
        """
        last: ProviderError | None = None
        for candidate in self.chain(model):
            stream = self.provider_for(candidate).chat_stream(candidate, body)
            try:
                first = await anext(stream, None)
            except ProviderError as exc:
                await stream.aclose()  # type: ignore[attr-defined]
                last = exc
                if not exc.may_fall_back:
                    raise
                continue
            return candidate, stream, first
        assert last is not None
        raise last

    async def _with_fallbacks(
        self, model: ModelSettings, call: Callable[[ModelSettings], Awaitable[dict[str, Any]]]
    ) -> tuple[ModelSettings, dict[str, Any]]:
        last: ProviderError | None = None
        for candidate in self.chain(model):
            try:
                return candidate, await call(candidate)
            except ProviderError as exc:
                last = exc
                if not exc.may_fall_back:
                    raise
        assert last is not None
        raise last

    async def aclose(self) -> None:
        await self._native.aclose()
