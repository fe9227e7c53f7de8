"""The provider protocol and its one error type.

A provider takes an already validated and redacted OpenAI-format body and returns
OpenAI-format dicts. It raises `ProviderError` for every failure; the router decides about
fallbacks and the app turns the error into a German message without provider details.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any, Protocol

from gateway.settings import ModelSettings


class ProviderError(Exception):
    """A provider failure, classified. `kind` is safe for audit/metrics; the original is not kept."""

    def __init__(self, kind: str, status_code: int, retry_after: float | None = None) -> None:
        super().__init__(kind)
        self.kind = kind  # "rate_limited" | "timeout" | "unavailable" | "bad_request" | "context_length" | ...
        self.status_code = status_code
        self.retry_after = retry_after

    @property
    def may_fall_back(self) -> bool:
        """Only failures of the provider itself justify trying another model."""
        return self.kind in {"timeout", "unavailable", "rate_limited", "connection"}


class Provider(Protocol):
    async def chat(self, model: ModelSettings, body: dict[str, Any]) -> dict[str, Any]:
        """Non-streaming chat completion."""
        ...

    def chat_stream(self, model: ModelSettings, body: dict[str, Any]) -> AsyncIterator[dict[str, Any]]:
        """Streaming chat completion as OpenAI chunk dicts. Errors before the first chunk raise
        ProviderError from the first `__anext__`; the caller must close the iterator (aclose)
        when it stops early, so the upstream request is cancelled."""
        ...

    async def embeddings(self, model: ModelSettings, body: dict[str, Any]) -> dict[str, Any]:
        ...
