"""Signed checkpoints: (seq, head hash, time, kind) signed with Ed25519.

A checkpoint proves that at `time` the chain had `seq` records (seq is also the count of records
ever written) ending in `head_hash`. Verify compares every checkpoint with the record of that seq,
so rewriting history (even with all hashes recomputed) or cutting off the tail is detected as
long as one checkpoint survives — which is why the DPO exports them out of IT's reach.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

import orjson
import sqlalchemy as sa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy.engine import Connection, Engine

from audit import signing
from audit.chain import canonical_json
from audit.events import format_time
from audit.schema import checkpoints
from audit.store import chain_transaction, is_sqlite, read_head

CheckpointKind = Literal["periodic", "retention"]


@dataclass(frozen=True)
class Checkpoint:
    seq: int
    head_hash: str
    time: str
    kind: str
    key_id: str
    signature: str

    def message(self) -> bytes:
        """The signed bytes: canonical JSON of everything but the signature itself."""
        return canonical_json(
            {"seq": self.seq, "head_hash": self.head_hash, "time": self.time, "kind": self.kind,
             "key_id": self.key_id}
        )

    def is_signed_by(self, key: Ed25519PublicKey) -> bool:
        return self.key_id == signing.key_id(key) and signing.is_valid(key, self.message(), self.signature)

    def to_json(self) -> bytes:
        return orjson.dumps(asdict(self), option=orjson.OPT_SORT_KEYS)


def make_checkpoint(key: Ed25519PrivateKey, seq: int, head_hash: str, kind: CheckpointKind,
                    now: datetime | None = None) -> Checkpoint:
    when = format_time(now or datetime.now(UTC))
    unsigned = Checkpoint(seq, head_hash, when, kind, signing.key_id(key), "")
    return Checkpoint(**{**asdict(unsigned), "signature": signing.sign(key, unsigned.message())})


def insert_checkpoint(conn: Connection, checkpoint: Checkpoint) -> None:
    conn.execute(sa.insert(checkpoints), [asdict(checkpoint)])


def write_checkpoint(engine: Engine, key: Ed25519PrivateKey, kind: CheckpointKind = "periodic") -> Checkpoint:
    """Sign the current head and store it. Runs without the chain lock on PostgreSQL (a snapshot
    read of the head suffices); SQLite needs IMMEDIATE to avoid a read→write lock upgrade failure."""
    if is_sqlite(engine):
        with chain_transaction(engine) as conn:
            seq, head = read_head(conn)
            checkpoint = make_checkpoint(key, seq, head, kind)
            insert_checkpoint(conn, checkpoint)
        return checkpoint
    with engine.begin() as conn:
        seq, head = read_head(conn)
        checkpoint = make_checkpoint(key, seq, head, kind)
        insert_checkpoint(conn, checkpoint)
    return checkpoint


def load_checkpoints(conn: Connection) -> list[Checkpoint]:
    cols = [checkpoints.c[name] for name in ("seq", "head_hash", "time", "kind", "key_id", "signature")]
    rows = conn.execute(sa.select(*cols).order_by(checkpoints.c.seq, checkpoints.c.id))
    return [Checkpoint(int(r[0]), r[1], r[2], r[3], r[4], r[5]) for r in rows]


def export_checkpoints(items: Iterable[Checkpoint], path: Path) -> int:
    """Write JSONL (one checkpoint per line) for the DPO to keep outside IT's reach."""
    count = 0
    with path.open("wb") as out:
        for checkpoint in items:
            out.write(checkpoint.to_json() + b"\n")
            count += 1
    return count


def read_exported(path: Path) -> Iterator[Checkpoint]:
    with path.open("rb") as source:
        for line in source:
            if line.strip():
                data = orjson.loads(line)
                yield Checkpoint(
                    int(data["seq"]), str(data["head_hash"]), str(data["time"]), str(data["kind"]),
                    str(data["key_id"]), str(data["signature"]),
                )
