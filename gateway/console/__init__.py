"""Web console for the DPO, finance and administrators (German UI, server-rendered, no JavaScript).

    app.mount("/console", create_console(services))        # inside the gateway
    serve_console(settings, host="10.0.0.5", port=8081)    # or on its own internal listener

Pages and roles: Übersicht (all console roles), Audit-Protokoll and Datenschutz (dpo),
Kosten (finance), Schlüssel (admin). Login with an API key that carries one of these roles.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from gateway.console.app import create_console
from gateway.console.config import ConsoleSettings

if TYPE_CHECKING:
    from starlette.applications import Starlette

    from gateway.services import Services
    from gateway.settings import Settings


def standalone_app(services: Services, settings: ConsoleSettings | None = None) -> Starlette:
    """The console alone, mounted at `/console` with the gateway's lifecycle (audit checkpoints,
    closing services on shutdown), for a listener that serves nothing else."""
    import contextlib
    from collections.abc import AsyncIterator

    from starlette.applications import Starlette
    from starlette.responses import RedirectResponse
    from starlette.routing import Mount, Route

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        try:
            yield
        finally:
            await services.aclose()

    async def root(request: object) -> RedirectResponse:
        return RedirectResponse("/console/", status_code=307)

    return Starlette(
        routes=[Route("/", root), Mount("/console", create_console(services, settings))], lifespan=lifespan
    )


def serve_console(settings: Settings, host: str, port: int, console: ConsoleSettings | None = None) -> None:
    """Run the console on its own listener (e.g. an address on the internal network only)."""
    import uvicorn

    from gateway.services import build_services

    app = standalone_app(build_services(settings), console)
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False, proxy_headers=False)


__all__ = ["ConsoleSettings", "create_console", "serve_console", "standalone_app"]
