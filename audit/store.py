"""Database access for the audit log: engine set-up, migrations, and the serialised append.

One code path for SQLite and PostgreSQL. Every append runs in a transaction that first takes
the database-wide chain lock (SQLite: BEGIN IMMEDIATE; PostgreSQL: a transaction-scoped
advisory lock), then reads the head, so any number of processes extend ONE chain.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol

import orjson
import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Connection, Engine

from audit import rollup
from audit.chain import GENESIS, canonical_json, record_hash
from audit.schema import events

# Arbitrary constants naming our advisory locks (PostgreSQL); "audt" and "audm".
CHAIN_LOCK_ID = 0x61756474
MIGRATION_LOCK_ID = 0x6175646D
MIGRATIONS = Path(__file__).parent / "migrations"


def is_sqlite(engine_or_conn: Engine | Connection) -> bool:
    return engine_or_conn.dialect.name == "sqlite"


def create_audit_engine(url: str, sqlite_synchronous: str = "FULL") -> Engine:
    """Engine with the durability settings the log relies on.

    SQLite: WAL (readers never block the writer), synchronous=FULL (a commit survives power loss,
    not only a process crash), a busy timeout so concurrent processes queue for the write lock
    instead of failing, and transactions begun by us so BEGIN IMMEDIATE is possible.
    """
    parsed = sa.make_url(url)
    synchronous = sqlite_synchronous.upper()
    if synchronous not in ("FULL", "NORMAL"):
        raise ValueError("sqlite_synchronous must be FULL or NORMAL")
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(parsed, connect_args={"timeout": 30.0, "check_same_thread": False})

        @sa.event.listens_for(engine, "connect")
        def _on_connect(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute(f"PRAGMA synchronous={synchronous}")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        @sa.event.listens_for(engine, "begin")
        def _on_begin(conn: Connection) -> None:
            mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
            conn.exec_driver_sql(f"BEGIN {mode}")

        return engine
    return sa.create_engine(parsed, pool_pre_ping=True, connect_args={"connect_timeout": 5})


def writer_connection(engine: Engine) -> Connection:
    """A connection whose transactions start with the write lock on SQLite (BEGIN IMMEDIATE)."""
    conn = engine.connect()
    return conn.execution_options(sqlite_begin="IMMEDIATE") if is_sqlite(conn) else conn


_CHAIN_LOCK = sa.select(sa.func.pg_advisory_xact_lock(CHAIN_LOCK_ID))


def lock_chain(conn: Connection) -> None:
    """Inside a transaction of a writer_connection: wait for the chain lock (held until commit)."""
    if not is_sqlite(conn):
        conn.execute(_CHAIN_LOCK)


@contextlib.contextmanager
def chain_transaction(engine: Engine) -> Iterator[Connection]:
    """A write transaction holding the chain lock until commit (exclusive across processes)."""
    with writer_connection(engine) as conn, conn.begin():
        lock_chain(conn)
        yield conn


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision; safe when several processes start at once."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.connect() as conn:
        if is_sqlite(conn):
            conn = conn.execution_options(sqlite_begin="IMMEDIATE")
        with conn.begin():
            if not is_sqlite(conn):
                conn.execute(sa.select(sa.func.pg_advisory_xact_lock(MIGRATION_LOCK_ID)))
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")


# Built once: SQLAlchemy memoizes a statement's cache key on the object, so reusing it spares the
# writer a cache-key walk per commit (it runs on every group commit, on the answer path).
_HEAD = sa.select(events.c.seq, events.c.hash).order_by(events.c.seq.desc()).limit(1)
_INSERT = sa.insert(events)


def read_head(conn: Connection) -> tuple[int, str]:
    """(seq, hash) of the newest record, or (0, GENESIS) for an empty log."""
    row = conn.execute(_HEAD).first()
    return (0, GENESIS) if row is None else (int(row[0]), str(row[1]))


def to_row(record: dict[str, Any]) -> dict[str, Any]:
    """Stored representation: entity counts as canonical JSON text, stream as 0/1."""
    row = dict(record)
    if row.get("entity_counts") is not None:
        row["entity_counts"] = canonical_json(row["entity_counts"]).decode("utf-8")
    if row.get("stream") is not None:
        row["stream"] = int(row["stream"])
    return row


def hashed_fields(row: dict[str, Any]) -> dict[str, Any]:
    """Inverse of to_row for hashing: what the chain commits to (entity counts as a mapping)."""
    fields = dict(row)
    if fields.get("entity_counts") is not None:
        fields["entity_counts"] = orjson.loads(fields["entity_counts"])
    return fields


def chain_rows(records: Sequence[dict[str, Any]], seq: int, prev: str) -> list[dict[str, Any]]:
    """Stored rows for `records` (event fields only), hash-linked after the head (seq, prev)."""
    rows = []
    for record in records:
        seq += 1
        row = to_row(record)
        digest = record_hash(hashed_fields(row), seq, prev)
        row.update(seq=seq, prev_hash=prev, hash=digest)
        rows.append(row)
        prev = digest
    return rows


def append(conn: Connection, records: Sequence[dict[str, Any]]) -> int:
    """Chain and insert `records` (event fields only) after the head; returns the new head seq.

    Must run inside chain_transaction. The usage rollups are updated in the same transaction
    (derived sums for reports; not hashed, see audit/rollup.py).
    """
    seq, prev = read_head(conn)
    rows = chain_rows(records, seq, prev)
    if rows:
        conn.execute(_INSERT, rows)
        rollup.add(conn, rows)
        seq = rows[-1]["seq"]
    return seq


class Appender(Protocol):
    """What the audit writer thread appends with; one instance per writer, not thread-safe."""

    def append(self, records: Sequence[dict[str, Any]]) -> int:
        """Chain, insert and commit `records`; returns the new head seq."""

    def close(self) -> None:
        """Release the connection (also after a failure: the next append starts afresh)."""


class TransactionAppender:
    """Any database: one locked transaction per append (SQLite: BEGIN IMMEDIATE, no round trips)."""

    def __init__(self, engine: Engine) -> None:
        self._conn = writer_connection(engine)

    def append(self, records: Sequence[dict[str, Any]]) -> int:
        with self._conn.begin():
            lock_chain(self._conn)
            return append(self._conn, records)

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._conn.invalidate()
            self._conn.close()


class PgFunctionAppender:
    """PostgreSQL: one round trip per append through `audit_append` (migration 0004).

    The rows are chained against the head this writer saw last. If another process appended
    since, the function writes nothing and returns the current head. We then retry inside one
    transaction: the chain lock the function takes is held until that transaction commits, so
    after a second miss there the reported head cannot move again. A single writer pays one
    round trip and one fsync per commit.
    """

    _CALL = "SELECT * FROM audit_append(%s, %s, %s::jsonb, %s::jsonb, %s::jsonb, %s::jsonb)"

    def __init__(self, engine: Engine) -> None:
        import psycopg  # only here: SQLite deployments never load the driver

        self._pooled = engine.raw_connection()
        conn = self._pooled.driver_connection
        if not isinstance(conn, psycopg.Connection):
            raise TypeError("the PostgreSQL audit store needs the psycopg driver (postgresql+psycopg://)")
        conn.autocommit = True  # each call is its own transaction: the function's
        self._conn = conn
        self._head: tuple[int, str] = (-1, "")  # matches no head: the first call learns the real one

    def append(self, records: Sequence[dict[str, Any]]) -> int:
        if self._call(records):
            return self._head[0]
        with self._conn.transaction():
            if not (self._call(records) or self._call(records)):
                raise RuntimeError("audit head moved while holding the chain lock")
        return self._head[0]

    def _call(self, records: Sequence[dict[str, Any]]) -> bool:
        """One attempt after self._head; True if appended. Either way self._head is the head afterwards."""
        seq, prev = self._head
        rows = chain_rows(records, seq, prev)
        params = rollup.table_params(rollup.delta_of(rows))
        arguments = [orjson.dumps(rows).decode()] + [
            orjson.dumps(params.get(table, [])).decode() for table in rollup.TABLES]
        result = self._conn.execute(self._CALL, (seq, prev, *arguments)).fetchone()
        if result is None:
            raise RuntimeError("audit_append returned no row")
        appended, head_seq, head_hash = result
        self._head = (int(head_seq), str(head_hash))
        return bool(appended)

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._pooled.invalidate()


def open_appender(engine: Engine) -> Appender:
    return TransactionAppender(engine) if is_sqlite(engine) else PgFunctionAppender(engine)
