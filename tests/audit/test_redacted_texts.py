"""Opt-in redacted texts: stored only for listed departments, outside the chain, own retention."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from audit import open_audit_log
from audit.redacted_texts import purge_redacted_texts, store_redacted_text
from audit.schema import events, redacted_texts
from audit.signing import load_public_key
from audit.verify import verify_log
from tests.audit.conftest import SIGNING_KEY, make_settings


def _texts(log: object) -> list[tuple[str, str]]:
    with log.engine.connect() as conn:  # type: ignore[attr-defined]
        return [(r.department, r.text) for r in conn.execute(sa.select(redacted_texts))]


async def test_off_by_default(sqlite_url: str) -> None:
    log = open_audit_log(make_settings(sqlite_url))
    assert await store_redacted_text(log, "req-1", "fb-a", "Hallo <PERSON_1>") is False
    assert _texts(log) == []
    await log.close()


async def test_only_listed_departments_and_own_retention(audit_url: str) -> None:
    log = open_audit_log(make_settings(audit_url, redacted_text={"departments": ["fb-a"], "retention_days": 7,
                                                                  "max_chars": 20}))
    assert await store_redacted_text(log, "req-1", "fb-a", "Hallo <PERSON_1>, bitte prüfen Sie den Antrag")
    assert not await store_redacted_text(log, "req-2", "fb-b", "Hallo <PERSON_2>")
    assert _texts(log) == [("fb-a", "Hallo <PERSON_1>, bitte prüfen"[:20])]  # cut at max_chars
    with log.engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(events)).scalar_one() == 0
    assert purge_redacted_texts(log, now=datetime.now(UTC) + timedelta(days=6)) == 0
    assert purge_redacted_texts(log, now=datetime.now(UTC) + timedelta(days=8)) == 1
    assert _texts(log) == []
    assert verify_log(log.engine, load_public_key(SIGNING_KEY)).ok
    await log.close()
