"""`gateway quota status`: usage against limits and when they reset, for IT operations and finance.

With the embedded store ("memory") counters live inside the serving process, so this command
can only show what a separate process sees: nothing. It says so instead of printing zeros as
if they were real.
"""

from __future__ import annotations

import asyncio
import json

import typer

from gateway.cli_common import load_cli_settings
from gateway.quota import LimitStatus, QuotaService, build_quota_store

quota_app = typer.Typer(no_args_is_help=True)

_NAMES = {
    "eur_per_month": "EUR pro Monat",
    "tokens_per_day": "Tokens pro Tag",
    "tokens_per_month": "Tokens pro Monat",
    "requests_per_minute": "Anfragen pro Minute",
    "concurrent_requests": "gleichzeitige Anfragen",
}
_SCOPES = {"department": "Fachbereich", "model": "Modell"}


def _number(value: float | None, unit: str) -> str:
    if value is None:
        return "unbegrenzt"
    text = f"{value:,.2f}" if unit == "EUR" else f"{value:,.0f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def _row(status: LimitStatus) -> list[str]:
    scope = _SCOPES.get(status.scope, "Nutzer/in")
    if status.model:
        scope += f" {status.model}"
    resets = f"{status.resets_at:%d.%m.%Y %H:%M}" if status.resets_at else "-"
    return [
        scope,
        _NAMES[status.name],
        _number(status.limit, status.unit),
        _number(status.used, status.unit),
        _number(status.reserved, status.unit),
        _number(status.remaining, status.unit),
        resets,
    ]


def _table(rows: list[list[str]]) -> str:
    header = ["Bereich", "Limit", "Grenze", "Verbraucht", "Reserviert", "Verbleibend", "Zurückgesetzt am"]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = [
        "  ".join(c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths, strict=True)))
        for r in [header, *rows]
    ]
    return "\n".join(line.rstrip() for line in lines)


@quota_app.command("status")
def status(
    department: str | None = typer.Option(None, "--department", "-d", help="Nur diesen Fachbereich zeigen."),
    user: str | None = typer.Option(
        None, "--user", "-u", help="Auch die Limits dieser Nutzerin/dieses Nutzers."
    ),
    as_json: bool = typer.Option(False, "--json", help="Maschinenlesbar ausgeben."),
) -> None:
    """Verbrauch gegen die Limits je Fachbereich, mit Zeitpunkt der Zurücksetzung (Europe/Berlin)."""
    settings = load_cli_settings()
    ids = [d.id for d in settings.departments]
    if department is not None and department not in ids:
        typer.echo(f"Unbekannter Fachbereich: {department}. Bekannt: {', '.join(ids)}", err=True)
        raise typer.Exit(2)
    if settings.quota.backend == "memory":
        typer.echo(
            "Hinweis: Der eingebettete Kontingentspeicher (backend: memory) lebt im Gateway-Prozess; "
            "dieser Befehl sieht dessen Zähler nicht. Für gemeinsame Zähler backend: redis verwenden.",
            err=True,
        )

    async def collect() -> dict[str, list[LimitStatus]]:
        service = QuotaService(build_quota_store(settings.quota), settings)
        try:
            return {d: await service.status(d, user) for d in ([department] if department else ids)}
        finally:
            await service.store.close()

    try:
        result = asyncio.run(collect())
    except Exception as exc:  # QuotaUnavailable and friends: a clean message, no traceback
        typer.echo(f"Kontingentspeicher nicht erreichbar ({type(exc).__name__}).", err=True)
        raise typer.Exit(1) from None

    if as_json:
        payload = {
            dept: [
                {
                    **{
                        k: getattr(s, k)
                        for k in ("scope", "model", "name", "unit", "limit", "used", "reserved")
                    },
                    "remaining": s.remaining,
                    "period": s.period,
                    "resets_at": s.resets_at.isoformat() if s.resets_at else None,
                }
                for s in statuses
            ]
            for dept, statuses in result.items()
        }
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    names = {d.id: d.name for d in settings.departments}
    blocks = []
    for dept, statuses in result.items():
        blocks.append(f"{names[dept]} ({dept})\n{_table([_row(s) for s in statuses])}")
    typer.echo("\n\n".join(blocks))
