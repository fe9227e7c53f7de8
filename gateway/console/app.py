"""The console as a Starlette sub-application: routing, login, role checks, security headers.

Mounted by the gateway at `/console`, or served on its own listener (internal network only) by
`serve_console`. All links are built from the mount point (`root_path`), so both work unchanged.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from audit import AuditEvent, AuditUnavailable
from gateway.console import format as fmt
from gateway.console.auth import CSRF_FIELD, SESSION_COOKIE, ConsoleUser, LoginThrottle, Sessions
from gateway.console.cache import ReportCache
from gateway.console.chain import ChainCheck
from gateway.console.config import ConsoleSettings
from gateway.services import Services

log = logging.getLogger("gateway.console")
HERE = Path(__file__).parent

# Page → roles that may open it. The overview holds only aggregates every console role needs.
PAGES: list[tuple[str, str, str, frozenset[str]]] = [
    ("uebersicht", "/", "Übersicht", frozenset({"admin", "dpo", "finance"})),
    ("audit", "/audit", "Audit-Protokoll", frozenset({"dpo"})),
    ("datenschutz", "/datenschutz", "Datenschutz", frozenset({"dpo"})),
    ("kosten", "/kosten", "Kosten", frozenset({"finance"})),
    ("schluessel", "/schluessel", "Schlüssel", frozenset({"admin"})),
]
ROLE_NAMES = {"admin": "Administration", "dpo": "Datenschutz", "finance": "Finanzen"}
CSP = ("default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
       "frame-ancestors 'none'; base-uri 'none'")

Handler = Callable[[Request, ConsoleUser], Awaitable[Response]]


class Console:
    """State shared by the console's pages: services, sessions, throttle, templates."""

    def __init__(self, services: Services, settings: ConsoleSettings) -> None:
        secret = services.settings.secrets.session_secret
        if secret is None or len(secret.get_secret_value()) < 16:
            raise ValueError("secrets.session_secret: die Konsole braucht ein Sitzungsgeheimnis (mind. 16 Zeichen)")
        self.services = services
        self.settings = settings
        self.sessions = Sessions(secret.get_secret_value(), settings.session_minutes * 60)
        self.throttle = LoginThrottle(settings.login_max_failures, settings.login_window_seconds)
        self.chain = ChainCheck(services.audit)
        self.reports = ReportCache(settings.report_fresh_seconds)
        self.pages: Any = None  # set by create_console (views.Pages)
        self.templates = Jinja2Templates(directory=str(HERE / "templates"))
        fmt.install(self.templates.env)

    # -- rendering -------------------------------------------------------------------------------
    def render(self, request: Request, template: str, user: ConsoleUser | None, status_code: int = 200,
               **context: Any) -> Response:
        base = request.scope.get("root_path", "").rstrip("/")
        nav = [
            {"id": pid, "href": base + (path if path != "/" else "/"), "title": title}
            for pid, path, title, roles in PAGES if user is not None and user.roles & roles
        ]
        return self.templates.TemplateResponse(
            request, template,
            {"base": base, "user": user, "nav": nav, "csrf_field": CSRF_FIELD, "role_names": ROLE_NAMES, **context},
            status_code=status_code,
        )

    # -- authentication --------------------------------------------------------------------------
    async def current_user(self, request: Request) -> ConsoleUser | None:
        user = self.sessions.read(request.cookies.get(SESSION_COOKIE))
        if user is None or not user.roles:
            return None
        if not await run_in_threadpool(self._key_active, user.key_id, user.department):
            return None
        return user

    def _key_active(self, key_id: str, department: str) -> bool:
        """A revoked key ends its console sessions at once (checked on every request)."""
        return any(k.key_id == key_id and k.revoked_at is None for k in self.services.keys.list(department))

    def page(self, page_id: str, handler: Handler) -> Callable[[Request], Awaitable[Response]]:
        """Wrap a page: log in first, then the role check (403 for a logged-in user without it)."""
        roles = next(r for pid, _, _, r in PAGES if pid == page_id)

        async def run(request: Request) -> Response:
            user = await self.current_user(request)
            if user is None:
                base = request.scope.get("root_path", "").rstrip("/")
                target = request.url.path
                query = urlencode({"weiter": target}) if target.startswith(base) else ""
                return RedirectResponse(f"{base}/anmelden" + (f"?{query}" if query else ""), status_code=303)
            if not user.roles & roles:
                return self.render(request, "error.html", user, status_code=403, title="Keine Berechtigung",
                                   message="Diese Seite ist Ihrer Rolle nicht freigegeben.")
            request.state.page = page_id
            return await handler(request, user)

        return run

    async def audit(self, event: AuditEvent) -> bool:
        """Write a console event; False when the audit store is unavailable."""
        try:
            await self.services.audit.write(event)
        except AuditUnavailable:
            return False
        return True

    def user_pseudonym(self, user: ConsoleUser) -> str:
        return self.services.user_pseudonym(user.user_id)


def create_console(services: Services, settings: ConsoleSettings | None = None) -> Starlette:
    """The console sub-app for `Mount("/console", create_console(services))` or its own listener.

    Raises ValueError when `secrets.session_secret` is missing (sessions could not be signed).
    """
    from gateway.console import views

    console = Console(services, settings or ConsoleSettings())
    pages = console.pages = views.Pages(console)
    login = views.Login(console)
    routes = [
        Route("/", console.page("uebersicht", pages.overview), methods=["GET"], name="uebersicht"),
        Route("/anmelden", login.form, methods=["GET"]),
        Route("/anmelden", login.submit, methods=["POST"]),
        Route("/abmelden", login.logout, methods=["POST"]),
        Route("/audit", console.page("audit", pages.audit), methods=["GET"]),
        Route("/audit/export", console.page("audit", pages.audit_export), methods=["POST"]),
        Route("/audit/pruefen", console.page("audit", pages.audit_verify), methods=["POST"]),
        Route("/datenschutz", console.page("datenschutz", pages.privacy), methods=["GET"]),
        Route("/datenschutz/vorschau", console.page("datenschutz", pages.preview), methods=["POST"]),
        Route("/kosten", console.page("kosten", pages.costs), methods=["GET"]),
        Route("/kosten.csv", console.page("kosten", pages.costs_csv), methods=["GET"]),
        Route("/schluessel", console.page("schluessel", pages.keys), methods=["GET"]),
        Route("/schluessel", console.page("schluessel", pages.create_key), methods=["POST"]),
        Route("/schluessel/{key_id}/widerrufen", console.page("schluessel", pages.revoke_key), methods=["POST"]),
        Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static"),
    ]

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        user = await console.current_user(request)
        titles = {404: "Seite nicht gefunden", 405: "Nicht erlaubt"}
        return console.render(request, "error.html", user, status_code=exc.status_code,
                              title=titles.get(exc.status_code, "Anfrage nicht möglich"),
                              message="Die angeforderte Seite gibt es hier nicht." if exc.status_code == 404
                              else "Die Anfrage konnte nicht verarbeitet werden.")

    async def internal_error(request: Request, exc: Exception) -> Response:
        # Only the class name: the message may quote form content (preview text, user ids).
        log.error("console error %s on %s", type(exc).__name__, request.url.path)
        response = console.render(request, "error.html", None, status_code=500, title="Interner Fehler",
                                  message="Die Seite konnte nicht angezeigt werden. Bitte versuchen Sie es erneut.")
        # This handler answers outside the middleware stack: add the headers here.
        response.headers.update({k.decode(): v.decode() for k, v in SECURITY_HEADERS.items()})
        return response

    app = Starlette(routes=routes, middleware=[Middleware(SecurityHeaders)],
                    exception_handlers={HTTPException: http_error, Exception: internal_error})
    app.state.console = console
    return app


SECURITY_HEADERS = {
    b"content-security-policy": CSP.encode(),
    b"x-content-type-options": b"nosniff",
    b"x-frame-options": b"DENY",
    b"referrer-policy": b"no-referrer",
    b"cache-control": b"no-store",
}


class SecurityHeaders:
    """Headers on every console response: strict CSP (no scripts at all), no caching, no framing.

    Pages show audit records, keys and preview text: nothing may be cached or framed, and since
    the console works without JavaScript, no script may run in it at all.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {name.lower() for name, _ in headers}
                headers += [(k, v) for k, v in SECURITY_HEADERS.items() if k not in names]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)
