"""The key store on SQLite and on a real PostgreSQL: issue, authenticate, revoke, list."""

from __future__ import annotations

import pytest

from gateway.database import create_db_engine, migrate
from gateway.keys import KeyStore, parse_key_id


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path):
    url = f"sqlite:///{tmp_path}/keys.db" if request.param == "sqlite" else request.getfixturevalue(
        "fresh_postgres_url")
    keys = KeyStore.open(url, "server-secret")
    yield keys
    keys.close()


def test_issue_authenticate_revoke(store):
    key_id, key = store.create("erika", "fb-soziales", frozenset({"dpo"}))
    principal = store.authenticate(key)
    assert principal is not None
    assert (principal.key_id, principal.user_id, principal.department, principal.roles) == (
        key_id, "erika", "fb-soziales", frozenset({"dpo"}))
    assert store.revoke(key_id) is True
    assert store.authenticate(key) is None
    assert store.revoke(key_id) is False  # already revoked


def test_only_the_exact_key_authenticates(store):
    _, key = store.create("max", "fb-bau")
    assert store.authenticate(key[:-1] + ("A" if key[-1] != "A" else "B")) is None
    assert store.authenticate(key + "x") is None
    assert store.authenticate("sk-gw-") is None
    assert store.authenticate("") is None
    assert store.authenticate("x" * 10_000) is None


def test_database_holds_only_hmacs(store):
    key_id, key = store.create("max", "fb-bau")
    with store._engine.connect() as conn:  # noqa: SLF001 - inspecting what is at rest
        rows = [tuple(str(v) for v in row) for row in conn.exec_driver_sql("SELECT * FROM api_keys")]
    secret_part = key.split("_", 1)[1]
    assert all(secret_part not in value and key not in value for row in rows for value in row)


def test_another_server_secret_rejects_all_keys(store, tmp_path):
    _, key = store.create("max", "fb-bau")
    other = KeyStore(store._engine, b"rotated-secret")  # noqa: SLF001
    assert other.authenticate(key) is None


def test_list_shows_metadata_and_last_use(store):
    key_id, key = store.create("anna", "fb-soziales")
    store.authenticate(key)
    info = next(i for i in store.list("fb-soziales") if i.key_id == key_id)
    assert info.user_id == "anna" and info.last_used_at is not None and info.revoked_at is None
    assert store.list("fb-gibtsnicht") == []


def test_migrations_are_idempotent(tmp_path):
    engine = create_db_engine(f"sqlite:///{tmp_path}/twice.db")
    migrate(engine)
    migrate(engine)
    engine.dispose()


@pytest.mark.parametrize(("key", "expected"), [
    ("sk-gw-abcdefgh_secret", "abcdefgh"),
    ("sk-gw-abcdefg_secret", None),
    ("sk-gw-abcdefgh_", None),
    ("sk-other-abcdefgh_secret", None),
    ("sk-gw-abcdefghsecret", None),
])
def test_parse_key_id(key, expected):
    assert parse_key_id(key) == expected
