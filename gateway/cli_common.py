"""Configuration for CLI commands: `--config FILE` on the root command or GATEWAY_CONFIG.

The root callback in gateway.cli stores the chosen path here; sub-commands call
`load_cli_settings()` and get a validated Settings object or a clean exit with the error.
"""

from __future__ import annotations

import os

import typer

from gateway.settings import ConfigError, Settings, load_settings

DEFAULT_CONFIG = "config/demo.yaml"
_config_path: str | None = None


def set_config_path(path: str | None) -> None:
    global _config_path
    _config_path = path


def config_path() -> str:
    """The CLI is the one place that reads GATEWAY_CONFIG; everything else gets Settings passed in."""
    return _config_path or os.environ.get("GATEWAY_CONFIG") or DEFAULT_CONFIG


def load_cli_settings() -> Settings:
    try:
        return load_settings(config_path())
    except ConfigError as exc:
        typer.echo(f"Konfigurationsfehler: {exc}", err=True)
        raise typer.Exit(2) from None
