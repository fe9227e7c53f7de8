"""The console's pages. Each handler reads through `audit.reports` / `gateway.console.queries`
(blocking database work runs in a worker thread) and renders one template.

Forms that change something (login, logout, export, verification, preview, key create/revoke)
are POSTs carrying the session's CSRF token; GETs never change state and never write audit events.
"""

from __future__ import annotations

import asyncio
import csv
import dataclasses
import io
import re
from collections import Counter
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import orjson
from starlette.concurrency import iterate_in_threadpool, run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response, StreamingResponse

from audit import AuditEvent
from audit.events import EVENT_TYPES
from audit.reports import CostReport, CostRow, cost_report, usage_report
from gateway.admin import KeyAdmin
from gateway.console import queries
from gateway.console.app import Console
from gateway.console.auth import CSRF_FIELD, LOGIN_COOKIE, SESSION_COOKIE, ConsoleUser, csrf_valid
from gateway.console.cache import Cached
from gateway.console.charts import Bar, bar_chart, line_chart
from gateway.keys import CONSOLE_ROLES, parse_key_id
from redaction import RedactionBlocked, RedactionUnavailable

BERLIN = ZoneInfo("Europe/Berlin")
OUTCOMES = ("ok", "failed", "refused")
USER_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,127}$")
MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
KEY_ID = re.compile(r"^[a-z0-9]{8}$")


def _today() -> date:
    return datetime.now(BERLIN).date()


def _month(value: str | None) -> str:
    return value if value and MONTH.match(value) else _today().strftime("%Y-%m")


def _recent_months(count: int = 12) -> list[str]:
    first = _today().replace(day=1)
    months = []
    for _ in range(count):
        months.append(first.strftime("%Y-%m"))
        first = (first - timedelta(days=1)).replace(day=1)
    return months


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _safe_next(target: str | None, base: str) -> str:
    """Only redirect to our own pages after login (no open redirect)."""
    if target and target.startswith(base + "/") and not target.startswith("//") and "\\" not in target:
        return target
    return base + "/"


def cost_csv(report: CostReport) -> str:
    """The same bytes as `gateway report costs --format csv` (one row per department and model)."""
    buffer = io.StringIO()
    rows = [dataclasses.asdict(r) for r in report.rows]
    if rows:
        writer = csv.DictWriter(buffer, fieldnames=[f.name for f in dataclasses.fields(CostRow)])
        writer.writeheader()
        writer.writerows(rows)
    return buffer.getvalue()


class Login:
    def __init__(self, console: Console) -> None:
        self.console = console

    def _form(self, request: Request, status_code: int = 200, error: str | None = None,
              notice: str | None = None) -> Response:
        cookie, token = self.console.sessions.login_token()
        base = request.scope.get("root_path", "").rstrip("/")
        response = self.console.render(request, "login.html", None, status_code=status_code, login_token=token,
                                       error=error, notice=notice, weiter=request.query_params.get("weiter", ""))
        response.set_cookie(LOGIN_COOKIE, cookie, max_age=3600, path=base or "/", httponly=True,
                            samesite="strict", secure=self.console.settings.cookie_secure)
        return response

    async def form(self, request: Request) -> Response:
        self.console.pages.warm()
        notice = "Sie wurden abgemeldet." if request.query_params.get("abgemeldet") else None
        return self._form(request, notice=notice)

    async def submit(self, request: Request) -> Response:
        console = self.console
        form = await request.form()
        client = _client(request)
        wait = console.throttle.retry_after(client)
        if wait:
            await console.audit(AuditEvent(event_type="console.login_failed", outcome="refused",
                                           error_class="console.rate_limited", client_name="console"))
            minutes = max(1, (wait + 59) // 60)
            response = self._form(request, 429, f"Zu viele fehlgeschlagene Anmeldungen. Bitte warten Sie "
                                                f"{minutes} Minute{'n' if minutes > 1 else ''}.")
            response.headers["Retry-After"] = str(wait)
            return response
        if not console.sessions.login_token_valid(request.cookies.get(LOGIN_COOKIE), _field(form, CSRF_FIELD)):
            return self._form(request, 400, "Das Formular war abgelaufen. Bitte melden Sie sich erneut an.")
        key = (_field(form, "api_key") or "").strip()
        principal = await run_in_threadpool(console.services.keys.authenticate, key) if key else None
        if principal is None or not principal.roles & CONSOLE_ROLES:
            console.throttle.failed(client)
            key_id = parse_key_id(key) if principal is None else principal.key_id
            await console.audit(AuditEvent(
                event_type="console.login_failed", outcome="failed", client_name="console",
                error_class="console.unknown_key" if principal is None else "console.no_role",
                key_id=key_id if key_id and KEY_ID.match(key_id) else None,
            ))
            message = ("Anmeldung fehlgeschlagen: Schlüssel unbekannt oder widerrufen." if principal is None
                       else "Dieser Schlüssel berechtigt nicht zur Konsole (keine Rolle admin, dpo oder finance).")
            return self._form(request, 401, message)
        console.throttle.succeeded(client)
        cookie, user = console.sessions.issue(principal.key_id, principal.user_id, principal.department,
                                              principal.roles)
        if not await console.audit(AuditEvent(
            event_type="console.login", outcome="ok", key_id=user.key_id, department=user.department,
            user=console.user_pseudonym(user), role=".".join(sorted(user.roles)), client_name="console",
        )):
            return self._form(request, 503, "Das Audit-Protokoll ist nicht erreichbar; Anmeldung nicht möglich.")
        base = request.scope.get("root_path", "").rstrip("/")
        response = RedirectResponse(_safe_next(_field(form, "weiter"), base), status_code=303)
        response.set_cookie(SESSION_COOKIE, cookie, max_age=console.settings.session_minutes * 60,
                            path=base or "/", httponly=True, samesite="strict",
                            secure=console.settings.cookie_secure)
        response.delete_cookie(LOGIN_COOKIE, path=base or "/")
        return response

    async def logout(self, request: Request) -> Response:
        base = request.scope.get("root_path", "").rstrip("/")
        user = self.console.sessions.read(request.cookies.get(SESSION_COOKIE))
        form = await request.form()
        if user is not None and not csrf_valid(user, form.get(CSRF_FIELD)):
            return self.console.render(request, "error.html", user, status_code=400, title="Formular abgelaufen",
                                       message="Bitte laden Sie die Seite neu und versuchen Sie es erneut.")
        response = RedirectResponse(f"{base}/anmelden?abgemeldet=1", status_code=303)
        response.delete_cookie(SESSION_COOKIE, path=base or "/", httponly=True, samesite="strict")
        return response


def _field(form: FormData, name: str) -> str | None:
    value = form.get(name)
    return value if isinstance(value, str) else None


class Pages:
    def __init__(self, console: Console) -> None:
        self.console = console
        self.services = console.services
        self.settings = console.services.settings

    @property
    def _engine(self) -> Any:
        return self.services.audit.engine

    @property
    def _min_users(self) -> int:
        return self.settings.audit.min_group_users

    def _budgets(self) -> dict[str, float | None]:
        return {d.id: d.limits.eur_per_month for d in self.settings.departments}

    def _department_names(self) -> dict[str, str]:
        return {d.id: d.name for d in self.settings.departments}

    async def _csrf_form(self, request: Request, user: ConsoleUser) -> FormData | Response:
        form = await request.form()
        if not csrf_valid(user, form.get(CSRF_FIELD)):
            return self.console.render(request, "error.html", user, status_code=400, title="Formular abgelaufen",
                                       message="Das Formular ist abgelaufen oder ungültig. Bitte laden Sie die "
                                               "Seite neu und versuchen Sie es erneut.")
        return form

    # -- cached reports --------------------------------------------------------------------------
    async def _report(self, key: tuple[Any, ...], compute: Any) -> Cached:
        return await self.console.reports.get(key, compute)

    def _cost_job(self, month: str) -> Any:
        return lambda: cost_report(self._engine, month, self._budgets(), self._min_users)

    def _refusal_job(self, month: str) -> Any:
        return lambda: queries.refusals_by_reason(self._engine, month, self._min_users)

    def _trend_job(self, today: date) -> Any:
        return lambda: queries.daily_trend(self._engine, today)

    def _usage_job(self, month: str) -> Any:
        return lambda: usage_report(self._engine, month, self._min_users, percentiles=False)

    def _entity_job(self, today: date) -> Any:
        return lambda: queries.entity_trend(self._engine, today)

    def warm(self) -> None:
        """Compute the current month's reports ahead (called while the login form is shown)."""
        month, today = _today().strftime("%Y-%m"), _today()
        reports = self.console.reports
        reports.warm(("cost", month), self._cost_job(month))
        reports.warm(("refusals", month), self._refusal_job(month))
        reports.warm(("trend", today), self._trend_job(today))
        reports.warm(("usage", month), self._usage_job(month))
        reports.warm(("entities", today), self._entity_job(today))

    # -- Übersicht ------------------------------------------------------------------------------
    async def overview(self, request: Request, user: ConsoleUser) -> Response:
        month, today = _today().strftime("%Y-%m"), _today()
        cost, refusal, trend_entry = await asyncio.gather(
            self._report(("cost", month), self._cost_job(month)),
            self._report(("refusals", month), self._refusal_job(month)),
            self._report(("trend", today), self._trend_job(today)),
        )
        report: CostReport = cost.value
        refusals, refusals_withheld = refusal.value
        trend: list[queries.DayPoint] = trend_entry.value
        per_dept: dict[str, dict[str, float]] = {}
        for row in report.rows:
            entry = per_dept.setdefault(row.department, {"requests": 0, "tokens": 0, "cost": 0.0})
            entry["requests"] += row.requests
            entry["tokens"] += row.prompt_tokens + row.completion_tokens
            entry["cost"] += row.cost_eur
        names = self._department_names()
        departments: list[dict[str, Any]] = [
            {"id": b.department, "name": names.get(b.department, b.department),
             "requests": per_dept.get(b.department, {}).get("requests", 0),
             "tokens": per_dept.get(b.department, {}).get("tokens", 0),
             "cost": b.cost_eur, "budget": b.budget_eur, "used": b.used}
            for b in report.departments
        ]
        shown = [p for p in trend if p.users == 0 or p.users >= self._min_users]
        withheld = len(trend) - len(shown)
        chart_budget = bar_chart(
            "Ausgaben je Fachbereich im laufenden Monat",
            "Balken: ausgegebene Euro je Fachbereich; senkrechter Strich: Monatsbudget. Zahlen in der Tabelle.",
            [Bar(names.get(b.department, b.department), b.cost_eur, b.budget_eur) for b in report.departments], "€",
        )
        days = [p.day.strftime("%d.%m.") for p in trend]
        visible = {p.day for p in shown}
        chart_trend = line_chart(
            "Anfragen je Tag, letzte 30 Tage",
            "Linie: Anfragen je Tag über alle Fachbereiche. Zahlen in der Tabelle darunter.",
            days, {"Anfragen": [p.requests if p.day in visible else 0 for p in trend]}, "Anzahl",
        )
        return self.console.render(
            request, "overview.html", user, month=month, departments=departments,
            refusals=refusals, trend=trend, visible=visible,
            withheld=withheld, chart_budget=chart_budget, chart_trend=chart_trend,
            suppressed=report.suppressed_groups + refusals_withheld, min_users=self._min_users,
            as_of=min(cost.computed_at, refusal.computed_at, trend_entry.computed_at),
        )

    # -- Audit-Protokoll ------------------------------------------------------------------------
    def _filter(self, params: Any) -> tuple[queries.EventFilter, list[str]]:
        """The filter from query/form parameters; invalid values are dropped and named."""
        problems: list[str] = []

        def day(name: str, label: str) -> date | None:
            value = params.get(name) or ""
            if not value:
                return None
            try:
                return date.fromisoformat(value)
            except ValueError:
                problems.append(f"{label}: kein gültiges Datum (JJJJ-MM-TT)")
                return None

        def choice(name: str, label: str, allowed: set[str]) -> str | None:
            value = params.get(name) or ""
            if not value:
                return None
            if value not in allowed:
                problems.append(f"{label}: unbekannter Wert")
                return None
            return str(value)

        chosen = queries.EventFilter(
            date_from=day("date_from", "Von"), date_to=day("date_to", "Bis"),
            department=choice("department", "Fachbereich", {d.id for d in self.settings.departments}),
            model=choice("model", "Modell", {m.name for m in self.settings.models}),
            event_type=choice("event_type", "Ereignis", set(EVENT_TYPES)),
            outcome=choice("outcome", "Ergebnis", set(OUTCOMES)),
        )
        return chosen, problems

    async def audit(self, request: Request, user: ConsoleUser) -> Response:
        chosen, problems = self._filter(request.query_params)
        before = _int(request.query_params.get("vor"))
        after = _int(request.query_params.get("nach"))
        size = self.console.settings.page_size
        page, checkpoint = await run_in_threadpool(self._audit_data, chosen, size, before, after)
        if self.console.chain.last is None and not self.console.chain.running:
            self.console.chain.start()
        base_query = chosen.as_query()
        return self.console.render(
            request, "audit.html", user, filter=chosen, filter_query=base_query, problems=problems, page=page,
            older_link=_link(base_query, vor=page.older) if page.older else None,
            newer_link=_link(base_query, nach=page.newer) if page.newer else None,
            chain=self.console.chain, checkpoint=checkpoint, departments=self.settings.departments,
            models=[m.name for m in self.settings.models], event_types=EVENT_TYPES, outcomes=OUTCOMES,
            verified=request.query_params.get("pruefung") == "gestartet",
        )

    def _audit_data(self, chosen: queries.EventFilter, size: int, before: int | None,
                    after: int | None) -> tuple[queries.EventPage, Any]:
        return (queries.event_page(self._engine, chosen, size, before, after),
                queries.latest_checkpoint(self._engine))

    async def audit_verify(self, request: Request, user: ConsoleUser) -> Response:
        form = await self._csrf_form(request, user)
        if isinstance(form, Response):
            return form
        self.console.chain.start()
        base = request.scope.get("root_path", "").rstrip("/")
        return RedirectResponse(f"{base}/audit?pruefung=gestartet", status_code=303)

    async def audit_export(self, request: Request, user: ConsoleUser) -> Response:
        """CSV/JSONL of the current filter. The export is audited before the first byte leaves."""
        form = await self._csrf_form(request, user)
        if isinstance(form, Response):
            return form
        chosen, problems = self._filter(form)
        fmt = _field(form, "format")
        if problems or fmt not in ("csv", "jsonl"):
            return self.console.render(request, "error.html", user, status_code=400, title="Export nicht möglich",
                                       message="Filter oder Format ungültig: " + "; ".join(problems or ["Format"]))
        count = await run_in_threadpool(queries.count_events, self._engine, chosen)
        start, end = chosen.time_bounds()
        written = await self.console.audit(AuditEvent(
            event_type="export.performed", record_count=count, user=self.console.user_pseudonym(user),
            key_id=user.key_id, role=".".join(sorted(user.roles)), client_name="console",
            department=chosen.department, model=chosen.model,
            period_from=_parse_stored(start), period_to=_parse_stored(end),
        ))
        if not written:
            return self.console.render(request, "error.html", user, status_code=503, title="Export nicht möglich",
                                       message="Das Audit-Protokoll ist nicht erreichbar; ohne Protokollierung "
                                               "wird nicht exportiert.")
        stamp = datetime.now(BERLIN).strftime("%Y%m%d-%H%M%S")
        media = "text/csv; charset=utf-8" if fmt == "csv" else "application/x-ndjson"
        return StreamingResponse(
            _export_lines(queries.export_batches(self._engine, chosen), fmt), media_type=media,
            headers={"Content-Disposition": f'attachment; filename="audit-{stamp}.{fmt}"'},
        )

    # -- Datenschutz ----------------------------------------------------------------------------
    async def privacy(self, request: Request, user: ConsoleUser) -> Response:
        return await self._privacy_page(request, user)

    async def _privacy_page(self, request: Request, user: ConsoleUser, status_code: int = 200,
                            **preview: Any) -> Response:
        month, today = _month(request.query_params.get("monat")), _today()
        usage_entry, trend_entry = await asyncio.gather(self._report(("usage", month), self._usage_job(month)),
                                                        self._report(("entities", today), self._entity_job(today)))
        usage, trend = usage_entry.value, trend_entry.value
        names = self._department_names()
        types = sorted({e.entity_type for e in usage.entities})
        by_dept: dict[str, dict[str, int]] = {}
        for e in usage.entities:
            by_dept.setdefault(e.department, {})[e.entity_type] = e.count
        totals = Counter[str]()
        for e in usage.entities:
            totals[e.entity_type] += e.count
        blocked = [r for r in usage.refusals if r.reason == "policy.block"]
        visible = {p.day for p in trend if p.users == 0 or p.users >= self._min_users}
        top = [t for t, _ in Counter({t: sum(p.entities.get(t, 0) for p in trend) for t in
                                      {k for p in trend for k in p.entities}}).most_common(5)]
        chart_types = bar_chart(
            f"Entfernte personenbezogene Daten nach Typ, {month}",
            "Balken: Anzahl erkannter und entfernter Angaben je Typ. Zahlen in der Tabelle.",
            [Bar(t, c) for t, c in totals.most_common()], "", decimals=0,
        )
        chart_trend = line_chart(
            "Entfernte Angaben je Tag, letzte 30 Tage (häufigste Typen)",
            "Je Typ eine Linie mit eigener Markierung; Zahlen in der Tabelle darunter.",
            [p.day.strftime("%d.%m.") for p in trend],
            {t: [p.entities.get(t, 0) if p.day in visible else 0 for p in trend] for t in top}, "Anzahl",
        )
        policies = []
        for dept in self.settings.departments:
            policy = self.services.redactor.policy(dept.id)
            policies.append({"id": dept.id, "name": dept.name, "policy": policy,
                             "hash": self.services.redactor.policy_hash(dept.id)[:12]})
        return self.console.render(
            request, "privacy.html", user, status_code=status_code, month=month, months=_recent_months(),
            types=types, by_dept=by_dept, totals=totals, names=names, blocked=blocked, trend=trend, top=top,
            visible=visible, chart_types=chart_types, chart_trend=chart_trend, policies=policies,
            departments=self.settings.departments, entity_types=self.services.redactor.entity_types,
            suppressed=usage.suppressed_groups, min_users=self._min_users,
            as_of=min(usage_entry.computed_at, trend_entry.computed_at),
            max_chars=self.console.settings.preview_max_chars, **preview,
        )

    async def preview(self, request: Request, user: ConsoleUser) -> Response:
        """What the provider would receive. The text is neither stored, logged nor audited."""
        form = await self._csrf_form(request, user)
        if isinstance(form, Response):
            return form
        text = _field(form, "text") or ""
        department = _field(form, "department") or ""
        if self.settings.department(department) is None:
            return await self._privacy_page(request, user, 400, preview_error="Bitte einen Fachbereich wählen.",
                                            preview_text=text)
        if not text.strip():
            return await self._privacy_page(request, user, 400, preview_error="Bitte einen Text eingeben.",
                                            preview_text=text, preview_department=department)
        if len(text) > self.console.settings.preview_max_chars:
            return await self._privacy_page(
                request, user, 400, preview_text=text[: self.console.settings.preview_max_chars],
                preview_department=department,
                preview_error=f"Der Text ist zu lang (höchstens {self.console.settings.preview_max_chars} Zeichen).")
        try:
            result = await run_in_threadpool(self._redact, text, department)
        except RedactionUnavailable:
            return await self._privacy_page(request, user, 503, preview_text=text, preview_department=department,
                                            preview_error="Die Erkennung ist gerade nicht verfügbar.")
        return await self._privacy_page(request, user, preview_text=text, preview_department=department,
                                        preview=result)

    def _redact(self, text: str, department: str) -> dict[str, Any]:
        redactor = self.services.redactor
        entities = redactor.analyze(text, department)
        policy = redactor.policy(department)
        try:
            redacted: str | None = redactor.new_session(department).redact_text(text)
            blocked: list[str] = []
        except RedactionBlocked as exc:
            redacted, blocked = None, exc.entity_types
        return {
            "text": redacted, "blocked": blocked,
            "entities": [{"type": e.type, "start": e.start, "end": e.end, "score": e.score,
                          "action": policy.actions.get(e.type, policy.default_action)} for e in entities],
        }

    # -- Kosten ---------------------------------------------------------------------------------
    async def costs(self, request: Request, user: ConsoleUser) -> Response:
        month = _month(request.query_params.get("monat"))
        entry = await self._report(("cost", month), self._cost_job(month))
        report: CostReport = entry.value
        names = self._department_names()
        totals = {"requests": sum(r.requests for r in report.rows),
                  "prompt": sum(r.prompt_tokens for r in report.rows),
                  "completion": sum(r.completion_tokens for r in report.rows),
                  "cost": sum(r.cost_eur for r in report.rows)}
        chart = bar_chart(
            f"Ausgaben je Fachbereich, {month}",
            "Balken: ausgegebene Euro; senkrechter Strich: Monatsbudget. Zahlen in der Tabelle darunter.",
            [Bar(names.get(b.department, b.department), b.cost_eur, b.budget_eur) for b in report.departments], "€",
        )
        return self.console.render(request, "costs.html", user, month=month, months=_recent_months(),
                                   report=report, as_of=entry.computed_at, names=names, totals=totals, chart=chart,
                                   min_users=self._min_users)

    async def costs_csv(self, request: Request, user: ConsoleUser) -> Response:
        """Always computed now (not from the cache): a download must equal `gateway report costs`."""
        month = _month(request.query_params.get("monat"))
        report = await run_in_threadpool(cost_report, self._engine, month, self._budgets(), self._min_users)
        return Response(cost_csv(report), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="kosten-{month}.csv"'})

    # -- Schlüssel ------------------------------------------------------------------------------
    async def keys(self, request: Request, user: ConsoleUser, status_code: int = 200, **context: Any) -> Response:
        listed = await run_in_threadpool(self.services.keys.list)
        listed.sort(key=lambda k: k.created_at, reverse=True)
        revoked = request.query_params.get("widerrufen")
        notice = f"Schlüssel {revoked} wurde widerrufen." if revoked and KEY_ID.match(revoked) else None
        return self.console.render(request, "keys.html", user, status_code=status_code, keys=listed,
                                   departments=self.settings.departments, roles=sorted(CONSOLE_ROLES),
                                   names=self._department_names(), notice=notice, **context)

    def _admin(self) -> KeyAdmin:
        return KeyAdmin(self.services.keys, self.services.audit,
                        self.settings.audit.pseudonym_key.get_secret_value())

    async def create_key(self, request: Request, user: ConsoleUser) -> Response:
        form = await self._csrf_form(request, user)
        if isinstance(form, Response):
            return form
        user_id = (_field(form, "user_id") or "").strip()
        department = _field(form, "department") or ""
        roles = frozenset(r for r in form.getlist("roles") if isinstance(r, str)) & CONSOLE_ROLES
        errors = []
        if not USER_ID.match(user_id):
            errors.append("Kennung: Buchstaben, Ziffern und . _ @ - (höchstens 128 Zeichen).")
        if self.settings.department(department) is None:
            errors.append("Fachbereich: bitte auswählen.")
        if errors:
            return await self.keys(request, user, 400, errors=errors, form_user=user_id, form_department=department)
        key_id, key = await run_in_threadpool(self._admin().create, user_id, department, roles)
        return await self.keys(request, user, new_key=key, new_key_id=key_id, new_key_user=user_id)

    async def revoke_key(self, request: Request, user: ConsoleUser) -> Response:
        form = await self._csrf_form(request, user)
        if isinstance(form, Response):
            return form
        key_id = request.path_params["key_id"]
        base = request.scope.get("root_path", "").rstrip("/")
        if not KEY_ID.match(key_id) or not await run_in_threadpool(self._admin().revoke, key_id):
            return await self.keys(request, user, 404, errors=["Diesen aktiven Schlüssel gibt es nicht."])
        return RedirectResponse(f"{base}/schluessel?widerrufen={key_id}", status_code=303)


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _link(query: dict[str, str], **extra: Any) -> str:
    from urllib.parse import urlencode

    return "?" + urlencode({**query, **{k: v for k, v in extra.items() if v is not None}})


def _parse_stored(value: str | None) -> datetime | None:
    return None if value is None else datetime.strptime(value, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)


async def _export_lines(batches: Any, fmt: str) -> AsyncIterator[bytes]:
    """Stream the export in the format of `gateway audit export`; batches are fetched in a worker thread."""
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(queries.EXPORT_COLUMNS)
        yield buffer.getvalue().encode()
    async for batch in iterate_in_threadpool(batches):
        if fmt == "jsonl":
            lines = []
            for row in batch:
                record = {k: v for k, v in row.items() if v is not None}
                if "entity_counts" in record:
                    record["entity_counts"] = orjson.loads(record["entity_counts"])
                lines.append(orjson.dumps(record, option=orjson.OPT_SORT_KEYS) + b"\n")
            yield b"".join(lines)
        else:
            buffer = io.StringIO()
            writer = csv.writer(buffer)
            writer.writerows(["" if row[c] is None else row[c] for c in queries.EXPORT_COLUMNS] for row in batch)
            yield buffer.getvalue().encode()


__all__ = ["Login", "Pages", "cost_csv"]
