"""`gateway audit …` and `gateway report …`: the DPO's and finance's commands.

Exit codes: 0 ok, 1 verification failed, 2 usage/configuration error or store unreachable.
Output for people is German; machine formats (csv, json, jsonl) are unchanged data.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import sys
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any, BinaryIO
from zoneinfo import ZoneInfo

import orjson
import sqlalchemy as sa
import typer

from audit import AuditEvent, AuditLog, AuditUnavailable, open_audit_log, pseudonymize_user
from audit.checkpoints import export_checkpoints, load_checkpoints, read_exported
from audit.export import export_events
from audit.redacted_texts import purge_redacted_texts
from audit.reports import PERCENTILES, cost_report, usage_report
from audit.retention import parse_age, purge
from audit.rollup import rebuild
from audit.schema import events
from audit.signing import load_public_key, public_key_pem
from audit.store import chain_transaction, create_audit_engine
from audit.verify import verify_log
from gateway.cli_common import load_cli_settings
from gateway.settings import Settings

audit_app = typer.Typer(no_args_is_help=True, add_completion=False)
checkpoints_app = typer.Typer(no_args_is_help=True, help="Signierte Checkpoints exportieren.")
audit_app.add_typer(checkpoints_app, name="checkpoints")
report_app = typer.Typer(no_args_is_help=True, add_completion=False)

BERLIN = ZoneInfo("Europe/Berlin")
FORMAT_HELP = "Ausgabeformat: table, csv oder json."


def _fail(message: str, code: int = 2) -> typer.Exit:
    typer.echo(message, err=True)
    return typer.Exit(code)


def _open_log(settings: Settings) -> AuditLog:
    try:
        return open_audit_log(settings.audit)
    except AuditUnavailable:
        raise _fail("Das Audit-Protokoll ist nicht erreichbar.") from None


def _parse_when(text: str) -> datetime:
    """'2025-03-01' or '2025-03-01T08:00' (Europe/Berlin unless a zone is given)."""
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise _fail(f"Ungültiges Datum {text!r}: erwartet JJJJ-MM-TT oder JJJJ-MM-TTThh:mm.") from None
    return value.replace(tzinfo=BERLIN) if value.tzinfo is None else value


def _out(path: Path | None) -> BinaryIO:
    return path.open("wb") if path else sys.stdout.buffer


# --- audit ---------------------------------------------------------------------------------


@audit_app.command("verify")
def verify(
    checkpoints: Annotated[Path | None, typer.Option("--checkpoints", help="Exportierte Checkpoints (JSONL).")] = None,
    public_key: Annotated[Path | None, typer.Option("--public-key", help="Öffentlicher Schlüssel (PEM).")] = None,
) -> None:
    """Kette und Checkpoints prüfen; Exit-Code 1 und erster fehlerhafter Datensatz bei Manipulation."""
    settings = load_cli_settings()
    try:
        key = load_public_key(public_key.read_text() if public_key else settings.audit.signing_key.get_secret_value())
        extra = list(read_exported(checkpoints)) if checkpoints else []
    except (OSError, ValueError, KeyError) as exc:
        raise _fail(f"Schlüssel oder Checkpoint-Datei nicht lesbar: {type(exc).__name__}") from None
    engine = create_audit_engine(settings.audit.url)
    try:
        result = verify_log(engine, key, extra)
    except Exception as exc:
        raise _fail(f"Das Audit-Protokoll ist nicht lesbar: {type(exc).__name__}") from None
    finally:
        engine.dispose()
    for warning in result.warnings:
        typer.echo(f"Hinweis: {warning}", err=True)
    if not result.ok:
        typer.echo(f"MANIPULATION ERKANNT – erster fehlerhafter Datensatz: seq {result.bad_seq}")
        typer.echo(f"Befund: {result.problem}")
        raise typer.Exit(1)
    span = f"seq {result.first_seq}–{result.head_seq}" if result.records else "leer"
    typer.echo(f"Audit-Protokoll intakt: {result.records} Datensätze ({span}), "
               f"{result.checkpoints} Checkpoints geprüft.")


@checkpoints_app.command("export")
def checkpoints_export(
    out: Annotated[Path, typer.Option("--out", help="Zieldatei (JSONL), z. B. auf einem Datenträger des DSB.")],
) -> None:
    """Aktuellen Stand signieren und alle Checkpoints exportieren."""
    log = _open_log(load_cli_settings())
    try:
        head = log.write_checkpoint()
        with log.engine.connect() as conn:
            count = export_checkpoints(load_checkpoints(conn), out)
    finally:
        log.close_sync()
    typer.echo(f"{count} Checkpoints nach {out} exportiert (neuester: seq {head.seq}).")


@checkpoints_app.command("public-key")
def checkpoints_public_key() -> None:
    """Öffentlichen Prüfschlüssel (PEM) ausgeben, damit der DSB ihn getrennt aufbewahrt."""
    settings = load_cli_settings()
    typer.echo(public_key_pem(load_public_key(settings.audit.signing_key.get_secret_value())), nl=False)


@audit_app.command("purge")
def purge_command(
    older_than: Annotated[str, typer.Option("--older-than", help="Alter, z. B. 90d.")],
) -> None:
    """Datensätze älter als die Frist löschen; die Kette bleibt ab einem signierten Checkpoint prüfbar."""
    try:
        age = parse_age(older_than)
    except ValueError as exc:
        raise _fail(str(exc)) from None
    log = _open_log(load_cli_settings())
    try:
        result = purge(log, age)
        texts = purge_redacted_texts(log) if log.settings.redacted_text.departments else 0
    except Exception as exc:
        raise _fail(f"Löschung fehlgeschlagen: {type(exc).__name__}") from None
    finally:
        log.close_sync()
    if result.deleted:
        typer.echo(f"{result.deleted} Datensätze bis seq {result.seq_through} gelöscht "
                   f"(älter als {result.cutoff:%Y-%m-%d %H:%M} UTC).")
    else:
        typer.echo("Keine Datensätze älter als die Frist.")
    if texts:
        typer.echo(f"{texts} gespeicherte redigierte Anfragetexte nach Ablauf ihrer Frist gelöscht.")


@audit_app.command("rebuild-rollup")
def rebuild_rollup() -> None:
    """Die Summen für Berichte und Konsole aus den Ereignissen neu berechnen (z. B. nach einer Wiederherstellung)."""
    log = _open_log(load_cli_settings())
    try:
        with chain_transaction(log.engine) as conn:  # no append in between: the sums match the events
            counted = rebuild(conn)
    except Exception as exc:
        raise _fail(f"Neuberechnung fehlgeschlagen: {type(exc).__name__}") from None
    finally:
        log.close_sync()
    typer.echo(f"Berichtssummen aus {counted} Ereignissen neu berechnet.")


@audit_app.command("reidentify")
def reidentify(
    key_file: Annotated[Path, typer.Option("--key-file", help="Pseudonym-Schlüssel des DSB.")],
    case_ref: Annotated[str, typer.Option("--case-ref", help="Aktenzeichen des Vorgangs.")],
    pseudonym: Annotated[str | None, typer.Option("--pseudonym", help="Gesuchtes Pseudonym.")] = None,
    candidates: Annotated[list[str] | None, typer.Option(
        "--user-candidates", help="Kandidaten (Benutzerkennungen), kommagetrennt oder mehrfach.")] = None,
    user: Annotated[str | None, typer.Option("--user", help="Benutzerkennung, deren Pseudonym gesucht wird.")] = None,
) -> None:
    """Pseudonym einer Person zuordnen (nur mit dem Schlüssel des DSB); wird selbst protokolliert."""
    if (pseudonym is None) == (user is None):
        raise _fail("Entweder --pseudonym (mit --user-candidates) oder --user angeben.")
    try:
        key = key_file.read_bytes().strip()
    except OSError:
        raise _fail("Schlüsseldatei nicht lesbar.") from None
    try:
        AuditEvent(event_type="audit.reidentified", case_ref=case_ref)
    except ValueError:
        raise _fail("Ungültiges Aktenzeichen (erlaubt: Buchstaben, Ziffern, . / _ -).") from None
    log = _open_log(load_cli_settings())
    try:
        if user is not None:
            target = pseudonymize_user(key, user)
            typer.echo(f"Pseudonym: {target}")
        else:
            names = [n.strip() for item in candidates or [] for n in item.split(",") if n.strip()]
            target = str(pseudonym)
            matches = [n for n in names if pseudonymize_user(key, n) == target]
            typer.echo(f"Treffer: {', '.join(matches)}" if matches else "Kein Kandidat passt zum Pseudonym.")
        with log.engine.connect() as conn:
            count = int(conn.execute(sa.select(sa.func.count()).where(events.c.user == target)).scalar_one())
        typer.echo(f"Datensätze mit diesem Pseudonym: {count}")
        valid = len(target) == 64 and all(c in "0123456789abcdef" for c in target)
        log.write_sync(AuditEvent(event_type="audit.reidentified", case_ref=case_ref, record_count=count,
                                  user=target if valid else None))
    finally:
        log.close_sync()


@audit_app.command("export")
def export(
    start: Annotated[str, typer.Option("--from", help="Beginn (einschließlich), JJJJ-MM-TT.")],
    end: Annotated[str, typer.Option("--to", help="Ende (ausschließlich), JJJJ-MM-TT.")],
    fmt: Annotated[str, typer.Option("--format", help="csv oder jsonl.")] = "jsonl",
    out: Annotated[Path | None, typer.Option("--out", help="Zieldatei (sonst Standardausgabe).")] = None,
) -> None:
    """Datensätze eines Zeitraums exportieren; der Export wird protokolliert."""
    if fmt not in ("csv", "jsonl"):
        raise _fail("Format muss csv oder jsonl sein.")
    begin, finish = _parse_when(start), _parse_when(end)
    log = _open_log(load_cli_settings())
    try:
        target = _out(out)
        with log.engine.connect() as conn:
            count = export_events(conn, target, fmt, begin, finish)  # type: ignore[arg-type]
        target.flush()
        if out:
            target.close()
        log.write_sync(AuditEvent(event_type="export.performed", record_count=count,
                                  period_from=begin, period_to=finish))
    finally:
        log.close_sync()
    typer.echo(f"{count} Datensätze exportiert.", err=True)


# --- reports -------------------------------------------------------------------------------


def _emit(rows: list[dict[str, Any]], fmt: str, title: str) -> None:
    if fmt == "json":
        typer.echo(orjson.dumps(rows, option=orjson.OPT_INDENT_2).decode())
    elif fmt == "csv":
        buffer = io.StringIO()
        if rows:
            writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
        typer.echo(buffer.getvalue(), nl=False)
    else:
        typer.echo(title)
        if not rows:
            typer.echo("  (keine Daten)")
            return
        headers = list(rows[0])
        cells = [[_cell(r[h]) for h in headers] for r in rows]
        widths = [max(len(h), *(len(c[i]) for c in cells)) for i, h in enumerate(headers)]
        typer.echo("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)))
        for c in cells:
            typer.echo("  ".join(v.ljust(w) for v, w in zip(c, widths, strict=True)))


def _cell(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def _check_format(fmt: str) -> None:
    if fmt not in ("table", "csv", "json"):
        raise _fail("Format muss table, csv oder json sein.")


@report_app.command("costs")
def costs(
    month: Annotated[str, typer.Option("--month", help="Monat JJJJ-MM (Europe/Berlin).")],
    fmt: Annotated[str, typer.Option("--format", help=FORMAT_HELP)] = "table",
) -> None:
    """Kosten (EUR) und Tokens je Fachbereich und Modell, gegen das Monatsbudget."""
    _check_format(fmt)
    settings = load_cli_settings()
    budgets = {d.id: d.limits.eur_per_month for d in settings.departments}
    engine = create_audit_engine(settings.audit.url)
    try:
        report = cost_report(engine, month, budgets, settings.audit.min_group_users)
    except ValueError as exc:
        raise _fail(str(exc)) from None
    finally:
        engine.dispose()
    rows = [dataclasses.asdict(r) for r in report.rows]
    budget_rows = [dataclasses.asdict(b) for b in report.departments]
    if fmt == "json":
        typer.echo(orjson.dumps({"month": month, "rows": rows, "departments": budget_rows,
                                 "suppressed_groups": report.suppressed_groups}, option=orjson.OPT_INDENT_2).decode())
        return
    if fmt == "csv":
        _emit(rows, fmt, "")
        return
    _emit(rows, fmt, f"Kosten {month} je Fachbereich und Modell")
    _emit(budget_rows, fmt, f"\nBudget {month} je Fachbereich")
    if report.suppressed_groups:
        typer.echo(f"\n{report.suppressed_groups} Gruppe(n) mit weniger als {settings.audit.min_group_users} "
                   "Personen ausgeblendet.")


@report_app.command("usage")
def usage(
    month: Annotated[str, typer.Option("--month", help="Monat JJJJ-MM (Europe/Berlin).")],
    fmt: Annotated[str, typer.Option("--format", help=FORMAT_HELP)] = "table",
) -> None:
    """Nutzung für die Pilotauswertung: Anfragen, Tokens, Ablehnungen, Entitätstypen, Zeit bis zum ersten Token."""
    _check_format(fmt)
    settings = load_cli_settings()
    engine = create_audit_engine(settings.audit.url)
    try:
        report = usage_report(engine, month, settings.audit.min_group_users)
    except ValueError as exc:
        raise _fail(str(exc)) from None
    finally:
        engine.dispose()
    rows = []
    for r in report.rows:
        row = {k: v for k, v in dataclasses.asdict(r).items() if k != "ttft_ms"}
        row.update({f"ttft_p{p}_ms": r.ttft_ms.get(p) for p in PERCENTILES})
        rows.append(row)
    refusals = [dataclasses.asdict(r) for r in report.refusals]
    entities = [dataclasses.asdict(e) for e in report.entities]
    if fmt == "json":
        typer.echo(orjson.dumps({"month": month, "rows": rows, "refusals": refusals, "entities": entities,
                                 "suppressed_groups": report.suppressed_groups}, option=orjson.OPT_INDENT_2).decode())
        return
    if fmt == "csv":
        _emit(rows, fmt, "")
        return
    _emit(rows, fmt, f"Nutzung {month} je Fachbereich und Modell")
    _emit(refusals, fmt, "\nAblehnungen nach Grund")
    _emit(entities, fmt, "\nErkannte Entitätstypen")
    if report.suppressed_groups:
        typer.echo(f"\n{report.suppressed_groups} Gruppe(n) mit weniger als {settings.audit.min_group_users} "
                   "Personen ausgeblendet.")

