"""The DPO's commands end to end: verify exit codes, checkpoint export, purge, export, reidentify, reports."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import orjson
import pytest
import sqlalchemy as sa
import yaml
from typer.testing import CliRunner

from audit import AuditEvent, open_audit_log, pseudonymize_user
from audit.schema import events
from gateway.cli_audit import audit_app, report_app
from gateway.cli_common import set_config_path
from tests.audit.conftest import PSEUDONYM_KEY, SIGNING_KEY, make_settings, write_all

runner = CliRunner()


@pytest.fixture
def config(tmp_path: Path, audit_url: str) -> Iterator[str]:
    (tmp_path / "signing.pem").write_text(SIGNING_KEY)
    document = {
        "secrets": {"key_hmac_secret": "x" * 32},
        "models": [{"name": "demo", "litellm_model": "demo/echo", "free": True}],
        "departments": [{"id": "fb-a", "name": "A", "models": ["demo"], "limits": {"eur_per_month": 100}}],
        "audit": {"url": audit_url, "pseudonym_key": PSEUDONYM_KEY, "signing_key": f"file:{tmp_path}/signing.pem"},
    }
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump(document))
    set_config_path(str(path))
    yield audit_url
    set_config_path(None)


def _fill(url: str, n: int = 10, when: datetime | None = None) -> None:
    log = open_audit_log(make_settings(url))
    when = when or datetime.now(UTC)
    write_all(log, [AuditEvent(event_type="request.completed", time=when, department="fb-a", model="demo",
                               user=pseudonymize_user(PSEUDONYM_KEY, f"u{i % 6}"), cost_eur=1.0)
                    for i in range(n)])
    log.close_sync()


def test_verify_ok_then_tampered(config: str) -> None:
    _fill(config)
    ok = runner.invoke(audit_app, ["verify"])
    assert ok.exit_code == 0, ok.output
    assert "intakt" in ok.output
    engine = sa.create_engine(config)
    with engine.begin() as conn:
        conn.execute(sa.update(events).where(events.c.seq == 4).values(cost_eur=0.5))
    engine.dispose()
    bad = runner.invoke(audit_app, ["verify"])
    assert bad.exit_code == 1
    assert "seq 4" in bad.output


def test_exported_checkpoints_catch_deleted_stored_checkpoints(config: str, tmp_path: Path) -> None:
    _fill(config)
    exported = tmp_path / "cp.jsonl"
    assert runner.invoke(audit_app, ["checkpoints", "export", "--out", str(exported)]).exit_code == 0
    public = tmp_path / "public.pem"
    public.write_text(runner.invoke(audit_app, ["checkpoints", "public-key"]).output)
    assert "PRIVATE" not in public.read_text()
    engine = sa.create_engine(config)
    with engine.begin() as conn:  # IT cuts the tail and removes the stored evidence of it
        conn.execute(sa.delete(events).where(events.c.seq > 7))
        conn.execute(sa.text("DELETE FROM audit_checkpoints"))
    engine.dispose()
    assert runner.invoke(audit_app, ["verify"]).exit_code == 0  # undetectable without the export …
    result = runner.invoke(audit_app, ["verify", "--checkpoints", str(exported), "--public-key", str(public)])
    assert result.exit_code == 1  # … caught with it
    assert "seq 8" in result.output


def test_purge_then_verify(config: str) -> None:
    _fill(config, 5, when=datetime.now(UTC) - timedelta(days=100))
    _fill(config, 5)
    result = runner.invoke(audit_app, ["purge", "--older-than", "90d"])
    assert result.exit_code == 0, result.output
    assert "5 Datensätze" in result.output
    assert runner.invoke(audit_app, ["verify"]).exit_code == 0
    assert runner.invoke(audit_app, ["purge", "--older-than", "neunzig"]).exit_code == 2


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_export_writes_file_and_event(config: str, tmp_path: Path, fmt: str) -> None:
    _fill(config, 6)
    out = tmp_path / f"export.{fmt}"
    today = datetime.now(UTC).date()
    args = ["export", "--from", str(today - timedelta(days=1)), "--to", str(today + timedelta(days=1)),
            "--format", fmt, "--out", str(out)]
    result = runner.invoke(audit_app, args)
    assert result.exit_code == 0, result.output
    lines = out.read_text().splitlines()
    assert len(lines) == 6 + (1 if fmt == "csv" else 0)
    if fmt == "jsonl":
        assert orjson.loads(lines[0])["event_type"] == "request.completed"
    engine = sa.create_engine(config)
    with engine.connect() as conn:
        logged = conn.execute(sa.select(events.c.record_count).where(events.c.event_type == "export.performed"))
        assert logged.scalar_one() == 6
    engine.dispose()


def test_reidentify_requires_key_and_is_logged(config: str, tmp_path: Path) -> None:
    _fill(config, 12)
    key_file = tmp_path / "dpo.key"
    key_file.write_text(PSEUDONYM_KEY + "\n")
    target = pseudonymize_user(PSEUDONYM_KEY, "u2")
    found = runner.invoke(audit_app, ["reidentify", "--key-file", str(key_file), "--case-ref", "DSB-2025/7",
                                      "--pseudonym", target, "--user-candidates", "u1,u2,u3"])
    assert found.exit_code == 0, found.output
    assert "Treffer: u2" in found.output and "Datensätze mit diesem Pseudonym: 2" in found.output
    by_user = runner.invoke(audit_app, ["reidentify", "--key-file", str(key_file), "--case-ref", "DSB-2025/8",
                                        "--user", "u2"])
    assert target in by_user.output
    assert runner.invoke(audit_app, ["reidentify", "--case-ref", "x", "--user", "u2"]).exit_code != 0
    engine = sa.create_engine(config)
    with engine.connect() as conn:
        refs = conn.execute(sa.select(events.c.case_ref).where(events.c.event_type == "audit.reidentified"))
        assert sorted(refs.scalars()) == ["DSB-2025/7", "DSB-2025/8"]
    engine.dispose()


@pytest.mark.parametrize("command", ["costs", "usage"])
@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_reports_render(config: str, command: str, fmt: str) -> None:
    _fill(config, 12)
    month = datetime.now(ZoneInfo("Europe/Berlin")).strftime("%Y-%m")
    result = runner.invoke(report_app, [command, "--month", month, "--format", fmt])
    assert result.exit_code == 0, result.output
    assert "fb-a" in result.output
    if fmt == "json":
        assert orjson.loads(result.output)["rows"][0]["department"] == "fb-a"
    assert runner.invoke(report_app, [command, "--month", "März"]).exit_code == 2
