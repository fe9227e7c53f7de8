"""Audit fixtures: a log on SQLite (temp file) or on a fresh PostgreSQL database."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from audit import AuditEvent, AuditLog, AuditSettings, generate_signing_key_pem, open_audit_log
from audit.schema import checkpoints, events

# Child processes of the multi-process tests inherit the parent's key through the environment.
SIGNING_KEY = os.environ.get("AUDIT_TEST_SIGNING_KEY") or generate_signing_key_pem()
PSEUDONYM_KEY = "dpo-test-key"


def make_settings(url: str, **overrides: object) -> AuditSettings:
    return AuditSettings.model_validate(
        {"url": url, "pseudonym_key": PSEUDONYM_KEY, "signing_key": SIGNING_KEY, **overrides}
    )


@pytest.fixture(params=["sqlite", "postgresql"])
def audit_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/audit.db"
    return request.getfixturevalue("fresh_postgres_url")


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path}/audit.db"


@pytest.fixture
def audit_log(audit_url: str) -> Iterator[AuditLog]:
    log = open_audit_log(make_settings(audit_url))
    yield log
    log.close_sync()


def write_all(log: AuditLog, items: list[AuditEvent]) -> list[int]:
    """Submit everything at once (one group commit when possible) and wait for the seqs."""
    futures = [log.submit(e) for e in items]
    return [f.result(timeout=30) for f in futures]


def reset(log: AuditLog) -> None:
    with log.engine.begin() as conn:
        conn.execute(sa.delete(events))
        conn.execute(sa.delete(checkpoints))
