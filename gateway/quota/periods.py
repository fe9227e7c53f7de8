"""Calendar periods in Europe/Berlin: which counter a moment belongs to and when it resets.

Days and months roll over at local midnight, so a day is 23 or 25 hours long on the DST
switch days. Requests per minute use fixed windows of one clock minute (Berlin's UTC offset is
always whole hours, so local and UTC minutes coincide); a client can therefore send up to twice
the limit across a minute boundary, which is the usual trade-off for O(1) counters.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

BERLIN = ZoneInfo("Europe/Berlin")

Period = Literal["minute", "day", "month"]


@dataclass(frozen=True, slots=True)
class PeriodWindow:
    """One concrete period: its id (part of the counter key) and when it ends (epoch seconds)."""

    period: Period
    id: str
    resets_at: float


def window(period: Period, now: float) -> PeriodWindow:
    if period == "minute":
        minute = int(now // 60)
        return PeriodWindow("minute", str(minute), (minute + 1) * 60.0)
    local = datetime.fromtimestamp(now, BERLIN)
    if period == "day":
        next_day = local.date() + timedelta(days=1)
        return PeriodWindow("day", local.date().isoformat(), _local_midnight(next_day))
    first_of_next = date(local.year + (local.month == 12), local.month % 12 + 1, 1)
    return PeriodWindow("month", f"{local.year:04d}-{local.month:02d}", _local_midnight(first_of_next))


def _local_midnight(day: date) -> float:
    # Midnight always exists in Berlin (the switches happen at 02:00/03:00), so no fold/gap issue.
    return datetime(day.year, day.month, day.day, tzinfo=BERLIN).timestamp()


def berlin_time(epoch: float) -> datetime:
    return datetime.fromtimestamp(epoch, BERLIN)


def format_reset(epoch: float) -> str:
    """German wording for a reset time, e.g. "am 01.12.2026 um 00:00 Uhr"."""
    local = berlin_time(epoch)
    return f"am {local:%d.%m.%Y} um {local:%H:%M} Uhr"
