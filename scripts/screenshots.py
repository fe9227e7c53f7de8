"""Regenerate docs/screenshots/*.png: every console page with demo data, in headless Chromium.

Run: .venv/bin/python scripts/screenshots.py   (needs /usr/bin/chromium and the playwright package)

Starts the gateway with the console against the test suite's mock upstream in a temporary
directory, sends a few requests (some refused by policy and budget), logs in with a key holding all
three console roles and captures each page, plus the login page and a redaction preview.
Nothing leaves the machine; the output is deterministic apart from dates and numbers.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
OUT = ROOT / "docs" / "screenshots"
PROMPTS = [
    ("fb-soziales", "gpt-test", "Fasse den Antrag von Erika Mustermann, Lindenstraße 5, 50667 Köln, zusammen."),
    ("fb-soziales", "gpt-test", "Rückruf an 0221 9876543 wegen Wohngeld."),
    ("fb-soziales", "gpt-litellm", "Wie lange ist ein Bescheid gültig?"),
    ("fb-bau", "demo", "Welche Unterlagen braucht ein Bauantrag?"),
    ("fb-bau", "demo", "Schreiben an max.muster@example.org vorbereiten."),
]


def _history(server) -> None:  # noqa: ANN001 - tests.console.conftest.ConsoleServer
    """Thirty days of plausible closing records (as the pipeline writes them), so charts show a
    month of use; written through the audit log like every other record."""
    import random
    from datetime import UTC, datetime, timedelta

    from audit import AuditEvent

    rng = random.Random(6)
    now = datetime.now(UTC)
    futures = []
    for day in range(30):
        for _ in range(rng.randint(4, 14)):
            dept, model = rng.choice([("fb-soziales", "gpt-test"), ("fb-soziales", "gpt-litellm"), ("fb-bau", "demo")])
            prompt, completion = rng.randint(300, 6000), rng.randint(100, 1500)
            refused = rng.random() < 0.08
            futures.append(server.services.audit.submit(AuditEvent(
                time=now - timedelta(days=29 - day, minutes=rng.randint(0, 600)),
                event_type="request.refused" if refused else "request.completed", department=dept, model=model,
                user=server.services.user_pseudonym(f"person{rng.randint(1, 12)}"),
                outcome="refused" if refused else "ok",
                error_class=rng.choice(["quota.eur_per_month", "policy.block"]) if refused else None,
                prompt_tokens=None if refused else prompt, completion_tokens=None if refused else completion,
                cost_eur=None if refused else round((prompt * 2.5 + completion * 10) / 1e6 * 40, 4),
                entity_counts={rng.choice(["PERSON", "ADDRESS", "PHONE_NUMBER", "IBAN_CODE"]): rng.randint(1, 3)}
                if rng.random() < 0.5 else None,
            )))
    for future in futures:
        future.result(timeout=30)


def main() -> None:
    import openai
    from playwright.sync_api import sync_playwright

    from gateway.settings import load_settings
    from tests.console.conftest import ConsoleServer, console_config
    from tests.mock_upstream import MockUpstream

    upstream = MockUpstream().start()
    server = ConsoleServer(load_settings(console_config(Path(tempfile.mkdtemp()), upstream.url))).start()
    try:
        keys = {dept: server.issue_key(f"demo.{dept}", dept) for dept in ("fb-soziales", "fb-bau")}
        for dept, model, text in PROMPTS * 3:
            client = openai.OpenAI(base_url=server.root + "/v1", api_key=keys[dept], max_retries=0)
            client.chat.completions.create(model=model, messages=[{"role": "user", "content": text}])
        try:
            openai.OpenAI(base_url=server.root + "/v1", api_key=keys["fb-bau"], max_retries=0).chat.completions.create(
                model="demo", messages=[{"role": "user", "content": "IBAN DE89 3704 0044 0532 0130 00 prüfen"}])
        except openai.BadRequestError:
            pass
        _history(server)
        key = server.issue_key("sabine.schulz", "fb-soziales", frozenset({"admin", "dpo", "finance"}))
        OUT.mkdir(parents=True, exist_ok=True)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            page = browser.new_page(base_url=server.root, viewport={"width": 1280, "height": 900}, locale="de-DE")
            page.goto("/console/anmelden")
            page.screenshot(path=str(OUT / "anmeldung.png"), full_page=True)
            page.get_by_label("API-Schlüssel").fill(key)
            page.get_by_role("button", name="Anmelden").click()
            page.wait_for_load_state()
            for name, path in [("uebersicht", "/console/"), ("audit-protokoll", "/console/audit"),
                               ("kosten", "/console/kosten"), ("schluessel", "/console/schluessel")]:
                page.goto(path)
                page.screenshot(path=str(OUT / f"{name}.png"), full_page=True)
            page.goto("/console/datenschutz")
            page.get_by_label("Richtlinie des Fachbereichs").select_option("fb-soziales")
            page.get_by_role("textbox", name="Text (höchstens").fill(
                "Sehr geehrter Herr Jonas Becker, Ihre Steuer-ID 86095742719 und IBAN DE89 3704 0044 0532 0130 00 "
                "liegen vor. Rückfragen bitte an 0171 2345678.")
            page.get_by_role("button", name="Vorschau anzeigen").click()
            page.wait_for_load_state()
            page.screenshot(path=str(OUT / "datenschutz.png"), full_page=True)
            browser.close()
    finally:
        server.stop()
        upstream.stop()
    for file in sorted(OUT.glob("*.png")):
        print(file.relative_to(ROOT))


if __name__ == "__main__":
    main()
