"""The Starlette application: routes, error handling and lifecycle.

The request journey itself lives in `gateway.pipeline`; this module only maps HTTP onto it
and guarantees that every failure leaves as an OpenAI-format error, never a traceback.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import orjson
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Mount, Route

from audit import AuditEvent
from gateway import metrics
from gateway.console.app import create_console
from gateway.errors import GatewayError, ModelNotFound, PermissionDenied, error_response
from gateway.openapi import build_openapi
from gateway.pipeline import Pipeline, new_request_id
from gateway.preview import preview
from gateway.protocol import RequireHttp1
from gateway.quota import QuotaUnavailable
from gateway.quota.service import LimitStatus
from gateway.responses import JSONBytesResponse
from gateway.services import Services
from gateway.validation import parse_json, read_body

log = logging.getLogger("gateway")

Endpoint = Callable[[Request], Awaitable[Response]]


def create_app(services: Services) -> Starlette:
    pipeline = Pipeline(services)
    api = PublicApi(services, pipeline)
    routes: list[BaseRoute] = [
        Route("/v1/chat/completions", api.endpoint(pipeline.chat_completions), methods=["POST"]),
        Route("/v1/embeddings", api.endpoint(pipeline.embeddings), methods=["POST"]),
        Route("/v1/models", api.endpoint(api.list_models), methods=["GET"]),
        Route("/v1/models/{model_id:path}", api.endpoint(api.get_model), methods=["GET"]),
        Route("/v1/usage", api.endpoint(api.usage), methods=["GET"]),
        Route("/v1/redact", api.endpoint(api.redact), methods=["POST"]),
        Route("/healthz", api.healthz, methods=["GET"]),
        Route("/readyz", api.readyz, methods=["GET"]),
        Route("/metrics", api.endpoint(api.metrics), methods=["GET"]),
        Route("/openapi.json", _document_route(build_openapi()), methods=["GET"]),
    ]
    if services.settings.server.console_enabled:
        routes.append(Mount("/console", create_console(services, services.settings.console)))

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        services.audit.start_checkpoints()
        await services.audit.write(AuditEvent(event_type="config.loaded", config_hash=_config_hash(services)))
        try:
            yield
        finally:
            await services.aclose()

    app = Starlette(
        routes=routes,
        lifespan=lifespan,
        exception_handlers={HTTPException: _http_error, Exception: _internal_error},  # type: ignore[dict-item]
    )
    app.state.services = services
    app.add_middleware(RequireHttp1)
    return app


class PublicApi:
    """The small endpoints around the pipeline (models, usage, health, redaction preview)."""

    def __init__(self, services: Services, pipeline: Pipeline) -> None:
        self.services = services
        self.pipeline = pipeline
        self.started = int(time.time())

    def endpoint(self, handler: Endpoint) -> Endpoint:
        """Give the request an id and turn GatewayErrors into OpenAI error responses."""

        async def run(request: Request) -> Response:
            request.state.request_id = new_request_id()
            try:
                response = await handler(request)
            except GatewayError as exc:
                metrics.REFUSALS.labels(exc.reason).inc()
                log.info("request refused", extra={"request_id": request.state.request_id, "status": exc.status_code,
                                                   "error_class": exc.reason, "endpoint": request.url.path[:64]})
                response = exc.response()
            response.headers.setdefault("X-Request-ID", request.state.request_id)
            return response

        return run

    async def list_models(self, request: Request) -> Response:
        principal = await self.pipeline.authenticate(request)
        allowed = self._allowed_models(principal.department)
        return JSONBytesResponse({"object": "list", "data": [self._model_card(m) for m in allowed]})

    async def get_model(self, request: Request) -> Response:
        principal = await self.pipeline.authenticate(request)
        model_id = request.path_params["model_id"]
        if self.services.settings.model(model_id) is None:
            raise ModelNotFound("Das Modell gibt es nicht.", param="model")
        if model_id not in self._allowed_models(principal.department):
            raise PermissionDenied("Ihr Fachbereich darf dieses Modell nicht verwenden.", param="model")
        return JSONBytesResponse(self._model_card(model_id))

    async def usage(self, request: Request) -> Response:
        """A pilot user's own limits and what is left of them (never other users' data)."""
        principal = await self.pipeline.authenticate(request)
        try:
            statuses = await self.services.quota.status(principal.department, principal.user_id)
        except QuotaUnavailable:
            raise GatewayError("Das Kontingent kann gerade nicht abgefragt werden.", status_code=503,
                               code="service_unavailable") from None
        return JSONBytesResponse({
            "object": "usage",
            "department": principal.department,
            "limits": [_limit_view(s) for s in statuses],
        })

    async def redact(self, request: Request) -> Response:
        """Redaction preview for admins and the DPO: what the provider would receive. Not stored."""
        principal = await self.pipeline.authenticate(request)
        if not principal.roles & {"admin", "dpo"}:
            raise GatewayError("Nur Administration und Datenschutz dürfen die Vorschau nutzen.",
                               status_code=403, code="forbidden", reason="auth.role")
        data = parse_json(await read_body(request, self.services.settings.server.max_body_bytes))
        text, department = data.get("text"), data.get("department", principal.department)
        if not isinstance(text, str):
            raise GatewayError("Das Feld text (Zeichenkette) fehlt.", param="text", code="missing_parameter")
        if not isinstance(department, str) or self.services.settings.department(department) is None:
            raise GatewayError("Unbekannter Fachbereich.", param="department", code="invalid_value")
        return JSONBytesResponse(preview(self.services.redactor, text, department))

    async def metrics(self, request: Request) -> Response:
        """Prometheus exposition, only with the configured metrics token (none configured: off)."""
        token = self.services.settings.server.metrics_token
        presented = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
        if token is None or not hmac.compare_digest(presented.encode(), token.get_secret_value().encode()):
            raise GatewayError("Diesen Endpunkt gibt es nicht.", status_code=404, code="not_found")
        body, content_type = metrics.render()
        return Response(body, media_type=content_type)

    async def healthz(self, request: Request) -> Response:
        return JSONBytesResponse({"status": "ok"})

    async def readyz(self, request: Request) -> Response:
        """Ready only when every dependency we must not work without answers."""
        checks: dict[str, str] = {}
        checks["database"] = await _probe(lambda: run_in_threadpool(self.services.keys.ping))
        checks["audit"] = await _probe(self.services.audit.ping)
        checks["quota"] = await _probe(self._quota_ping)
        checks["redaction"] = "ok"
        checks["providers"] = "ok" if self.services.settings.models else "none configured"
        ready = all(v == "ok" for v in checks.values())
        return JSONBytesResponse({"status": "ready" if ready else "not ready", "checks": checks},
                                 status_code=200 if ready else 503)

    async def _quota_ping(self) -> None:
        await self.services.quota.status(self.services.settings.departments[0].id)

    def _allowed_models(self, department: str) -> list[str]:
        dept = self.services.settings.department(department)
        return list(dept.models) if dept else []

    def _model_card(self, name: str) -> dict[str, Any]:
        return {"id": name, "object": "model", "created": self.started, "owned_by": "gateway"}


def _document_route(document: dict[str, Any]) -> Endpoint:
    """A static JSON document (the OpenAPI description), rendered once."""
    body = orjson.dumps(document)

    async def serve(request: Request) -> Response:
        return Response(body, media_type="application/json")

    return serve


def _limit_view(status: LimitStatus) -> dict[str, Any]:
    """One limit as the pilot user sees it (labels name the department, never a user)."""
    return {
        "scope": status.scope, "label": status.scope_label, "name": status.name, "unit": status.unit,
        "model": status.model,
        "limit": status.limit, "used": status.used, "reserved": status.reserved, "remaining": status.remaining,
        "period": status.period, "resets_at": status.resets_at.isoformat() if status.resets_at else None,
    }


async def _probe(check: Callable[[], Awaitable[None]]) -> str:
    try:
        await check()
    except Exception:  # noqa: BLE001 - any failure means "not ready"
        return "unavailable"
    return "ok"


def _config_hash(services: Services) -> str:
    dumped = services.settings.model_dump(mode="json")
    return hashlib.sha256(orjson.dumps(dumped, option=orjson.OPT_SORT_KEYS)).hexdigest()


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 404:
        return error_response(404, "Diesen Endpunkt gibt es nicht.", "invalid_request_error", code="not_found")
    if exc.status_code == 405:
        return error_response(405, "Diese HTTP-Methode ist hier nicht erlaubt.", "invalid_request_error",
                              code="method_not_allowed")
    return error_response(exc.status_code, "Die Anfrage konnte nicht verarbeitet werden.", "invalid_request_error")


async def _internal_error(request: Request, exc: Exception) -> Response:
    # Only the class name is logged: exception messages may quote request content.
    log.error("unhandled error %s on %s", type(exc).__name__, request.url.path)
    return error_response(500, "Interner Fehler im Gateway. Die Anfrage wurde nicht verarbeitet.", "server_error",
                          code="internal_error")


__all__ = ["create_app"]
