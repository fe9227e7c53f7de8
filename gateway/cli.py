"""The `gateway` command: serve, keys, redaction preview, and the audit/report/quota sub-commands."""

from __future__ import annotations

import os
import secrets
import signal
import sys
import tempfile
from pathlib import Path
from typing import Annotated, Any

import orjson
import typer
import yaml

from gateway.cli_common import config_path, load_cli_settings, set_config_path
from gateway.logs import configure_logging

app = typer.Typer(no_args_is_help=True, add_completion=False, help="Sicheres LLM-Gateway für die Verwaltung.")
keys_app = typer.Typer(no_args_is_help=True, help="API-Schlüssel ausgeben, auflisten, widerrufen.")
app.add_typer(keys_app, name="keys")


@app.callback()
def main_options(
    config: Annotated[str | None, typer.Option("--config", help="Konfigurationsdatei (sonst GATEWAY_CONFIG).")] = None,
) -> None:
    set_config_path(config)


@app.command()
def init() -> None:
    """Create missing secret files referenced as `file:…` in the configuration, and the databases."""
    raw = yaml.safe_load(Path(config_path()).read_text(encoding="utf-8")) or {}
    for reference in _file_references(raw):
        path = Path(reference)
        if path.exists():
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch(mode=0o600)
        path.write_text(_new_secret(path), encoding="utf-8")
        typer.echo(f"Geheimnis erzeugt: {path}")
    settings = load_cli_settings()
    from audit import open_audit_log
    from gateway.keys import KeyStore

    KeyStore.open(settings.database.url, settings.secrets.key_hmac_secret.get_secret_value()).close()
    open_audit_log(settings.audit).close_sync()
    typer.echo("Datenbanken sind bereit.")


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Adresse (Standard aus der Konfiguration).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (Standard aus der Konfiguration).")] = None,
    workers: Annotated[int, typer.Option(help="Anzahl Prozesse.")] = 1,
) -> None:
    """Serve the OpenAI-compatible API."""
    import uvicorn

    settings = load_cli_settings()
    configure_logging(settings.server.log_level)
    host = host or settings.server.host
    port = port or settings.server.port
    options: dict[str, Any] = {"host": host, "port": port, "access_log": False, "log_config": None,
               "timeout_graceful_shutdown": int(settings.server.shutdown_grace_seconds)}
    if workers > 1:
        from gateway.asgi import CONFIG_ENV

        # Each worker builds its own app from the same file; metrics are aggregated across them.
        os.environ[CONFIG_ENV] = config_path()
        os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", tempfile.mkdtemp(prefix="gateway-metrics-"))
        uvicorn.run("gateway.asgi:create_from_environment", factory=True, workers=workers, **options)
        return
    from gateway.asgi import create, freeze_startup_objects

    try:
        application = create(settings)
    except ValueError as exc:
        typer.echo(f"Start abgebrochen: {exc}", err=True)
        raise typer.Exit(2) from None
    freeze_startup_objects()
    typer.echo(f"Gateway bereit auf http://{host}:{port}/v1", err=True)
    # uvicorn re-raises the captured SIGTERM/SIGINT once its graceful shutdown is done, which
    # would end the process "killed by signal" (exit -15/143) although everything was flushed.
    # A handler installed before uvicorn is the one it restores and re-raises into: exit 0.
    signal.signal(signal.SIGTERM, _exit_after_graceful_shutdown)
    signal.signal(signal.SIGINT, _exit_after_graceful_shutdown)
    uvicorn.run(application, **options)


def _exit_after_graceful_shutdown(signum: int, frame: object) -> None:
    raise SystemExit(0)


@app.command()
def console(
    host: Annotated[str, typer.Option(help="Adresse (nur internes Netz).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port der Konsole.")] = 8081,
) -> None:
    """Serve the web console on its own listener (set server.console_enabled: false for the API)."""
    from gateway.console.standalone import serve_console

    settings = load_cli_settings()
    configure_logging(settings.server.log_level)
    serve_console(settings, host, port, settings.console)


@keys_app.command("create")
def keys_create(
    user: Annotated[str, typer.Option(help="Benutzerkennung.")],
    department: Annotated[str, typer.Option(help="Fachbereich (id aus der Konfiguration).")],
    role: Annotated[list[str] | None, typer.Option(help="Konsolenrolle: admin, dpo, finance.")] = None,
) -> None:
    """Issue a key. It is printed once, as the last line of stdout, and never again."""
    from gateway.keys import CONSOLE_ROLES

    settings = load_cli_settings()
    if settings.department(department) is None:
        typer.echo(f"Unbekannter Fachbereich: {department}", err=True)
        raise typer.Exit(2)
    roles = frozenset(role or [])
    if not roles <= CONSOLE_ROLES:
        typer.echo(f"Unbekannte Rolle; erlaubt: {', '.join(sorted(CONSOLE_ROLES))}", err=True)
        raise typer.Exit(2)
    from gateway.admin import KeyAdmin

    with KeyAdmin.open(settings) as admin:
        key_id, key = admin.create(user, department, roles)
    typer.echo(f"Schlüssel {key_id} für {user} ({department}) erstellt. Er wird nur jetzt angezeigt:")
    typer.echo(key)


@keys_app.command("list")
def keys_list(department: Annotated[str | None, typer.Option()] = None) -> None:
    """List keys (id, user, department, roles, created, last used, revoked) — never the keys."""
    from gateway.admin import KeyAdmin

    with KeyAdmin.open(load_cli_settings()) as admin:
        infos = admin.keys.list(department)
    typer.echo(f"{'ID':<10}{'BENUTZER':<24}{'FACHBEREICH':<22}{'ROLLEN':<16}{'ERSTELLT':<22}{'ZULETZT':<22}STATUS")
    for info in infos:
        typer.echo(
            f"{info.key_id:<10}{info.user_id[:23]:<24}{info.department[:21]:<22}{','.join(sorted(info.roles)):<16}"
            f"{_when(info.created_at):<22}{_when(info.last_used_at):<22}"
            f"{'widerrufen' if info.revoked_at else 'aktiv'}"
        )


@keys_app.command("revoke")
def keys_revoke(key_id: Annotated[str, typer.Argument(help="Schlüssel-ID (aus `keys list`).")]) -> None:
    """Revoke a key; it stops working at once on every replica."""
    from gateway.admin import KeyAdmin

    with KeyAdmin.open(load_cli_settings()) as admin:
        revoked = admin.revoke(key_id)
    if not revoked:
        typer.echo(f"Kein aktiver Schlüssel mit ID {key_id}.", err=True)
        raise typer.Exit(1)
    typer.echo(f"Schlüssel {key_id} widerrufen.")


@app.command()
def redact(
    department: Annotated[str | None, typer.Option(help="Richtlinie dieses Fachbereichs anwenden.")] = None,
    jsonl: Annotated[bool, typer.Option("--jsonl", help="Zeilenweise JSON: {id, text} → {id, text, entities}.")]
    = False,
) -> None:
    """Read text on stdin and print what the provider would receive."""
    from gateway.preview import preview
    from redaction import Redactor

    settings = load_cli_settings()
    dept = department or settings.departments[0].id
    if settings.department(dept) is None:
        typer.echo(f"Unbekannter Fachbereich: {dept}", err=True)
        raise typer.Exit(2)
    redactor = Redactor(settings.redaction, department_ids=[d.id for d in settings.departments])
    if not jsonl:
        result = preview(redactor, sys.stdin.read(), dept)
        if result["blocked"]:
            typer.echo(f"Die Anfrage würde abgelehnt (Richtlinie: block): {', '.join(result['blocked'])}", err=True)
            raise typer.Exit(3)
        sys.stdout.write(result["text"])
        return
    for number, line in enumerate(sys.stdin, start=1):
        if not line.strip():
            continue
        try:
            item = orjson.loads(line)
            text = item["text"]
        except (orjson.JSONDecodeError, KeyError, TypeError):
            typer.echo(f"Zeile {number}: erwartet wird {{\"id\": …, \"text\": …}}", err=True)
            raise typer.Exit(2) from None
        sys.stdout.write(orjson.dumps({"id": item.get("id"), **preview(redactor, text, dept)}).decode() + "\n")


def _file_references(node: object) -> list[str]:
    if isinstance(node, dict):
        return [ref for value in node.values() for ref in _file_references(value)]
    if isinstance(node, list):
        return [ref for value in node for ref in _file_references(value)]
    if isinstance(node, str) and node.startswith("file:"):
        return [node[5:]]
    return []


def _new_secret(path: Path) -> str:
    if path.suffix == ".pem":
        from audit import generate_signing_key_pem

        return generate_signing_key_pem()
    return secrets.token_urlsafe(32)


def _when(value: object) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value is not None else "-"  # type: ignore[attr-defined]


def _mount_subcommands() -> None:
    from gateway.cli_audit import audit_app, report_app
    from gateway.cli_quota import quota_app

    app.add_typer(audit_app, name="audit", help="Audit-Protokoll prüfen, exportieren, bereinigen.")
    app.add_typer(report_app, name="report", help="Kosten- und Nutzungsberichte.")
    app.add_typer(quota_app, name="quota", help="Kontingente anzeigen.")


_mount_subcommands()


def main() -> None:
    app()


if __name__ == "__main__":
    main()
