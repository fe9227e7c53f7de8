"""Cost and usage reports, aggregated in the database, never per user.

Protection against monitoring individuals (the staff council's co-determination right): every
group shown covers at least `min_users` distinct pseudonymous users. Smaller groups are merged
step by step — (department, model) → (department, "andere") → ("andere", "andere") — and a group
that is still too small is left out. The merge is decided on group sizes only; the numbers are
then aggregated by SQL over the merged labels, so merged counts, sums and percentiles are exact.
Groups without any user (e.g. refused unauthenticated requests) concern no person and are shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.sql import ColumnElement

from audit.events import format_time
from audit.schema import events

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


class _Groups:
    """Decides which (dimension values) are shown on their own and which are merged."""

    def __init__(self, conn: Connection, dims: Sequence[ColumnElement[Any]], where: ColumnElement[bool],
                 min_users: int) -> None:
        self.conn, self.dims, self.where, self.min_users = conn, list(dims), where, min_users
        sizes = conn.execute(
            sa.select(*self.dims, sa.func.count(sa.distinct(events.c.user))).where(where).group_by(*self.dims)
        ).all()
        self.mapping: dict[tuple[str, ...], tuple[str, ...]] = {tuple(r[:-1]): tuple(r[:-1]) for r in sizes}
        self.suppressed: set[tuple[str, ...]] = set()
        width = len(self.dims)
        for level in range(1, width + 1):
            small = self._small_labels()
            if not small:
                break
            for original, label in self.mapping.items():
                if label in small:
                    self.mapping[original] = label[: width - level] + (OTHER,) * level
        self.suppressed = self._small_labels()

    def _small_labels(self) -> set[tuple[str, ...]]:
        labels = self.labels()
        users = self.conn.execute(
            sa.select(*labels, sa.func.count(sa.distinct(events.c.user))).where(self.where).group_by(*labels)
        ).all()
        return {tuple(r[:-1]) for r in users if 0 < r[-1] < self.min_users}

    def labels(self) -> list[ColumnElement[Any]]:
        """One SQL expression per dimension giving the (possibly merged) label of each row."""
        changed = [(o, lbl) for o, lbl in self.mapping.items() if o != lbl]
        if not changed:
            return [d.label(f"d{i}") for i, d in enumerate(self.dims)]
        exprs: list[ColumnElement[Any]] = []
        for i, dim in enumerate(self.dims):
            whens = [(sa.and_(*[d == v for d, v in zip(self.dims, o, strict=True)]), lbl[i]) for o, lbl in changed]
            exprs.append(sa.case(*whens, else_=dim).label(f"d{i}"))
        return exprs

    def shown(self, key: tuple[str, ...]) -> bool:
        return key not in self.suppressed


def _connect(source: Engine | Connection) -> tuple[Connection, bool]:
    if isinstance(source, Engine):
        return source.connect(), True
    return source, False


def cost_report(source: Engine | Connection, month: str, budgets: dict[str, float | None],
                min_users: int = 5) -> CostReport:
    """EUR and tokens by department and model, plus each department against its monthly budget."""
    start, end = month_range(month)
    where = sa.and_(events.c.event_type.in_(TERMINAL), events.c.time >= start, events.c.time < end)
    conn, owned = _connect(source)
    try:
        groups = _Groups(conn, [_dim(events.c.department), _dim(events.c.model)], where, min_users)
        labels = groups.labels()
        measures = [
            sa.func.count(),
            sa.func.coalesce(sa.func.sum(events.c.prompt_tokens), 0),
            sa.func.coalesce(sa.func.sum(events.c.completion_tokens), 0),
            sa.func.coalesce(sa.func.sum(events.c.cost_eur), 0.0),
        ]
        result = conn.execute(sa.select(*labels, *measures).where(where).group_by(*labels).order_by(*labels))
        rows = [CostRow(r[0], r[1], int(r[2]), int(r[3]), int(r[4]), round(float(r[5]), 6))
                for r in result if groups.shown((r[0], r[1]))]
        dept_groups = _Groups(conn, [_dim(events.c.department)], where, min_users)
        dept_labels = dept_groups.labels()
        totals = conn.execute(
            sa.select(*dept_labels, sa.func.coalesce(sa.func.sum(events.c.cost_eur), 0.0))
            .where(where).group_by(*dept_labels).order_by(*dept_labels)
        )
        spent = {r[0]: float(r[1]) for r in totals if dept_groups.shown((r[0],))}
    finally:
        if owned:
            conn.close()
    departments = []
    for dept in sorted(set(spent) | {d for d in budgets if d not in spent}):
        cost = round(spent.get(dept, 0.0), 6)
        budget = budgets.get(dept)
        departments.append(BudgetRow(dept, cost, budget, (cost / budget) if budget else None))
    return CostReport(month, rows, departments, len(groups.suppressed) + len(dept_groups.suppressed))


def usage_report(source: Engine | Connection, month: str, min_users: int = 5) -> UsageReport:
    """Requests, tokens, TTFT percentiles, refusals by reason, entity-type counts (pilot evaluation)."""
    start, end = month_range(month)
    in_month = sa.and_(events.c.time >= start, events.c.time < end)
    terminal = sa.and_(in_month, events.c.event_type.in_(TERMINAL))
    report = UsageReport(month)
    conn, owned = _connect(source)
    try:
        groups = _Groups(conn, [_dim(events.c.department), _dim(events.c.model)], terminal, min_users)
        labels = groups.labels()
        failed = sa.func.sum(sa.case((events.c.event_type == "request.failed", 1), else_=0))
        result = conn.execute(
            sa.select(
                *labels, sa.func.count(), failed,
                sa.func.coalesce(sa.func.sum(events.c.prompt_tokens), 0),
                sa.func.coalesce(sa.func.sum(events.c.completion_tokens), 0),
                sa.func.avg(events.c.latency_ms),
            ).where(terminal).group_by(*labels).order_by(*labels)
        ).all()
        ttft = _percentiles(conn, labels, sa.and_(terminal, events.c.ttft_ms.is_not(None)), events.c.ttft_ms)
        for r in result:
            key = (r[0], r[1])
            if groups.shown(key):
                report.rows.append(UsageRow(
                    r[0], r[1], int(r[2]), int(r[3] or 0), int(r[4]), int(r[5]),
                    {p: ttft.get(key, {}).get(p) for p in PERCENTILES},
                    None if r[6] is None else round(float(r[6]), 3),
                ))
        report.suppressed_groups += len(groups.suppressed)

        refused = sa.and_(in_month, events.c.event_type == "request.refused")
        refusal_groups = _Groups(conn, [_dim(events.c.department), _dim(events.c.error_class)], refused, min_users)
        labels = refusal_groups.labels()
        for r in conn.execute(sa.select(*labels, sa.func.count()).where(refused).group_by(*labels).order_by(*labels)):
            if refusal_groups.shown((r[0], r[1])):
                report.refusals.append(RefusalRow(r[0], r[1], int(r[2])))
        report.suppressed_groups += len(refusal_groups.suppressed)

        with_entities = sa.and_(in_month, events.c.event_type.in_((*TERMINAL, "request.refused")),
                                events.c.entity_counts.is_not(None))
        dept_groups = _Groups(conn, [_dim(events.c.department)], with_entities, min_users)
        report.entities = _entity_counts(conn, dept_groups, with_entities)
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


def _entity_counts(conn: Connection, groups: _Groups, where: ColumnElement[bool]) -> list[EntityRow]:
    label = groups.labels()[0]
    if conn.dialect.name == "sqlite":
        pairs = sa.func.json_each(events.c.entity_counts).table_valued("key", "value")
        amount: ColumnElement[Any] = pairs.c.value
    else:
        pairs = sa.func.jsonb_each_text(sa.cast(events.c.entity_counts, JSONB)).table_valued("key", "value")
        amount = sa.cast(pairs.c.value, sa.BigInteger)
    query = (
        sa.select(label, pairs.c.key, sa.func.sum(amount))
        .select_from(events).join(pairs, sa.true()).where(where)
        .group_by(label, pairs.c.key).order_by(label, pairs.c.key)
    )
    return [EntityRow(r[0], r[1], int(r[2])) for r in conn.execute(query) if groups.shown((r[0],))]
