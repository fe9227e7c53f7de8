"""Several OS processes on one store, and a process killed right after a write returned."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from audit.schema import events
from audit.signing import load_public_key
from audit.store import create_audit_engine, migrate
from audit.verify import verify_log
from tests.audit.conftest import SIGNING_KEY

ROOT = Path(__file__).resolve().parents[2]
PUBLIC = load_public_key(SIGNING_KEY)


def _spawn(url: str, count: int, tag: str, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.audit.writer_process", url, str(count), tag, *extra],
        cwd=ROOT, env={**os.environ, "AUDIT_TEST_SIGNING_KEY": SIGNING_KEY},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def _counts(url: str) -> dict[str, int]:
    engine = create_audit_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(sa.select(events.c.department, sa.func.count()).group_by(events.c.department))
        counts = {str(r[0]): int(r[1]) for r in rows}
    engine.dispose()
    return counts


def test_two_processes_keep_one_chain(audit_url: str) -> None:
    engine = create_audit_engine(audit_url)
    migrate(engine)  # the processes race for the lock, not for the schema; schema races are tested below
    procs = [_spawn(audit_url, 300, tag) for tag in ("fb-a", "fb-b")]
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        assert out.strip() == "done"
    assert _counts(audit_url) == {"fb-a": 300, "fb-b": 300}
    result = verify_log(engine, PUBLIC)
    engine.dispose()
    assert result.ok, result.problem
    assert result.records == 600


@pytest.mark.slow
def test_processes_starting_together_migrate_once(audit_url: str) -> None:
    procs = [_spawn(audit_url, 5, tag) for tag in ("fb-a", "fb-b")]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    assert _counts(audit_url) == {"fb-a": 5, "fb-b": 5}


def test_killed_after_write_returned_keeps_the_record(audit_url: str) -> None:
    proc = _spawn(audit_url, 1, "fb-kill", "--hang")
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "committed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    assert _counts(audit_url) == {"fb-kill": 1}
    engine = create_audit_engine(audit_url)
    result = verify_log(engine, PUBLIC)
    engine.dispose()
    assert result.ok, result.problem
