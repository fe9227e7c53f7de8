"""The console over real HTTP against the running gateway (API and console share one Services):
roles, login and its audit trail, CSRF, the audit table and export, the cost CSV against the
CLI report, the redaction preview, and keys created and revoked in the console."""

from __future__ import annotations

import csv
import io
import logging
import time
from datetime import datetime
from zoneinfo import ZoneInfo

import httpx
import orjson
import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from audit.schema import events
from tests.console.conftest import console_of, csrf_token, login

PAGES = {"/": {"admin", "dpo", "finance"}, "/audit": {"dpo"}, "/datenschutz": {"dpo"}, "/kosten": {"finance"},
         "/schluessel": {"admin"}}


def _events(server, event_type: str) -> list[dict]:
    with server.services.audit.engine.connect() as conn:
        rows = conn.execute(sa.select(events).where(events.c.event_type == event_type).order_by(events.c.seq))
        return [dict(r._mapping) for r in rows]


def _month() -> str:
    return datetime.now(ZoneInfo("Europe/Berlin")).strftime("%Y-%m")


@pytest.mark.parametrize("role", ["admin", "dpo", "finance"])
def test_each_role_sees_its_pages_and_not_the_others(console_server, role_keys, role):
    client = login(console_server, getattr(role_keys, role))
    home = client.get("/")
    assert home.status_code == 200
    for path, roles in PAGES.items():
        response = client.get(path)
        allowed = role in roles
        assert response.status_code == (200 if allowed else 403), (path, response.status_code)
        # The navigation offers exactly the allowed pages.
        assert (f'href="/console{path}"' in home.text) is allowed, path
    assert "Keine Berechtigung" in client.get("/kosten" if role != "finance" else "/audit").text


def test_pages_need_a_session_and_pilot_keys_cannot_log_in(console_server, role_keys):
    anonymous = httpx.Client(base_url=console_server.console_url)
    for path in PAGES:
        response = anonymous.get(path)
        assert response.status_code == 303
        assert response.headers["location"].startswith("/console/anmelden")
    form = anonymous.get("/anmelden")
    before = len(_events(console_server, "console.login_failed"))
    refused = anonymous.post("/anmelden", data={"csrf_token": csrf_token(form.text), "api_key": role_keys.pilot})
    assert refused.status_code == 401
    assert "berechtigt nicht zur Konsole" in refused.text
    assert "gw_console=" not in refused.headers.get("set-cookie", "")
    failed = _events(console_server, "console.login_failed")
    assert len(failed) == before + 1
    assert failed[-1]["error_class"] == "console.no_role"
    # The key id (public) is recorded; the key itself never.
    assert failed[-1]["key_id"] and role_keys.pilot not in str(failed[-1])
    console_of(console_server).throttle.succeeded("127.0.0.1")


def test_login_is_audited_with_role_and_cookie_is_hardened(console_server, role_keys):
    client = httpx.Client(base_url=console_server.console_url)
    form = client.get("/anmelden")
    response = client.post("/anmelden", data={"csrf_token": csrf_token(form.text), "api_key": role_keys.dpo,
                                              "weiter": "/console/audit"})
    assert response.status_code == 303 and response.headers["location"] == "/console/audit"
    cookie = next(c for c in response.headers.get_list("set-cookie") if c.startswith("gw_console="))
    flags = cookie.lower()
    assert "httponly" in flags and "samesite=strict" in flags and "path=/console" in flags and "max-age=" in flags
    assert role_keys.dpo not in cookie  # the key is never in the cookie
    last = _events(console_server, "console.login")[-1]
    assert last["role"] == "dpo" and last["department"] == "fb-soziales" and len(last["user"]) == 64
    assert "dora" not in str(last)
    # An open redirect target is ignored.
    form = client.get("/anmelden")
    elsewhere = client.post("/anmelden", data={"csrf_token": csrf_token(form.text), "api_key": role_keys.dpo,
                                               "weiter": "https://example.org/"})
    assert elsewhere.headers["location"] == "/console/"


def test_tampered_cookie_and_logout(console_server, role_keys):
    client = login(console_server, role_keys.finance)
    value = client.cookies.get("gw_console")
    forged = httpx.Client(base_url=console_server.console_url, cookies={"gw_console": value[:-2] + "xx"})
    assert forged.get("/kosten").status_code == 303
    page = client.get("/kosten")
    # Logout without the CSRF token is refused; with it, the session ends.
    assert client.post("/abmelden", data={}).status_code == 400
    out = client.post("/abmelden", data={"csrf_token": csrf_token(page.text)})
    assert out.status_code == 303 and "abgemeldet" in out.headers["location"]
    assert client.get("/kosten").status_code == 303


def test_forms_without_csrf_token_are_refused(console_server, role_keys):
    admin = login(console_server, role_keys.admin)
    created_before = len(_events(console_server, "key.created"))
    response = admin.post("/schluessel", data={"user_id": "mallory", "department": "fb-bau"})
    assert response.status_code == 400
    response = admin.post("/schluessel", data={"user_id": "mallory", "department": "fb-bau", "csrf_token": "x" * 43})
    assert response.status_code == 400
    assert len(_events(console_server, "key.created")) == created_before
    # The login form needs its own token too (login CSRF).
    fresh = httpx.Client(base_url=console_server.console_url)
    assert fresh.post("/anmelden", data={"api_key": role_keys.admin}).status_code == 400


def test_failed_logins_are_rate_limited_per_client(console_server, role_keys):
    console = console_of(console_server)
    client = httpx.Client(base_url=console_server.console_url)
    limit = console.settings.login_max_failures
    try:
        for _ in range(limit):
            form = client.get("/anmelden")
            bad = client.post("/anmelden", data={"csrf_token": csrf_token(form.text), "api_key": "sk-gw-abcdefgh_x"})
            assert bad.status_code == 401
        form = client.get("/anmelden")
        # Now even the right key is refused until the window has passed.
        blocked = client.post("/anmelden", data={"csrf_token": csrf_token(form.text), "api_key": role_keys.admin})
        assert blocked.status_code == 429
        assert int(blocked.headers["retry-after"]) > 0
        assert "Zu viele fehlgeschlagene Anmeldungen" in blocked.text
        reasons = [e["error_class"] for e in _events(console_server, "console.login_failed")[-(limit + 1):]]
        assert reasons == ["console.unknown_key"] * limit + ["console.rate_limited"]
    finally:
        console.throttle.succeeded("127.0.0.1")


def test_audit_table_filters_and_pages_in_the_database(console_server, role_keys, traffic):
    dpo = login(console_server, role_keys.dpo)
    page = dpo.get("/audit", params={"department": "fb-bau", "event_type": "request.refused"})
    assert page.status_code == 200
    rows = page.text.split("<tbody>")[1].split("</tbody>")[0]
    assert "policy.block" in rows and "fb-soziales" not in rows and "request.completed" not in rows
    # Paging: newest first, 10 per page, following "Ältere Ereignisse" reaches every record once.
    seen: list[int] = []
    url = "/audit"
    while url:
        html = dpo.get(url).text
        body = html.split("<tbody>")[1].split("</tbody>")[0]
        seen += [int(x.split("</td>")[0]) for x in body.split('<td class="num">')[1:] if x.split("</td>")[0].isdigit()
                 and "</td><td>" in x[:30]]
        marker = 'rel="next"'
        url = html.split(marker)[0].rsplit('href="/console', 1)[1].split('"')[0].replace("&amp;", "&") \
            if marker in html else ""
    with console_server.services.audit.engine.connect() as conn:
        all_seq = [r[0] for r in conn.execute(sa.select(events.c.seq).order_by(events.c.seq.desc()))]
    assert seen[: len(all_seq)] == all_seq[: len(seen)] and len(seen) >= len(all_seq) - 5
    # Invalid filter values are named, not passed to SQL.
    bad = dpo.get("/audit", params={"department": "x'; DROP TABLE audit_events;--", "date_from": "gestern"})
    assert bad.status_code == 200 and "Fachbereich: unbekannter Wert" in bad.text and "kein gültiges Datum" in bad.text


def test_audit_export_of_the_filter_is_itself_audited(console_server, role_keys, traffic):
    dpo = login(console_server, role_keys.dpo)
    page = dpo.get("/audit")
    data = {"csrf_token": csrf_token(page.text), "department": "fb-soziales", "event_type": "request.completed",
            "format": "csv"}
    exported = dpo.post("/audit/export", data=data)
    assert exported.status_code == 200 and "attachment" in exported.headers["content-disposition"]
    records = list(csv.DictReader(io.StringIO(exported.text)))
    with console_server.services.audit.engine.connect() as conn:
        expected = conn.execute(sa.select(sa.func.count()).select_from(events).where(
            events.c.department == "fb-soziales", events.c.event_type == "request.completed")).scalar()
    assert len(records) == expected >= 3
    assert {r["department"] for r in records} == {"fb-soziales"} and all(r["hash"] for r in records)
    event = _events(console_server, "export.performed")[-1]
    assert event["record_count"] == expected and event["department"] == "fb-soziales" and event["role"] == "dpo"
    jsonl = dpo.post("/audit/export", data={**data, "format": "jsonl"})
    lines = [orjson.loads(line) for line in jsonl.text.splitlines()]
    assert [r["seq"] for r in lines] == [int(r["seq"]) for r in records]


def test_chain_status_is_shown(console_server, role_keys, traffic):
    dpo = login(console_server, role_keys.dpo)
    page = dpo.get("/audit")
    started = dpo.post("/audit/pruefen", data={"csrf_token": csrf_token(page.text)})
    assert started.status_code == 303
    chain = console_of(console_server).chain
    deadline = 100
    while (chain.running or chain.last is None) and deadline:
        time.sleep(0.1)
        deadline -= 1
    html = dpo.get("/audit").text
    assert "Kette unversehrt" in html and f"bis {chain.last.result.head_seq}" in html


def test_cost_csv_equals_the_cli_report(console_server, role_keys, traffic):
    from gateway.cli import app

    finance = login(console_server, role_keys.finance)
    month = _month()
    page = finance.get("/kosten", params={"monat": month})
    assert page.status_code == 200 and "Soziales" in page.text
    download = finance.get("/kosten.csv", params={"monat": month})
    assert download.status_code == 200 and download.headers["content-type"].startswith("text/csv")
    cli = CliRunner().invoke(app, ["--config", str(console_server.config_path), "report", "costs", "--month", month,
                                   "--format", "csv"])
    assert cli.exit_code == 0, cli.output
    assert download.content == cli.stdout_bytes  # byte for byte, line endings included
    rows = list(csv.DictReader(io.StringIO(download.text)))
    assert {r["department"] for r in rows} >= {"fb-soziales", "fb-bau"}
    assert sum(int(r["requests"]) for r in rows if r["department"] == "fb-soziales") >= 3


def test_redaction_preview_is_not_stored_or_logged(console_server, role_keys, caplog):
    dpo = login(console_server, role_keys.dpo)
    page = dpo.get("/datenschutz")
    before = _count(console_server)
    text = "Sehr geehrte Frau Erika Mustermann, Ihre IBAN DE89 3704 0044 0532 0130 00 ist hinterlegt."
    with caplog.at_level(logging.DEBUG):
        result = dpo.post("/datenschutz/vorschau", data={"csrf_token": csrf_token(page.text), "text": text,
                                                         "department": "fb-soziales"})
    assert result.status_code == 200
    redacted = result.text.split('<pre class="redacted"')[1].split("</pre>")[0]
    assert "Mustermann" not in redacted and "DE89" not in redacted and "Sehr geehrte Frau" in redacted
    assert "IBAN_CODE" in result.text and "PERSON" in result.text
    blocked = dpo.post("/datenschutz/vorschau", data={"csrf_token": csrf_token(page.text), "text": text,
                                                      "department": "fb-bau"})
    assert "blockiert" in blocked.text and '<pre class="redacted"' not in blocked.text
    assert _count(console_server) == before  # nothing written to the audit log
    assert "Mustermann" not in caplog.text and "DE89" not in caplog.text


def _count(server) -> int:
    with server.services.audit.engine.connect() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(events)).scalar())


def test_key_created_in_console_works_and_revoked_key_is_refused_by_the_api(console_server, role_keys):
    admin = login(console_server, role_keys.admin)
    page = admin.get("/schluessel")
    created = admin.post("/schluessel", data={"csrf_token": csrf_token(page.text), "user_id": "klara.klar",
                                              "department": "fb-bau"})
    assert created.status_code == 200 and "nur jetzt angezeigt" in created.text
    key = created.text.split('id="new-key"')[1].split('value="')[1].split('"')[0]
    key_id = key[len("sk-gw-"):].split("_")[0]
    models = httpx.get(console_server.root + "/v1/models", headers={"authorization": f"Bearer {key}"})
    assert models.status_code == 200
    # Shown once: the list shows the id only.
    listing = admin.get("/schluessel").text
    assert key_id in listing and key not in listing
    assert _events(console_server, "key.created")[-1]["key_id"] == key_id
    revoked = admin.post(f"/schluessel/{key_id}/widerrufen", data={"csrf_token": csrf_token(listing)})
    assert revoked.status_code == 303
    assert httpx.get(console_server.root + "/v1/models", headers={"authorization": f"Bearer {key}"}).status_code == 401
    assert _events(console_server, "key.revoked")[-1]["key_id"] == key_id
    again = admin.post(f"/schluessel/{key_id}/widerrufen", data={"csrf_token": csrf_token(listing)})
    assert again.status_code == 404


def test_revoking_a_console_key_ends_its_session(console_server, role_keys):
    key = console_server.issue_key("tina.temp", "fb-bau", frozenset({"finance"}))
    session = login(console_server, key)
    assert session.get("/kosten").status_code == 200
    admin = login(console_server, role_keys.admin)
    listing = admin.get("/schluessel").text
    key_id = key[len("sk-gw-"):].split("_")[0]
    admin.post(f"/schluessel/{key_id}/widerrufen", data={"csrf_token": csrf_token(listing)})
    assert session.get("/kosten").status_code == 303


def test_overview_numbers_match_the_cost_report(console_server, role_keys, traffic):
    from audit.reports import cost_report

    finance = login(console_server, role_keys.finance)
    html = finance.get("/").text
    settings = console_server.settings
    report = cost_report(console_server.services.audit.engine, _month(),
                         {d.id: d.limits.eur_per_month for d in settings.departments}, 1)
    soziales = sum(r.requests for r in report.rows if r.department == "fb-soziales")
    row = html.split('<th scope="row">Soziales</th>')[1].split("</tr>")[0]
    assert f'<td class="num">{soziales}</td>' in row
    assert "500,00 €" in row and "<svg" in html and 'role="img"' in html
    assert "policy.block" in html  # refusals by reason


def test_security_headers(console_server, role_keys):
    response = httpx.get(console_server.console_url + "/anmelden")
    assert "script-src" not in response.headers["content-security-policy"]
    assert "default-src 'none'" in response.headers["content-security-policy"]
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["x-frame-options"] == "DENY"
    assert '<html lang="de">' in response.text and 'href="#inhalt"' in response.text


def test_standalone_console_serves_the_same_pages(console_server, role_keys):
    from starlette.testclient import TestClient

    from gateway.console.standalone import standalone_app

    # Without the context manager the lifespan (which closes the shared services) does not run.
    client = TestClient(standalone_app(console_server.services), base_url="http://127.0.0.1")
    assert client.get("/", follow_redirects=False).headers["location"] == "/console/"
    form = client.get("/console/anmelden")
    assert form.status_code == 200 and 'action="/console/anmelden"' in form.text
    response = client.post("/console/anmelden", data={"csrf_token": csrf_token(form.text), "api_key": role_keys.admin},
                           follow_redirects=False)
    assert response.status_code == 303
    assert client.get("/console/schluessel").status_code == 200
    assert client.get("/v1/models").status_code == 404  # the API is not on this listener
