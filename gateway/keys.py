"""API keys: issue, look up, revoke.

A key looks like `sk-gw-<id>_<secret>`: `id` (8 characters) is public and names the key in
lists, audit records and revocations; `secret` carries 256 random bits. Only an
HMAC-SHA-256 of the whole key under the server secret is stored, so a stolen database
does not yield usable keys, and rotating the server secret invalidates all of them.
Every request looks the key up in the database (no cache), so a revocation takes effect
at once on every replica.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from gateway.database import create_db_engine, migrate

KEY_PREFIX = "sk-gw-"
CONSOLE_ROLES = frozenset({"admin", "dpo", "finance"})
_ID_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"
_LAST_USED_EVERY_SECONDS = 60.0

metadata = sa.MetaData()
api_keys = sa.Table(
    "api_keys",
    metadata,
    sa.Column("id", sa.String(16), primary_key=True),
    sa.Column("digest", sa.String(64), nullable=False, unique=True),
    sa.Column("user_id", sa.String(128), nullable=False),
    sa.Column("department", sa.String(64), nullable=False),
    sa.Column("roles", sa.String(128), nullable=False, server_default=""),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
)


@dataclass(frozen=True)
class Principal:
    """Who is calling: the owner of a valid, unrevoked key."""

    key_id: str
    user_id: str
    department: str
    roles: frozenset[str]


@dataclass(frozen=True)
class KeyInfo:
    key_id: str
    user_id: str
    department: str
    roles: frozenset[str]
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


# Built once: every request authenticates, and a statement built per call costs SQLAlchemy a
# cache-key walk each time.
_LOOKUP = sa.select(api_keys.c.digest, api_keys.c.user_id, api_keys.c.department, api_keys.c.roles).where(
    api_keys.c.id == sa.bindparam("key_id"), api_keys.c.revoked_at.is_(None))


class KeyStore:
    """Keys in the gateway database. Thread-safe; blocking (call from a worker thread)."""

    def __init__(self, engine: Engine, server_secret: bytes) -> None:
        self._engine = engine
        # A local file database answers in microseconds; a network database must not block the event loop.
        self.is_local = engine.dialect.name == "sqlite"
        self._secret = server_secret
        self._last_used_written: dict[str, float] = {}

    @classmethod
    def open(cls, url: str, server_secret: str) -> KeyStore:
        engine = create_db_engine(url)
        migrate(engine)
        return cls(engine, server_secret.encode())

    def create(self, user_id: str, department: str, roles: frozenset[str] = frozenset()) -> tuple[str, str]:
        """Issue a key; returns (key_id, key). The key is never retrievable again."""
        key_id = "".join(secrets.choice(_ID_ALPHABET) for _ in range(8))
        key = f"{KEY_PREFIX}{key_id}_{secrets.token_urlsafe(32)}"
        with self._engine.begin() as conn:
            conn.execute(
                api_keys.insert().values(
                    id=key_id,
                    digest=self._digest(key),
                    user_id=user_id,
                    department=department,
                    roles=",".join(sorted(roles)),
                    created_at=datetime.now(UTC),
                )
            )
        return key_id, key

    def authenticate(self, key: str) -> Principal | None:
        """The principal for a presented key, or None (unknown, malformed or revoked)."""
        key_id = parse_key_id(key)
        if key_id is None:
            return None
        with self._engine.connect() as conn:
            row = conn.execute(_LOOKUP, {"key_id": key_id}).first()
        if row is None or not hmac.compare_digest(row.digest, self._digest(key)):
            return None
        self._touch(key_id)
        return Principal(key_id, row.user_id, row.department, _roles(row.roles))

    def revoke(self, key_id: str) -> bool:
        with self._engine.begin() as conn:
            result = conn.execute(
                api_keys.update()
                .where(api_keys.c.id == key_id, api_keys.c.revoked_at.is_(None))
                .values(revoked_at=datetime.now(UTC))
            )
        return result.rowcount == 1

    def list(self, department: str | None = None) -> list[KeyInfo]:
        query = sa.select(api_keys).order_by(api_keys.c.created_at)
        if department:
            query = query.where(api_keys.c.department == department)
        with self._engine.connect() as conn:
            return [
                KeyInfo(r.id, r.user_id, r.department, _roles(r.roles), r.created_at, r.last_used_at, r.revoked_at)
                for r in conn.execute(query)
            ]

    def ping(self) -> None:
        with self._engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))

    def close(self) -> None:
        self._engine.dispose()

    def _digest(self, key: str) -> str:
        return hmac.new(self._secret, key.encode(), hashlib.sha256).hexdigest()

    def _touch(self, key_id: str) -> None:
        """Record last use at most once a minute per key, so lookups stay read-only."""
        now = time.monotonic()
        if now - self._last_used_written.get(key_id, -_LAST_USED_EVERY_SECONDS) < _LAST_USED_EVERY_SECONDS:
            return
        self._last_used_written[key_id] = now
        with self._engine.begin() as conn:
            conn.execute(api_keys.update().where(api_keys.c.id == key_id).values(last_used_at=datetime.now(UTC)))


def parse_key_id(key: str) -> str | None:
    if not key.startswith(KEY_PREFIX) or len(key) > 200:
        return None
    key_id, sep, secret = key[len(KEY_PREFIX) :].partition("_")
    if not sep or len(key_id) != 8 or not secret:
        return None
    return key_id


def _roles(value: str) -> frozenset[str]:
    return frozenset(r for r in value.split(",") if r)
