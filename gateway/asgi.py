"""Application factories for uvicorn (one process, or `--workers N` where each worker builds its own)."""

from __future__ import annotations

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
    return create(settings)
