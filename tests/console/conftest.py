"""The console fixtures: the real gateway with the console mounted at /console, under uvicorn.

Until the lead mounts the console in `create_app`, the fixture mounts it itself (the same
`create_console(services)` the lead will use), so these tests exercise the real wiring:
one Services object shared by the API and the console, one audit log, one key store.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import httpx
import openai
import pytest
import yaml
from starlette.routing import Mount

from gateway.settings import load_settings
from tests.harness import GatewayServer, write_config


class ConsoleServer(GatewayServer):
    """The gateway (API + console mounted at /console) in one uvicorn server on a free port."""

    def start(self) -> ConsoleServer:
        super().start()
        self.console_url = self.root + "/console"
        self.console_app = next(r.app for r in self.app.routes if isinstance(r, Mount) and r.path == "/console")
        return self


def console_config(directory: Path, upstream_url: str) -> Path:
    """The shared test configuration with budgets and a report threshold of one person (tests
    have few users; the threshold itself is covered by tests/audit)."""
    path = write_config(directory, upstream_url)
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    config["audit"]["min_group_users"] = 1
    config["departments"][0]["limits"] = {"eur_per_month": 500.0}
    config["departments"][1]["limits"] = {"eur_per_month": 120.0}
    config["redaction"]["departments"] = {"fb-bau": {"actions": {"IBAN_CODE": "block"}}}
    config["console"] = {"page_size": 10, "report_fresh_seconds": 0}
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def console_server(upstream, tmp_path_factory):
    path = console_config(tmp_path_factory.mktemp("console"), upstream.url)
    server = ConsoleServer(load_settings(path)).start()
    server.config_path = path  # type: ignore[attr-defined]
    yield server
    server.stop()


@dataclass
class RoleKeys:
    admin: str
    dpo: str
    finance: str
    pilot: str


@pytest.fixture(scope="module")
def role_keys(console_server) -> RoleKeys:
    return RoleKeys(
        admin=console_server.issue_key("anna.admin", "fb-soziales", frozenset({"admin"})),
        dpo=console_server.issue_key("dora.datenschutz", "fb-soziales", frozenset({"dpo"})),
        finance=console_server.issue_key("fritz.finanzen", "fb-bau", frozenset({"finance"})),
        pilot=console_server.issue_key("paul.pilot", "fb-soziales"),
    )


@pytest.fixture(scope="module")
def traffic(console_server, role_keys):
    """Requests in both departments, one refused by fb-bau's block policy."""
    soziales = openai.OpenAI(base_url=console_server.root + "/v1", api_key=role_keys.pilot, max_retries=0)
    for text in ("Bitte fasse zusammen: Erika Mustermann wohnt in Köln.", "Wie lange gilt ein Bauantrag?",
                 "Telefon 0221 1234567, bitte zurückrufen."):
        soziales.chat.completions.create(model="gpt-test", messages=[{"role": "user", "content": text}])
    bau_key = console_server.issue_key("bernd.bau", "fb-bau")
    bau = openai.OpenAI(base_url=console_server.root + "/v1", api_key=bau_key, max_retries=0)
    bau.chat.completions.create(model="demo", messages=[{"role": "user", "content": "Frist für Widerspruch?"}])
    with pytest.raises(openai.BadRequestError):
        bau.chat.completions.create(model="demo", messages=[
            {"role": "user", "content": "Überweisung auf DE89 3704 0044 0532 0130 00 bitte prüfen."}])
    return True


CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_token(html: str) -> str:
    match = CSRF.search(html)
    assert match, "page has no CSRF token"
    return match.group(1)


def console_of(server: ConsoleServer):  # noqa: ANN201 - gateway.console.app.Console
    return server.console_app.state.console


def login(server: ConsoleServer, key: str) -> httpx.Client:
    """A logged-in browser-like client (cookies kept, redirects not followed automatically)."""
    client = httpx.Client(base_url=server.console_url, timeout=30)
    form = client.get("/anmelden")
    response = client.post("/anmelden", data={"csrf_token": csrf_token(form.text), "api_key": key})
    assert response.status_code == 303, response.text
    return client
