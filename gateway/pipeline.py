"""One request's journey, top-down:

    authenticate → validate → redact → reserve quota → audit "accepted" → call provider
    → restore → settle quota → audit "completed"/"failed"

Each step is a call into a package with a small interface. Refusals are `GatewayError`s;
the app turns them into OpenAI error responses. Two rules hold on every path:
nothing goes upstream before the "accepted" record is committed, and every accepted
request ends with exactly one "completed" or "failed" record and a settled reservation,
also when the client disconnects or the provider fails.

The reservation is settled before the answer leaves (a client's next request sees its real
usage). A successful request's closing record is written after the answer, in a task tracked
in `services.pending` (awaited on shutdown), and shares its commit with the next "accepted":
the answer waits for one fsync, not two.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from audit import AuditEvent, AuditUnavailable
from gateway import metrics, sse
from gateway.errors import (
    AuthenticationFailed,
    GatewayError,
    InvalidRequest,
    ModelNotFound,
    PermissionDenied,
    ServiceUnavailable,
    UpstreamError,
)
from gateway.keys import Principal
from gateway.providers import ProviderError
from gateway.quota import QuotaExceeded, QuotaUnavailable, Reservation, count_prompt_tokens, count_text_tokens
from gateway.responses import JSONBytesResponse
from gateway.schemas import ChatCompletionRequest, EmbeddingRequest
from gateway.services import Services
from gateway.settings import ModelSettings
from gateway.validation import parse_json, read_body, validate
from redaction import RedactionBlocked, RedactionSession, RedactionUnavailable

log = logging.getLogger("gateway.request")
RequestSchema = TypeVar("RequestSchema", ChatCompletionRequest, EmbeddingRequest)

# Redaction of bodies larger than this runs in a worker thread so it cannot stall other requests.
_INLINE_REDACTION_BYTES = 16 * 1024
# How long a closing audit record is retried while the audit store is down.
_CLOSING_RETRY_SECONDS = 3600.0


@dataclass
class Call:
    """What we know about one accepted request; the source of its audit records."""

    request_id: str
    principal: Principal
    model: ModelSettings
    endpoint: str
    stream: bool
    started: float = field(default_factory=time.perf_counter)
    client_name: str | None = None
    session: RedactionSession | None = None
    reservation: Reservation | None = None
    provider: str | None = None
    prompt_tokens: int = 0
    completion_tokens: int = 0
    first_token_at: float | None = None
    finished: bool = False


class Pipeline:
    def __init__(self, services: Services) -> None:
        self.services = services
        self.settings = services.settings

    # --- endpoints ---------------------------------------------------------------------------
    async def chat_completions(self, request: Request) -> Response:
        principal = await self.authenticate(request)
        raw, data, chat, model = await self.admit(request, principal, ChatCompletionRequest, "chat")
        call = self._new_call(request, principal, model, "/v1/chat/completions", stream=bool(chat.stream))
        body = self._upstream_chat_body(data, model, principal)
        outbound = await self.redact(call, lambda s: s.redact_chat_request(body), len(raw))
        max_output = chat.max_completion_tokens or chat.max_tokens
        await self.reserve(call, count_prompt_tokens(model, outbound.get("messages", [])), max_output)
        await self.audit_accepted(call)
        if call.stream:
            return await self._stream_chat(call, outbound, client_wants_usage=_wants_usage(data))
        return await self._complete_chat(call, outbound)

    async def embeddings(self, request: Request) -> Response:
        principal = await self.authenticate(request)
        raw, data, _, model = await self.admit(request, principal, EmbeddingRequest, "embedding")
        call = self._new_call(request, principal, model, "/v1/embeddings", stream=False)
        body = {k: v for k, v in data.items() if k != "user"}
        outbound = await self.redact(call, lambda s: {**body, "input": s.redact_embedding_input(body["input"])},
                                     len(raw))
        await self.reserve(call, count_prompt_tokens(model, outbound["input"]), 0)
        await self.audit_accepted(call)
        try:
            used_model, result = await self.services.providers.embeddings(model, outbound)
        except ProviderError as exc:
            await self.finish(call, outcome="failed", error_class=f"upstream.{exc.kind}")
            raise _upstream_error(exc) from None
        usage = result.get("usage") or {}
        call.prompt_tokens = int(usage.get("prompt_tokens") or call.prompt_tokens)
        call.provider = self.services.providers.provider_name(used_model)
        headers = await self.finish(call, outcome="ok", record_later=True)
        return JSONBytesResponse(result, headers=headers)

    # --- steps -------------------------------------------------------------------------------
    async def authenticate(self, request: Request) -> Principal:
        header = request.headers.get("authorization", "")
        scheme, _, key = header.partition(" ")
        if scheme.lower() != "bearer" or not key.strip():
            await self._refused(request, None, "auth.missing_key", endpoint=request.url.path)
            raise AuthenticationFailed("Kein API-Schlüssel angegeben (Header Authorization: Bearer …).")
        try:
            if self.services.keys.is_local:
                # An indexed SQLite lookup (~50 µs) is cheaper than the hop to a worker thread.
                principal = self.services.keys.authenticate(key.strip())
            else:
                principal = await run_in_threadpool(self.services.keys.authenticate, key.strip())
        except Exception:  # noqa: BLE001 - the key database is down: fail closed, say nothing more
            raise ServiceUnavailable("Die Schlüsselprüfung ist vorübergehend nicht verfügbar.") from None
        if principal is None:
            await self._refused(request, None, "auth.invalid_key", endpoint=request.url.path)
            raise AuthenticationFailed("Der API-Schlüssel ist ungültig oder wurde widerrufen.")
        return principal

    async def admit(
        self, request: Request, principal: Principal, schema: type[RequestSchema], kind: str
    ) -> tuple[bytes, dict[str, Any], RequestSchema, ModelSettings]:
        """Read, parse and validate the body and resolve the model; refusals are audited."""
        try:
            raw = await read_body(request, self.settings.server.max_body_bytes)
            data = parse_json(raw)
            parsed = validate(data, schema)
            return raw, data, parsed, self.resolve_model(principal, parsed.model, kind)
        except GatewayError as exc:
            await self._refused(request, principal, f"validation.{exc.reason}", endpoint=request.url.path)
            raise

    def resolve_model(self, principal: Principal, name: str, kind: str) -> ModelSettings:
        model = self.settings.model(name)
        if model is None or model.kind != kind:
            raise ModelNotFound(f"Das Modell '{_safe(name)}' gibt es nicht.", param="model")
        department = self.settings.department(principal.department)
        if department is None or name not in department.models:
            raise PermissionDenied(
                f"Ihr Fachbereich darf das Modell '{model.name}' nicht verwenden.", param="model"
            )
        return model

    async def redact(self, call: Call, apply: Any, body_bytes: int) -> dict[str, Any]:
        """Redact everything the provider would see; refuse (400/503) before anything leaves."""
        call.session = self.services.redactor.new_session(call.principal.department)
        try:
            if body_bytes > _INLINE_REDACTION_BYTES:
                # Large texts run in a worker thread with a hard deadline: the request is refused on
                # time even if the detector itself overruns its budget.
                budget = self.settings.redaction.time_budget_ms / 1000
                return await asyncio.wait_for(run_in_threadpool(apply, call.session), timeout=budget)
            return apply(call.session)
        except RedactionBlocked as exc:
            types = ", ".join(exc.entity_types)
            await self._audit_refusal(call, "policy.block", decision="block")
            raise InvalidRequest(
                f"Die Anfrage enthält personenbezogene Daten, die laut Richtlinie Ihres Fachbereichs nicht "
                f"an externe Anbieter gehen dürfen: {types}. Bitte entfernen Sie diese Angaben.",
                code="personal_data_blocked", reason="policy.block",
            ) from None
        except (RedactionUnavailable, TimeoutError):
            await self._audit_refusal(call, "redaction.unavailable")
            raise ServiceUnavailable(
                "Die Prüfung auf personenbezogene Daten ist fehlgeschlagen; die Anfrage wurde nicht gesendet."
            ) from None

    async def reserve(self, call: Call, prompt_tokens: int, max_output_tokens: int | None) -> None:
        call.prompt_tokens = prompt_tokens
        started = time.perf_counter()
        try:
            call.reservation = await self.services.quota.reserve(
                call.principal.user_id, call.principal.department, call.model.name, prompt_tokens, max_output_tokens
            )
            metrics.series(metrics.QUOTA_STORE, "reserve").observe(time.perf_counter() - started)
        except QuotaExceeded as exc:
            await self._audit_refusal(call, f"quota.{exc.limit_name}")
            raise GatewayError(
                exc.message, status_code=429, code=exc.code, headers=exc.headers, reason=f"quota.{exc.limit_name}"
            ) from None
        except QuotaUnavailable:
            await self._audit_refusal(call, "quota.unavailable")
            raise ServiceUnavailable(
                "Das Kontingent kann gerade nicht geprüft werden; die Anfrage wurde nicht gesendet. "
                "Bitte versuchen Sie es gleich noch einmal."
            ) from None

    async def audit_accepted(self, call: Call) -> None:
        try:
            await self._write_audit(self._event(call, "request.accepted"))
        except AuditUnavailable:
            await self._settle(call)
            raise ServiceUnavailable(
                "Das Protokoll ist gerade nicht verfügbar; die Anfrage wurde nicht gesendet."
            ) from None

    async def finish(self, call: Call, outcome: str, error_class: str | None = None,
                     *, record_later: bool = False) -> dict[str, str]:
        """Settle the reservation and write the closing record, exactly once per call.

        `record_later`: return after settlement; the closing record is committed in a tracked
        background task (the client is not kept waiting for its fsync)."""
        if call.finished:
            return {}
        call.finished = True
        cost = await self._settle(call)
        event = self._event(
            call, "request.completed" if outcome == "ok" else "request.failed",
            time=datetime.now(UTC), outcome=outcome, error_class=error_class, cost_eur=cost,
            prompt_tokens=call.prompt_tokens, completion_tokens=call.completion_tokens,
            latency_ms=(time.perf_counter() - call.started) * 1000,
            ttft_ms=(call.first_token_at - call.started) * 1000 if call.first_token_at else None,
            entity_counts=dict(call.session.entity_counts) if call.session else None,
        )
        if record_later:
            self.track(asyncio.ensure_future(self._write_closing(event, urgent=False)))
        else:
            await self._write_closing(event, urgent=True)
        self._observe(call, outcome, error_class, cost)
        return {"X-Request-ID": call.request_id, **(call.reservation.headers if call.reservation else {})}

    async def _write_closing(self, event: AuditEvent, urgent: bool) -> None:
        try:
            await self._write_audit(event, urgent=urgent)
        except AuditUnavailable:
            log.error("closing audit record delayed, audit store unavailable", extra={"request_id": event.request_id})
            self.track(asyncio.ensure_future(self._write_later(event)))

    def _observe(self, call: Call, outcome: str, error_class: str | None, cost: float | None) -> None:
        """Metrics and the one log line per finished request (allowlisted fields only)."""
        dept, model = call.principal.department, call.model.name
        duration = time.perf_counter() - call.started
        metrics.series(metrics.REQUESTS, dept, model, outcome).inc()
        metrics.series(metrics.LATENCY, dept, model, "true" if call.stream else "false").observe(duration)
        if call.first_token_at is not None:
            metrics.series(metrics.TTFB, dept, model).observe(call.first_token_at - call.started)
        metrics.series(metrics.TOKENS, dept, model, "prompt").inc(call.prompt_tokens)
        metrics.series(metrics.TOKENS, dept, model, "completion").inc(call.completion_tokens)
        if cost:
            metrics.series(metrics.COST, dept, model).inc(cost)
        for entity_type, count in (call.session.entity_counts if call.session else {}).items():
            metrics.series(metrics.ENTITIES, dept, entity_type).inc(count)
        if error_class and error_class.startswith("upstream."):
            metrics.UPSTREAM_ERRORS.labels(call.provider or "unknown", error_class[9:]).inc()
        log.info("request finished", extra={
            "request_id": call.request_id, "department": dept, "model": model, "provider": call.provider,
            "endpoint": call.endpoint, "stream": call.stream, "outcome": outcome, "error_class": error_class,
            "duration_ms": round(duration * 1000, 2),
            "ttfb_ms": round((call.first_token_at - call.started) * 1000, 2) if call.first_token_at else None,
        })

    async def _write_later(self, event: AuditEvent) -> None:
        """Retry a closing record until the audit store is back, so every accepted request still
        ends with exactly one closing record (kept in memory: lost only if this process dies)."""
        delay = 0.5
        deadline = time.monotonic() + _CLOSING_RETRY_SECONDS
        while time.monotonic() < deadline:
            await asyncio.sleep(delay)
            try:
                await self._write_audit(event)
                return
            except AuditUnavailable:
                delay = min(delay * 2, 5.0)  # a closing record is small: be back soon after the store
        log.error("closing audit record lost after retries", extra={"request_id": event.request_id})

    def track(self, task: asyncio.Future[Any]) -> None:
        """Keep background work visible to shutdown (Services.aclose waits for it)."""
        self.services.pending.add(task)  # type: ignore[arg-type]
        task.add_done_callback(self.services.pending.discard)

    async def _write_audit(self, event: AuditEvent, urgent: bool = True) -> None:
        started = time.perf_counter()
        await self.services.audit.write(event, urgent=urgent)
        metrics.AUDIT_STORE.observe(time.perf_counter() - started)

    # --- provider calls ----------------------------------------------------------------------
    async def _complete_chat(self, call: Call, outbound: dict[str, Any]) -> Response:
        try:
            used_model, result = await self.services.providers.chat(call.model, outbound)
        except ProviderError as exc:
            await self.finish(call, outcome="failed", error_class=f"upstream.{exc.kind}")
            raise _upstream_error(exc) from None
        except asyncio.CancelledError:
            await asyncio.shield(self.finish(call, outcome="failed", error_class="client_disconnected"))
            raise
        call.provider = self.services.providers.provider_name(used_model)
        usage = result.get("usage") or {}
        call.prompt_tokens = int(usage.get("prompt_tokens") or call.prompt_tokens)
        call.completion_tokens = int(usage.get("completion_tokens") or _count_choices(result))
        assert call.session is not None
        restored = call.session.restore_chat_response(result)
        headers = await self.finish(call, outcome="ok", record_later=True)
        return JSONBytesResponse(restored, headers=headers)

    async def _stream_chat(self, call: Call, outbound: dict[str, Any], client_wants_usage: bool) -> Response:
        try:
            used_model, chunks, first = await self.services.providers.chat_stream(call.model, outbound)
        except ProviderError as exc:
            await self.finish(call, outcome="failed", error_class=f"upstream.{exc.kind}")
            raise _upstream_error(exc) from None
        call.provider = self.services.providers.provider_name(used_model)
        headers = {"X-Request-ID": call.request_id, **(call.reservation.headers if call.reservation else {})}
        relay = StreamRelay(self, call, chunks, first, client_wants_usage)
        return StreamingResponse(relay.events(), media_type="text/event-stream",
                                 headers={**headers, "Cache-Control": "no-cache"})

    # --- helpers -----------------------------------------------------------------------------
    def _new_call(self, request: Request, principal: Principal, model: ModelSettings, endpoint: str,
                  stream: bool) -> Call:
        return Call(
            request_id=request.state.request_id, principal=principal, model=model, endpoint=endpoint,
            stream=stream, client_name=_client_name(request.headers.get("user-agent", "")),
        )

    def _upstream_chat_body(self, data: dict[str, Any], model: ModelSettings, principal: Principal) -> dict[str, Any]:
        """The client's (validated) parameters, with our own `user` and usage reporting."""
        body = {k: v for k, v in data.items() if k not in ("model", "user", "stream_options")}
        body["user"] = self.services.upstream_user(principal.user_id)
        if data.get("stream") and model.supports_stream_usage:
            body["stream_options"] = {"include_usage": True}
        return body

    def _event(self, call: Call, event_type: str, **fields: Any) -> AuditEvent:
        return AuditEvent(
            event_type=event_type,  # type: ignore[arg-type]
            request_id=call.request_id,
            user=self.services.user_pseudonym(call.principal.user_id),
            department=call.principal.department,
            model=call.model.name,
            provider=call.provider or self.services.providers.provider_name(call.model),
            endpoint=call.endpoint,
            stream=call.stream,
            client_name=call.client_name,
            key_id=call.principal.key_id,
            policy_hash=self.services.redactor.policy_hash(call.principal.department),
            **{k: v for k, v in fields.items() if v is not None},
        )

    async def _settle(self, call: Call) -> float | None:
        if call.reservation is None:
            return None
        started = time.perf_counter()
        try:
            cost = await self.services.quota.settle(call.reservation, call.prompt_tokens, call.completion_tokens)
            metrics.series(metrics.QUOTA_STORE, "settle").observe(time.perf_counter() - started)
            return cost
        except QuotaUnavailable:
            return None  # the reservation expires by itself (TTL); nothing is counted twice

    async def _audit_refusal(self, call: Call, reason: str, decision: str | None = None) -> None:
        event = self._event(call, "request.refused", outcome="refused", error_class=reason,
                            policy_decision=decision,
                            entity_counts=dict(call.session.entity_counts) if call.session else None)
        try:
            await self._write_audit(event)
        except AuditUnavailable:
            pass  # the request is refused anyway

    async def _refused(self, request: Request, principal: Principal | None, reason: str, endpoint: str) -> None:
        """Audit a refusal that happened before the request was admitted (auth, validation, model)."""
        who: dict[str, Any] = {}
        if principal is not None:
            who = {"user": self.services.user_pseudonym(principal.user_id), "department": principal.department,
                   "key_id": principal.key_id}
        event = AuditEvent(event_type="request.refused", request_id=request.state.request_id, outcome="refused",
                           error_class=reason, endpoint=_safe_endpoint(endpoint),
                           client_name=_client_name(request.headers.get("user-agent", "")), **who)
        try:
            await self._write_audit(event)
        except AuditUnavailable:
            pass


class StreamRelay:
    """Relays provider chunks to the client: restores placeholders per choice, strips the usage
    chunk the client did not ask for, and finishes the call however the stream ends."""

    def __init__(self, pipeline: Pipeline, call: Call, chunks: AsyncIterator[dict[str, Any]],
                 first: dict[str, Any] | None, client_wants_usage: bool) -> None:
        self.pipeline = pipeline
        self.call = call
        self.chunks = chunks
        self.first = first
        self.client_wants_usage = client_wants_usage
        assert call.session is not None
        self.session = call.session
        self.restorers: dict[tuple[int, str], Any] = {}
        self.completion_text: list[str] = []
        self.usage_seen = False

    async def events(self) -> AsyncIterator[bytes]:
        outcome: str = "failed"
        error_class: str | None = "client_disconnected"
        try:
            if self.first is not None:
                out = self.relay(self.first)
                if out is not None:
                    yield out
            async for chunk in self.chunks:
                out = self.relay(chunk)
                if out is not None:
                    yield out
            yield sse.DONE
            outcome, error_class = "ok", None
        except ProviderError as exc:
            outcome, error_class = "failed", f"upstream.{exc.kind}"
            error = _upstream_error(exc)
            yield sse.error_event(error.message, error.error_type, error.code)
        finally:
            await self._finish(outcome, error_class)

    def relay(self, chunk: dict[str, Any]) -> bytes | None:
        if self.call.first_token_at is None:
            self.call.first_token_at = time.perf_counter()
        usage = chunk.get("usage")
        if usage:
            self.usage_seen = True
            self.call.prompt_tokens = int(usage.get("prompt_tokens") or self.call.prompt_tokens)
            self.call.completion_tokens = int(usage.get("completion_tokens") or 0)
            if not chunk.get("choices") and not self.client_wants_usage:
                return None
            if not self.client_wants_usage:
                chunk = {k: v for k, v in chunk.items() if k != "usage"}
        for choice in chunk.get("choices") or []:
            self._restore_choice(choice)
        return sse.event(chunk)

    def _restore_choice(self, choice: dict[str, Any]) -> None:
        index = int(choice.get("index") or 0)
        delta = choice.get("delta") or {}
        if isinstance(delta.get("content"), str):
            self.completion_text.append(delta["content"])
            delta["content"] = self._restorer(index, "content").feed(delta["content"])
        for call in delta.get("tool_calls") or []:
            function = call.get("function") or {}
            if isinstance(function.get("arguments"), str):
                key = f"tool{call.get('index', 0)}"
                function["arguments"] = self._restorer(index, key, json=True).feed(function["arguments"])
        if choice.get("finish_reason"):
            # The choice ends: emit whatever each of its restorers still holds back.
            for (i, key), restorer in self.restorers.items():
                held = restorer.flush() if i == index else ""
                if held and key == "content":
                    delta["content"] = (delta.get("content") or "") + held
                elif held:
                    _append_tool_args(delta, int(key[4:]), held)
            choice["delta"] = delta

    def _restorer(self, index: int, key: str, json: bool = False) -> Any:
        restorer = self.restorers.get((index, key))
        if restorer is None:
            restorer = self.session.stream_restorer(json_escape=json)
            self.restorers[(index, key)] = restorer
        return restorer

    async def _finish(self, outcome: str, error_class: str | None) -> None:
        if not self.usage_seen:
            self.call.completion_tokens = count_text_tokens("".join(self.completion_text))
        close = getattr(self.chunks, "aclose", None)
        task = asyncio.ensure_future(self._close_and_finish(close, outcome, error_class))
        self.pipeline.track(task)
        await asyncio.shield(task)

    async def _close_and_finish(self, close: Any, outcome: str, error_class: str | None) -> None:
        if close is not None:
            try:
                await close()  # cancels the upstream request when the client went away
            except Exception:  # noqa: BLE001, S110 - a broken upstream must not stop settlement
                pass
        await self.pipeline.finish(self.call, outcome=outcome, error_class=error_class, record_later=True)


def _append_tool_args(delta: dict[str, Any], tool_index: int, text: str) -> None:
    calls = delta.setdefault("tool_calls", [])
    for call in calls:
        if call.get("index", 0) == tool_index:
            call.setdefault("function", {})["arguments"] = call["function"].get("arguments", "") + text
            return
    calls.append({"index": tool_index, "function": {"arguments": text}})


def _upstream_error(exc: ProviderError) -> GatewayError:
    if exc.kind == "rate_limited":
        headers = {"Retry-After": str(int(exc.retry_after))} if exc.retry_after else {}
        return GatewayError("Der Anbieter des Modells ist gerade ausgelastet. Bitte versuchen Sie es später erneut.",
                            status_code=429, code="rate_limit_exceeded", headers=headers,
                            reason="upstream.rate_limited")
    if exc.kind == "timeout":
        return UpstreamError("Der Anbieter des Modells hat nicht rechtzeitig geantwortet.", status_code=504,
                             code="upstream_timeout", reason="upstream.timeout")
    if exc.kind == "context_length":
        return InvalidRequest("Die Anfrage ist zu lang für das gewählte Modell.", code="context_length_exceeded",
                              reason="upstream.context_length")
    if exc.kind in ("bad_request", "content_policy"):
        return InvalidRequest("Der Anbieter des Modells hat die Anfrage abgelehnt.", code="upstream_rejected",
                              reason=f"upstream.{exc.kind}")
    return UpstreamError("Der Anbieter des Modells ist gerade nicht erreichbar oder hat fehlerhaft geantwortet.",
                         reason=f"upstream.{exc.kind}")


def _wants_usage(data: dict[str, Any]) -> bool:
    return bool((data.get("stream_options") or {}).get("include_usage"))


def _count_choices(result: dict[str, Any]) -> int:
    text = "".join(str((c.get("message") or {}).get("content") or "") for c in result.get("choices") or [])
    return count_text_tokens(text)


def _client_name(user_agent: str) -> str | None:
    """The client family for the pilot evaluation, from a fixed list: the User-Agent is free
    text a client controls, so nothing of it is stored verbatim."""
    lowered = user_agent.lower()
    return next((name for prefix, name in _CLIENTS if lowered.startswith(prefix)), "other" if user_agent else None)


_CLIENTS = (
    ("openai/python", "openai-python"), ("asyncopenai/python", "openai-python"), ("openai/js", "openai-js"),
    ("langchain", "langchain"), ("curl/", "curl"), ("python-httpx/", "httpx"), ("python-requests/", "requests"),
    ("mozilla/", "browser"), ("litellm", "litellm"), ("schemathesis", "schemathesis"),
)


def _safe(value: str) -> str:
    return "".join(c for c in value if c.isalnum() or c in "._-:/")[:64]


def _safe_endpoint(path: str) -> str:
    return path if path in {"/v1/chat/completions", "/v1/embeddings", "/v1/models", "/v1/usage", "/v1/redact"} \
        else "/v1/other"


def new_request_id() -> str:
    return "req_" + uuid.uuid4().hex
