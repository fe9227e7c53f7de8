"""`gateway quota status` shows what the shared store holds, in German, per department."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from gateway.cli_common import set_config_path
from gateway.cli_quota import quota_app
from gateway.quota import QuotaService, build_quota_store
from gateway.settings import load_settings

CONFIG = """
secrets: {{key_hmac_secret: test}}
audit: {{url: "sqlite://", pseudonym_key: test, signing_key: test}}
models:
  - {{name: m, litellm_model: openai/x, input_eur_per_million: 1000, output_eur_per_million: 2000}}
departments:
  - id: fb-buergerservice
    name: Bürgerservice
    models: [m]
    limits: {{eur_per_month: 50, tokens_per_day: 100000}}
  - id: fb-personal
    name: Personal und Organisation
    models: [m]
quota: {{backend: redis, redis_url: "{url}", key_prefix: "{prefix}"}}
"""


# Mounted as in gateway.cli, so the command line is the real one: `gateway quota status ...`.
cli = typer.Typer()
cli.add_typer(quota_app, name="quota")


@pytest.fixture
def config(tmp_path: Path, redis_url: str, redis_prefix: str) -> Path:
    path = tmp_path / "gateway.yaml"
    path.write_text(CONFIG.format(url=redis_url, prefix=redis_prefix), encoding="utf-8")
    set_config_path(str(path))
    yield path
    set_config_path(None)


async def seed(config: Path) -> None:
    settings = load_settings(config)
    service = QuotaService(build_quota_store(settings.quota), settings)
    reservation = await service.reserve("anna", "fb-buergerservice", "m", 1000, 1000)
    await service.settle(reservation, 1000, 250)  # 1.50 EUR, 1250 tokens
    await service.store.close()


def test_status_shows_usage_limits_and_reset(config: Path) -> None:
    # Sync test: the command runs its own event loop, as it does from the shell.
    asyncio.run(seed(config))

    result = CliRunner().invoke(cli, ["quota", "status", "--department", "fb-buergerservice"])
    assert result.exit_code == 0, result.output
    assert "Bürgerservice (fb-buergerservice)" in result.output
    assert "Personal" not in result.output
    eur_line = next(line for line in result.output.splitlines() if "EUR pro Monat" in line)
    assert "50,00" in eur_line and "1,50" in eur_line and "48,50" in eur_line
    token_line = next(line for line in result.output.splitlines() if "Tokens pro Tag" in line)
    assert "1.250" in token_line and "98.750" in token_line

    as_json = json.loads(CliRunner().invoke(cli, ["quota", "status", "--json"]).output)
    assert set(as_json) == {"fb-buergerservice", "fb-personal"}
    assert as_json["fb-personal"][0]["limit"] is None


def test_unknown_department_exits_2(config: Path) -> None:
    result = CliRunner().invoke(cli, ["quota", "status", "--department", "fb-nirgendwo"])
    assert result.exit_code == 2
    assert "Unbekannter Fachbereich: fb-nirgendwo" in result.output
