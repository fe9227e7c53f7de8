"""The whole configuration, declared once and validated at start-up.

Each package owns the model of its own section (`redaction.config`, `audit.config`,
`gateway.quota.config`); this module composes them and loads the operator's YAML file.
Secrets never appear in the file itself: any string value of the form `env:NAME` or
`file:PATH` is replaced by the variable's value or the file's content while loading, and a
missing one is reported with the field that asked for it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, model_validator

from audit.config import AuditSettings
from gateway.console.config import ConsoleSettings
from gateway.quota.config import LimitSet, QuotaSettings
from redaction.config import RedactionSettings


class ConfigError(Exception):
    """Invalid configuration; the message names the file and the offending field."""


class ServerSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    host: str = "127.0.0.1"
    port: int = 8080
    max_body_bytes: int = 2 * 1024 * 1024
    # Console and admin endpoints may be served on their own listener (internal network only).
    console_enabled: bool = True
    shutdown_grace_seconds: float = 30.0
    # Bearer token for GET /metrics (Prometheus); without one the endpoint is off.
    metrics_token: SecretStr | None = None
    log_level: Literal["debug", "info", "warning", "error"] = "info"


class DatabaseSettings(BaseModel):
    """The gateway's own database (API keys). SQLite by default, PostgreSQL by URL."""

    model_config = ConfigDict(extra="forbid")

    url: str = "sqlite:///data/gateway.db"


class SecretsSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # Server secret for HMAC-SHA-256 of API keys. Rotating it invalidates all keys.
    key_hmac_secret: SecretStr
    # Secret for signing console session cookies.
    session_secret: SecretStr | None = None


class ModelSettings(BaseModel):
    """A public model name and how to reach it."""

    model_config = ConfigDict(extra="forbid")

    name: str
    # litellm model string, e.g. "azure/gpt-4o-eu", "openai/gpt-4o-mini", "mistral/mistral-large-latest".
    # The special provider "demo/…" answers locally without network (used by config/demo.yaml).
    litellm_model: str
    kind: Literal["chat", "embedding"] = "chat"
    # "auto": providers that speak the OpenAI wire format ("openai/…", "azure/…" with api_base) are
    # called directly; everything else through litellm. "litellm" forces litellm for any model.
    adapter: Literal["auto", "litellm"] = "auto"
    api_base: str | None = None
    api_version: str | None = None
    api_key: SecretStr | None = None
    region: str | None = None
    input_eur_per_million: float | None = None
    output_eur_per_million: float | None = None
    # A model without any price is refused at start-up unless it is explicitly free.
    free: bool = False
    timeout_seconds: float = 60.0
    retries: int = 1
    fallbacks: list[str] = Field(default_factory=list)
    max_output_tokens: int | None = None
    # Send stream_options.include_usage upstream (most OpenAI-compatible servers support it).
    supports_stream_usage: bool = True


class DepartmentSettings(BaseModel):
    """A Fachbereich: which models it may use and its limits."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,62}$")
    name: str
    models: list[str]
    limits: LimitSet = Field(default_factory=LimitSet)
    user_limits: LimitSet | None = None
    # Per-user overrides by user id.
    users: dict[str, LimitSet] = Field(default_factory=dict)
    # Per-model limits within the department.
    model_limits: dict[str, LimitSet] = Field(default_factory=dict)


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    server: ServerSettings = Field(default_factory=ServerSettings)
    database: DatabaseSettings = Field(default_factory=DatabaseSettings)
    secrets: SecretsSettings
    models: list[ModelSettings]
    departments: list[DepartmentSettings]
    redaction: RedactionSettings = Field(default_factory=RedactionSettings)
    quota: QuotaSettings = Field(default_factory=QuotaSettings)
    audit: AuditSettings
    console: ConsoleSettings = Field(default_factory=ConsoleSettings)

    @model_validator(mode="after")
    def _check_references(self) -> Settings:
        names = [m.name for m in self.models]
        duplicates = {n for n in names if names.count(n) > 1}
        if duplicates:
            raise ValueError(f"models: duplicate name(s) {sorted(duplicates)}")
        for i, model in enumerate(self.models):
            for fallback in model.fallbacks:
                if fallback not in names:
                    raise ValueError(f"models.{i}.fallbacks: unknown model {fallback!r}")
        ids = [d.id for d in self.departments]
        if len(set(ids)) != len(ids):
            raise ValueError("departments: duplicate id")
        for i, dept in enumerate(self.departments):
            for model_name in [*dept.models, *dept.model_limits]:
                if model_name not in names:
                    raise ValueError(f"departments.{i}.models: unknown model {model_name!r}")
        for dept_id in self.redaction.departments:
            if dept_id not in ids:
                raise ValueError(f"redaction.departments: unknown department {dept_id!r}")
        return self

    def model(self, name: str) -> ModelSettings | None:
        return next((m for m in self.models if m.name == name), None)

    def department(self, dept_id: str) -> DepartmentSettings | None:
        return next((d for d in self.departments if d.id == dept_id), None)


def load_settings(path: str | Path, environ: Mapping[str, str] | None = None) -> Settings:
    """Read, resolve secret references and validate; raise ConfigError naming file and field."""
    path = Path(path)
    environ = os.environ if environ is None else environ
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read configuration ({exc.strerror})") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: invalid YAML ({exc})") from None
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: the top level must be a mapping")
    problems: list[str] = []
    resolved = _resolve_references(raw, environ, where=(), problems=problems)
    if problems:
        raise ConfigError(f"{path}: " + "; ".join(problems))
    try:
        return Settings.model_validate(resolved)
    except ValidationError as exc:
        raise ConfigError(f"{path}: {_describe(exc)}") from None


def _resolve_references(node: Any, environ: Mapping[str, str], where: tuple[str, ...], problems: list[str]) -> Any:
    """Replace `env:`/`file:` references; collect every missing one instead of stopping at the first."""
    if isinstance(node, dict):
        return {k: _resolve_references(v, environ, (*where, str(k)), problems) for k, v in node.items()}
    if isinstance(node, list):
        return [_resolve_references(v, environ, (*where, str(i)), problems) for i, v in enumerate(node)]
    if isinstance(node, str) and node.startswith("env:"):
        if node[4:] not in environ:
            problems.append(f"{'.'.join(where)}: environment variable {node[4:]} is not set")
        return environ.get(node[4:])
    if isinstance(node, str) and node.startswith("file:"):
        try:
            return Path(node[5:]).read_text(encoding="utf-8").strip()
        except OSError:
            problems.append(f"{'.'.join(where)}: cannot read secret file {node[5:]}")
    return node


def _describe(exc: ValidationError) -> str:
    parts = []
    for error in exc.errors():
        field = ".".join(str(p) for p in error["loc"]) or "(top level)"
        parts.append(f"{field}: {error['msg']}")
    return "; ".join(parts)
