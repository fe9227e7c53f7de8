"""The PostgreSQL grants documented in docs/audit.md make the gateway's role insert-only."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from audit import AuditEvent, open_audit_log
from audit.retention import purge
from tests.audit.conftest import make_settings

DOC = Path(__file__).resolve().parents[2] / "docs" / "audit.md"


def _documented_grants() -> list[str]:
    block = re.search(r"```sql\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    assert block, "docs/audit.md has no SQL block"
    # Comments first (line by line; they may precede a statement or contain ";"), then statements.
    sql = " ".join(line.split("--")[0] for line in block.group(1).splitlines())
    lines = [" ".join(s.split()) for s in sql.split(";")]
    return [s for s in lines if s and not s.upper().startswith("CREATE ROLE")]


def _as(url: str, role: str) -> str:
    return url.replace("postgres@", f"{role}@", 1)


def test_gateway_role_can_append_but_not_alter(fresh_postgres_url: str) -> None:
    suffix = uuid.uuid4().hex[:8]
    roles = {"gateway_app": f"gwtest_app_{suffix}", "audit_maint": f"gwtest_maint_{suffix}"}
    owner = open_audit_log(make_settings(fresh_postgres_url))  # `gateway init` as the owner
    owner.write_sync(AuditEvent(event_type="request.completed", time=datetime.now(UTC) - timedelta(days=200)))
    owner.close_sync()
    admin = sa.create_engine(fresh_postgres_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            for role in roles.values():
                conn.execute(sa.text(f'CREATE ROLE "{role}" LOGIN'))
            for statement in _documented_grants():
                for name, role in roles.items():
                    statement = re.sub(rf"\b{name}\b", f'"{role}"', statement)
                conn.execute(sa.text(statement))

        app = open_audit_log(make_settings(_as(fresh_postgres_url, roles["gateway_app"])))
        app.write_sync(AuditEvent(event_type="request.accepted", department="fb-a"))
        app.write_checkpoint()
        for forbidden in ("UPDATE audit_events SET department = 'x'", "DELETE FROM audit_events",
                          "TRUNCATE audit_events", "DELETE FROM audit_checkpoints"):
            with pytest.raises(sa.exc.ProgrammingError, match="permission denied"), app.engine.begin() as conn:
                conn.execute(sa.text(forbidden))
        app.close_sync()

        maint = open_audit_log(make_settings(_as(fresh_postgres_url, roles["audit_maint"])))
        assert purge(maint, timedelta(days=90)).deleted == 1
        maint.close_sync()
    finally:
        with admin.connect() as conn:
            for role in roles.values():
                conn.execute(sa.text(f'DROP OWNED BY "{role}"'))
                conn.execute(sa.text(f'DROP ROLE "{role}"'))
        admin.dispose()
