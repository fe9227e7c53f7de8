"""German number and time formats for the templates (1.234,56 €; 31.03.2025 14:05 Uhr, Berlin time)."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from jinja2 import Environment

from gateway.console.charts import german_number

BERLIN = ZoneInfo("Europe/Berlin")


def number(value: float | int | None, decimals: int = 0) -> str:
    return "–" if value is None else german_number(float(value), decimals)


def eur(value: float | None, decimals: int = 2) -> str:
    return "–" if value is None else f"{german_number(float(value), decimals)} €"


def percent(value: float | None) -> str:
    return "–" if value is None else f"{german_number(value * 100, 1)} %"


def berlin(value: datetime | str | None, seconds: bool = False) -> str:
    """A stored UTC time (datetime or the audit log's fixed-width text) in Berlin time."""
    if value is None:
        return "–"
    if isinstance(value, str):
        value = datetime.strptime(value, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(BERLIN).strftime("%d.%m.%Y %H:%M:%S" if seconds else "%d.%m.%Y %H:%M")


def install(env: Environment) -> None:
    env.filters.update(number=number, eur=eur, percent=percent, berlin=berlin)
