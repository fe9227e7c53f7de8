"""Cost and usage reports, read from the usage rollup (audit/rollup.py), never per user.

Protection against monitoring individuals (the staff council's co-determination right): every
group shown covers at least `min_users` distinct pseudonymous users. Smaller groups are merged
step by step — (department, model) → (department, "andere") → ("andere", "andere") — and a group
that is still too small is left out. The merge is decided on group sizes only (distinct pseudonyms,
exact: the rollup keeps one row per user and group); the sums are then added up per merged label,
and TTFT percentiles are computed over the events of each merged label, so all numbers are exact.
Groups without any user (e.g. refused unauthenticated requests) concern no person and are shown.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.sql import ColumnElement

from audit.events import format_time
from audit.rollup import NO_USER
from audit.schema import entities_daily, events, usage_monthly

OTHER = "andere"
NONE = "(ohne)"
BERLIN = ZoneInfo("Europe/Berlin")
TERMINAL = ("request.completed", "request.failed")
PERCENTILES = (50, 90, 95, 99)


@dataclass(frozen=True)
class CostRow:
    department: str
    model: str
    requests: int
    prompt_tokens: int
    completion_tokens: int
    cost_eur: float


@dataclass(frozen=True)
class BudgetRow:
    department: str
    cost_eur: float
    budget_eur: float | None
    # Share of the budget used (1.0 = exhausted); None without a budget.
    used: float | None


@dataclass(frozen=True)
class CostReport:
    month: str
    rows: list[CostRow]
    departments: list[BudgetRow]
    # Groups left out because even merged they had fewer than min_users users.
    suppressed_groups: int = 0


@dataclass(frozen=True)
class UsageRow:
    department: str
    model: str
    requests: int
    failed: int
    prompt_tokens: int
    completion_tokens: int
    ttft_ms: dict[int, float | None]  # percentile → value (nearest rank)
    mean_latency_ms: float | None


@dataclass(frozen=True)
class RefusalRow:
    department: str
    reason: str
    refusals: int


@dataclass(frozen=True)
class EntityRow:
    department: str
    entity_type: str
    count: int


@dataclass
class UsageReport:
    month: str
    rows: list[UsageRow] = field(default_factory=list)
    refusals: list[RefusalRow] = field(default_factory=list)
    entities: list[EntityRow] = field(default_factory=list)
    suppressed_groups: int = 0


def month_range(month: str) -> tuple[str, str]:
    """UTC text bounds [start, end) of a calendar month in Europe/Berlin ('2025-03')."""
    try:
        start = datetime.strptime(month, "%Y-%m").replace(tzinfo=BERLIN)
    except ValueError:
        raise ValueError(f"Ungültiger Monat {month!r}: erwartet JJJJ-MM") from None
    end = start.replace(year=start.year + 1, month=1) if start.month == 12 else start.replace(month=start.month + 1)
    return format_time(start), format_time(end)


def _dim(column: ColumnElement[Any]) -> ColumnElement[Any]:
    return sa.func.coalesce(column, NONE)


Key = tuple[str, ...]


class _Groups:
    """Decides which groups (tuples of dimension values) are shown on their own and which merged.

    Works on the distinct pseudonyms per group as read from the rollup; merging happens here in
    Python (a month has at most a few hundred groups), the sums are added up per merged label.
    """

    def __init__(self, users: Mapping[Key, set[str]], width: int, min_users: int) -> None:
        self.users, self.width, self.min_users = users, width, min_users
        self.mapping: dict[Key, Key] = {key: key for key in users}
        for level in range(1, width + 1):
            small = self._small_labels()
            if not small:
                break
            for original, label in self.mapping.items():
                if label in small:
                    self.mapping[original] = label[: width - level] + (OTHER,) * level
        self.suppressed = self._small_labels()

    def _small_labels(self) -> set[Key]:
        merged: dict[Key, set[str]] = {}
        for original, label in self.mapping.items():
            merged.setdefault(label, set()).update(self.users[original])
        return {label for label, users in merged.items() if 0 < len(users) < self.min_users}

    def fold(self, sums: Mapping[Key, Sequence[float]]) -> list[tuple[Key, list[float]]]:
        """Sums per shown label, sorted by label; suppressed labels are left out."""
        out: dict[Key, list[float]] = {}
        for original, values in sums.items():
            label = self.mapping.get(original, original)
            if label in self.suppressed:
                continue
            target = out.setdefault(label, [0] * len(values))
            for i, value in enumerate(values):
                target[i] += value
        return sorted(out.items())

    def labels(self, dims: Sequence[ColumnElement[Any]]) -> list[ColumnElement[Any]]:
        """SQL expressions giving each event's (possibly merged) label; for queries on the events."""
        changed = [(o, lbl) for o, lbl in self.mapping.items() if o != lbl]
        if not changed:
            return [d.label(f"d{i}") for i, d in enumerate(dims)]
        exprs: list[ColumnElement[Any]] = []
        for i, dim in enumerate(dims):
            whens = [(sa.and_(*[d == v for d, v in zip(dims, o, strict=True)]), lbl[i]) for o, lbl in changed]
            exprs.append(sa.case(*whens, else_=dim).label(f"d{i}"))
        return exprs


def _month_groups(conn: Connection, month: str, event_types: Sequence[str], dims: Sequence[str],
                  measures: Sequence[ColumnElement[Any]] = (), only: ColumnElement[bool] | None = None,
                  ) -> tuple[dict[Key, set[str]], dict[Key, list[Any]]]:
    """Distinct pseudonyms and summed measures per group of a month, from the monthly rollup.

    Two grouped queries (users per group, sums per group): SQL does the adding, Python only sees
    one row per group and user (bounded by users × groups, not by the number of events).
    """
    m = usage_monthly.c
    where = [m.month == month, m.event_type.in_(event_types), *([] if only is None else [only])]
    cols = [m[d] for d in dims]
    users: dict[Key, set[str]] = {}
    for row in conn.execute(sa.select(*cols, m.user).where(*where).group_by(*cols, m.user)).all():
        seen = users.setdefault(tuple(row[:-1]), set())
        if row[-1] != NO_USER:
            seen.add(row[-1])
    sums: dict[Key, list[Any]] = {}
    if measures:
        result = conn.execute(sa.select(*cols, *measures).where(*where).group_by(*cols)).all()
        sums = {tuple(r[: len(cols)]): list(r[len(cols):]) for r in result}
    return users, sums


def _connect(source: Engine | Connection) -> tuple[Connection, bool]:
    if isinstance(source, Engine):
        return source.connect(), True
    return source, False


def cost_report(source: Engine | Connection, month: str, budgets: dict[str, float | None],
                min_users: int = 5) -> CostReport:
    """EUR and tokens by department and model, plus each department against its monthly budget."""
    month_range(month)  # validates
    conn, owned = _connect(source)
    try:
        m = usage_monthly.c
        users, sums = _month_groups(conn, month, TERMINAL, ("department", "model"), [
            sa.func.sum(m.requests), sa.func.sum(m.prompt_tokens), sa.func.sum(m.completion_tokens),
            sa.func.sum(m.cost_eur)])
    finally:
        if owned:
            conn.close()
    groups = _Groups(users, 2, min_users)
    cost_rows = [CostRow(k[0], k[1], int(v[0]), int(v[1]), int(v[2]), round(float(v[3]), 6))
                 for k, v in groups.fold(sums)]
    dept_users: dict[Key, set[str]] = {}
    dept_sums: dict[Key, list[float]] = {}
    for (dept, model), seen in users.items():
        dept_users.setdefault((dept,), set()).update(seen)
        dept_sums.setdefault((dept,), [0.0])[0] += float(sums[(dept, model)][3])
    dept_groups = _Groups(dept_users, 1, min_users)
    spent = {k[0]: float(v[0]) for k, v in dept_groups.fold(dept_sums)}
    departments = []
    for dept in sorted(set(spent) | {d for d in budgets if d not in spent}):
        cost = round(spent.get(dept, 0.0), 6)
        budget = budgets.get(dept)
        departments.append(BudgetRow(dept, cost, budget, (cost / budget) if budget else None))
    return CostReport(month, cost_rows, departments, len(groups.suppressed) + len(dept_groups.suppressed))


def usage_report(source: Engine | Connection, month: str, min_users: int = 5,
                 percentiles: bool = True) -> UsageReport:
    """Requests, tokens, TTFT percentiles, refusals by reason, entity-type counts (pilot evaluation).

    Everything but the TTFT percentiles comes from the rollup. Percentiles need the single values,
    so they scan the month's events (exact nearest rank); `percentiles=False` skips that (the
    console's privacy page shows no percentiles and must stay fast).
    """
    start, end = month_range(month)
    report = UsageReport(month)
    conn, owned = _connect(source)
    try:
        m = usage_monthly.c
        users, sums = _month_groups(conn, month, TERMINAL, ("department", "model"), [
            sa.func.sum(m.requests), sa.func.sum(sa.case((m.event_type == "request.failed", m.requests), else_=0)),
            sa.func.sum(m.prompt_tokens), sa.func.sum(m.completion_tokens), sa.func.sum(m.latency_sum),
            sa.func.sum(m.latency_count)])
        groups = _Groups(users, 2, min_users)
        ttft: dict[Key, dict[int, float]] = {}
        if percentiles:
            dims = [_dim(events.c.department), _dim(events.c.model)]
            where = sa.and_(events.c.event_type.in_(TERMINAL), events.c.time >= start, events.c.time < end,
                            events.c.ttft_ms.is_not(None))
            ttft = _percentiles(conn, groups.labels(dims), where, events.c.ttft_ms)
        for key, v in groups.fold(sums):
            report.rows.append(UsageRow(
                key[0], key[1], int(v[0]), int(v[1]), int(v[2]), int(v[3]),
                {p: ttft.get(key, {}).get(p) for p in PERCENTILES},
                None if not v[5] else round(float(v[4]) / float(v[5]), 3),
            ))
        report.suppressed_groups += len(groups.suppressed)

        refused_users, refused = _month_groups(conn, month, ("request.refused",), ("department", "error_class"),
                                               [sa.func.sum(m.requests)])
        refusal_groups = _Groups(refused_users, 2, min_users)
        report.refusals = [RefusalRow(k[0], k[1], int(v[0])) for k, v in refusal_groups.fold(refused)]
        report.suppressed_groups += len(refusal_groups.suppressed)

        entity_users, _ = _month_groups(conn, month, (*TERMINAL, "request.refused"), ("department",),
                                        only=m.entity_events > 0)
        dept_groups = _Groups(entity_users, 1, min_users)
        first_day, last_day = f"{month}-01", f"{month}-31"
        e = entities_daily.c
        counts = conn.execute(
            sa.select(e.department, e.entity_type, sa.func.sum(e["count"]))
            .where(e.day >= first_day, e.day <= last_day).group_by(e.department, e.entity_type)
        ).all()
        folded: dict[Key, list[float]] = {}
        for dept, entity_type, count in counts:
            label = dept_groups.mapping.get((dept,), (dept,))
            if label not in dept_groups.suppressed:
                folded.setdefault((label[0], entity_type), [0])[0] += int(count)
        report.entities = [EntityRow(k[0], k[1], int(v[0])) for k, v in sorted(folded.items())]
        report.suppressed_groups += len(dept_groups.suppressed)
    finally:
        if owned:
            conn.close()
    return report


def _percentiles(conn: Connection, labels: list[Any], where: ColumnElement[bool],
                 value: ColumnElement[Any]) -> dict[tuple[str, ...], dict[int, float]]:
    """Nearest-rank percentiles per group with window functions (no percentile_cont in SQLite)."""
    partition = list(labels)
    ranked = sa.select(
        *partition, value.label("v"),
        sa.func.row_number().over(partition_by=[lbl.element for lbl in partition], order_by=value).label("rn"),
        sa.func.count().over(partition_by=[lbl.element for lbl in partition]).label("n"),
    ).where(where).subquery()
    rank_of = {p: (ranked.c.n * p + 99) // 100 for p in PERCENTILES}
    picked = sa.select(*[ranked.c[f"d{i}"] for i in range(len(labels))], ranked.c.v, ranked.c.rn, ranked.c.n).where(
        sa.or_(*[ranked.c.rn == r for r in rank_of.values()])
    )
    out: dict[tuple[str, ...], dict[int, float]] = {}
    for row in conn.execute(picked):
        key = tuple(row[: len(labels)])
        v, rn, n = float(row[-3]), int(row[-2]), int(row[-1])
        for p in PERCENTILES:
            if rn == (n * p + 99) // 100:
                out.setdefault(key, {})[p] = round(v, 3)
    return out
