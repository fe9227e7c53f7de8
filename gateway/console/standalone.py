"""The console on its own listener (e.g. an address on the internal network only)."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

from starlette.applications import Starlette
from starlette.responses import RedirectResponse
from starlette.routing import Mount, Route

from gateway.console.app import create_console
from gateway.console.config import ConsoleSettings
from gateway.services import Services, build_services
from gateway.settings import Settings


def standalone_app(services: Services, settings: ConsoleSettings | None = None) -> Starlette:
    """The console alone, mounted at `/console` with the gateway's lifecycle (audit checkpoints,
    closing services on shutdown), for a listener that serves nothing else."""
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

    app = standalone_app(build_services(settings), console)
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False, proxy_headers=False)
