"""Application factories for uvicorn (one process, or `--workers N` where each worker builds its own)."""

from __future__ import annotations

import gc
import os

from starlette.applications import Starlette

from gateway.app import create_app
from gateway.logs import configure_logging
from gateway.services import build_services
from gateway.settings import Settings, load_settings

# Set by `gateway serve --workers N` for the worker processes; the CLI is the only writer.
CONFIG_ENV = "GATEWAY_CONFIG"


def create(settings: Settings) -> Starlette:
    return create_app(build_services(settings))


def create_from_environment() -> Starlette:
    settings = load_settings(os.environ[CONFIG_ENV])
    configure_logging(settings.server.log_level)
    application = create(settings)
    freeze_startup_objects()
    return application


def freeze_startup_objects() -> None:
    """Exempt what start-up built from garbage collection, in a serving process only.

    Why: spaCy, presidio, pydantic and SQLAlchemy leave ~180k long-lived objects; every full
    collection walked all of them (~50–100 ms, a latency spike on whichever request triggered it).
    Frozen, they are never walked again; collections only see what requests allocate. Not in
    `create` itself: test processes build many apps, and frozen objects are never freed.
    """
    gc.collect()
    gc.freeze()
