"""Refuse what is not HTTP/1.x or HTTP/2 before it reaches a route.

httptools accepts an HTTP/0.9-style request line ("GET /path" without a version) and still
parses header lines after it, so a request line with an embedded CR/LF would be served.
Such requests never come from a legitimate client.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

from gateway.errors import error_response

_ACCEPTED = frozenset({"1.0", "1.1", "2", "2.0"})


class RequireHttp1:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope.get("http_version") not in _ACCEPTED:
            response = error_response(400, "Ungültige HTTP-Anfrage.", "invalid_request_error", code="bad_http")
            response.headers["connection"] = "close"
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)
