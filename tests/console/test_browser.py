"""The console in a real headless Chromium (Debian's package, driven by Playwright): each role logs
in through the form and uses its pages; axe-core checks every page for WCAG 2.1 AA problems.

Skips (with the reason) only when /usr/bin/chromium or node_modules/axe-core is missing; CI
installs both (`apt-get install chromium`, `npm ci`).
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest
from typer.testing import CliRunner

CHROMIUM = Path("/usr/bin/chromium")
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium fehlt (apt-get install chromium)"),
    pytest.mark.skipif(not AXE.exists(), reason="node_modules/axe-core fehlt (npm ci)"),
]


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright ist nicht installiert")
    with sync_api.sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def _page(browser, server):
    # bypass_csp: only so axe (a test tool) can be injected; the console itself runs no script.
    context = browser.new_context(base_url=server.root, bypass_csp=True, accept_downloads=True, locale="de-DE")
    return context, context.new_page()


def _login(page, key: str) -> None:
    page.goto("/console/anmelden")
    page.get_by_label("API-Schlüssel").fill(key)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_load_state()


def _axe_problems(page) -> list[str]:
    """Serious and critical axe violations of the current page, as readable lines."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    return [f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


ROLE_PAGES = {
    "admin": ["/console/", "/console/schluessel"],
    "dpo": ["/console/", "/console/audit", "/console/datenschutz"],
    "finance": ["/console/", "/console/kosten"],
}
ALL_PAGES = {"/console/", "/console/audit", "/console/datenschutz", "/console/kosten", "/console/schluessel"}


@pytest.mark.parametrize("role", ["admin", "dpo", "finance"])
def test_role_pages_in_the_browser_with_axe(browser, console_server, role_keys, traffic, role):
    context, page = _page(browser, console_server)
    try:
        page.goto("/console/anmelden")
        assert _axe_problems(page) == []
        _login(page, getattr(role_keys, role))
        assert page.url.endswith("/console/")
        nav = page.get_by_role("navigation", name="Hauptnavigation")
        links = {a.get_attribute("href") for a in nav.get_by_role("link").all()}
        assert links == set(ROLE_PAGES[role])
        for path in ROLE_PAGES[role]:
            response = page.goto(path)
            assert response is not None and response.status == 200, path
            assert page.locator("html").get_attribute("lang") == "de"
            assert _axe_problems(page) == [], path
        for path in ALL_PAGES - set(ROLE_PAGES[role]):
            response = page.goto(path)
            assert response is not None and response.status == 403, path
            assert page.get_by_role("heading", level=1).inner_text() == "Keine Berechtigung"
        # Keyboard: the first Tab reaches the skip link, which leads to the main content.
        page.goto("/console/")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent") == "Zum Inhalt springen"
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "inhalt"
    finally:
        context.close()


def test_dpo_filters_the_audit_table_and_previews_redaction(browser, console_server, role_keys, traffic):
    context, page = _page(browser, console_server)
    try:
        _login(page, role_keys.dpo)
        page.goto("/console/audit")
        page.get_by_label("Fachbereich", exact=True).select_option("fb-bau")
        page.get_by_label("Ereignis", exact=True).select_option("request.refused")
        page.get_by_role("button", name="Filtern").click()
        page.wait_for_load_state()
        rows = page.locator("table.events tbody tr").all()
        assert rows, "filter found nothing"
        for row in rows:
            cells = row.locator("td").all_inner_texts()
            assert cells[2] == "request.refused" and cells[3] == "fb-bau"
        assert _axe_problems(page) == []
        # Export of that filter as a download.
        with page.expect_download() as info:
            page.get_by_role("button", name="Exportieren").click()
        exported = list(csv.DictReader(io.StringIO(Path(info.value.path()).read_text(encoding="utf-8"))))
        assert len(exported) == len(rows) and {r["department"] for r in exported} == {"fb-bau"}

        page.goto("/console/datenschutz")
        page.get_by_label("Richtlinie des Fachbereichs").select_option("fb-soziales")
        page.get_by_role("textbox", name="Text (höchstens").fill(
            "Bitte rufen Sie Herrn Jonas Becker unter 0171 2345678 zurück.")
        page.get_by_role("button", name="Vorschau anzeigen").click()
        page.wait_for_load_state()
        redacted = page.locator("pre.redacted").inner_text()
        assert "Becker" not in redacted and "2345678" not in redacted and "Bitte rufen Sie" in redacted
        assert _axe_problems(page) == []
    finally:
        context.close()


def test_finance_downloads_the_cost_csv_equal_to_the_cli(browser, console_server, role_keys, traffic):
    from gateway.cli import app

    month = datetime.now(ZoneInfo("Europe/Berlin")).strftime("%Y-%m")
    context, page = _page(browser, console_server)
    try:
        _login(page, role_keys.finance)
        page.goto("/console/kosten")
        with page.expect_download() as info:
            page.get_by_role("link", name=f"CSV herunterladen ({month})").click()
        downloaded = Path(info.value.path()).read_bytes()
    finally:
        context.close()
    cli = CliRunner().invoke(app, ["--config", str(console_server.config_path), "report", "costs", "--month", month,
                                   "--format", "csv"])
    assert cli.exit_code == 0
    assert downloaded == cli.stdout_bytes and b"fb-soziales" in downloaded


def test_admin_creates_and_revokes_a_key_in_the_browser(browser, console_server, role_keys):
    context, page = _page(browser, console_server)
    try:
        _login(page, role_keys.admin)
        page.goto("/console/schluessel")
        page.get_by_label("Kennung der Person").fill("lena.lang")
        page.get_by_label("Fachbereich", exact=True).select_option("fb-soziales")
        page.get_by_role("button", name="Schlüssel ausgeben").click()
        page.wait_for_load_state()
        key = page.locator("#new-key").input_value()
        assert key.startswith("sk-gw-")
        assert _axe_problems(page) == []
        url = console_server.root + "/v1/models"
        assert httpx.get(url, headers={"authorization": f"Bearer {key}"}).status_code == 200
        key_id = key[len("sk-gw-"):].split("_")[0]
        page.get_by_role("button", name=f"Schlüssel {key_id} von lena.lang widerrufen").click()
        page.wait_for_load_state()
        assert page.get_by_role("status").inner_text() == f"Schlüssel {key_id} wurde widerrufen."
        assert httpx.get(url, headers={"authorization": f"Bearer {key}"}).status_code == 401
    finally:
        context.close()
