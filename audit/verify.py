"""Check the chain and the checkpoints; name the first bad record.

Streams the records in seq order (server-side cursor / yield_per), recomputing every hash, so
memory stays flat and a million records take seconds. Detects:
- modification: recomputed hash ≠ stored hash, or the next record's prev_hash ≠ stored hash;
- deletion / insertion / renumbering: gap in seq or a broken prev_hash link;
- reordering: swapped contents break the links;
- truncation of the tail: a signed checkpoint (stored or exported) beyond the last record;
- rewriting with recomputed hashes: a checkpoint's head hash ≠ the record at its seq;
- purged start: the oldest retained record must be anchored by a signed "retention" checkpoint.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field

import orjson
import sqlalchemy as sa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy.engine import Connection, Engine

from audit.chain import GENESIS, canonical_json
from audit.checkpoints import Checkpoint, load_checkpoints
from audit.events import EVENT_FIELDS
from audit.schema import events


@dataclass
class VerifyResult:
    ok: bool
    records: int = 0
    first_seq: int | None = None
    head_seq: int = 0
    checkpoints: int = 0
    # First bad record (seq), when the problem can be pinned to one.
    bad_seq: int | None = None
    # German, for the DPO; names seq numbers only, never record content.
    problem: str | None = None
    warnings: list[str] = field(default_factory=list)


def verify_log(
    engine: Engine | Connection,
    public_key: Ed25519PublicKey,
    extra_checkpoints: Iterable[Checkpoint] = (),
    batch_size: int = 20_000,
) -> VerifyResult:
    if isinstance(engine, Engine):
        with engine.connect() as conn:
            return _verify(conn, public_key, list(extra_checkpoints), batch_size)
    return _verify(engine, public_key, list(extra_checkpoints), batch_size)


def _verify(
    conn: Connection, key: Ed25519PublicKey, extra: list[Checkpoint], batch_size: int
) -> VerifyResult:
    stored = load_checkpoints(conn)
    result = VerifyResult(ok=True, checkpoints=len(stored) + len(extra))
    expected: dict[int, str] = {}
    anchors: dict[int, str] = {}
    for source, items in (("gespeicherter", stored), ("exportierter", extra)):
        for cp in items:
            if not cp.is_signed_by(key):
                return _fail(result, cp.seq, f"{source} Checkpoint für seq {cp.seq}: Signatur ungültig")
            if expected.setdefault(cp.seq, cp.head_hash) != cp.head_hash:
                return _fail(result, cp.seq, f"widersprüchliche Checkpoints für seq {cp.seq}")
            if cp.kind == "retention":
                anchors[cp.seq] = cp.head_hash
    if not extra:
        result.warnings.append(
            "Keine exportierten Checkpoints angegeben: ein Angreifer mit Datenbank- und Schlüsselzugriff "
            "könnte die Checkpoints mit verändert haben."
        )

    names = EVENT_FIELDS
    n_fields = len(names)
    counts_index = names.index("entity_counts")
    stream_index = names.index("stream")
    columns = [events.c[name] for name in names] + [events.c.seq, events.c.prev_hash, events.c.hash]
    query = sa.select(*columns).order_by(events.c.seq)
    rows = conn.execution_options(stream_results=True, yield_per=batch_size).execute(query)

    prev_hash: str | None = None
    next_seq: int | None = None
    sha256 = hashlib.sha256
    dumps = orjson.dumps
    option = orjson.OPT_SORT_KEYS
    for row in rows:
        seq, row_prev, row_hash = row[n_fields], row[n_fields + 1], row[n_fields + 2]
        if next_seq is None:
            result.first_seq = seq
            if seq == 1:
                start = GENESIS
            elif anchors.get(seq - 1) is not None:
                start = anchors[seq - 1]
            else:
                missing = max((a for a in anchors if a < seq), default=0) + 1
                return _fail(
                    result, missing,
                    f"Beginn der Kette bei seq {seq} ist durch keinen Löschungs-Checkpoint belegt "
                    f"(Datensätze {missing} bis {seq - 1} fehlen)",
                )
            prev_hash, next_seq = start, seq
        if seq != next_seq:
            return _fail(result, next_seq, f"Datensatz seq {next_seq} fehlt oder Reihenfolge verändert")
        if row_prev != prev_hash:
            return _fail(result, seq, f"Datensatz seq {seq}: Verkettung zum Vorgänger gebrochen")
        document = {names[i]: row[i] for i in range(n_fields) if row[i] is not None}
        counts = row[counts_index]
        if counts is not None:
            try:
                parsed = orjson.loads(counts)
            except orjson.JSONDecodeError:
                return _fail(result, seq, f"Datensatz seq {seq}: verändert (Entitätszählung unlesbar)")
            if not isinstance(parsed, dict) or canonical_json(parsed).decode("utf-8") != counts:
                return _fail(result, seq, f"Datensatz seq {seq}: verändert (Entitätszählung)")
            document["entity_counts"] = parsed
        if row[stream_index] not in (None, 0, 1):
            return _fail(result, seq, f"Datensatz seq {seq}: verändert (stream)")
        document["seq"] = seq
        document["prev_hash"] = row_prev
        if sha256(dumps(document, option=option)).hexdigest() != row_hash:
            return _fail(result, seq, f"Datensatz seq {seq}: Inhalt verändert (Hash stimmt nicht)")
        checkpoint_hash = expected.get(seq)
        if checkpoint_hash is not None and checkpoint_hash != row_hash:
            return _fail(result, seq, f"Datensatz seq {seq}: weicht vom signierten Checkpoint ab")
        prev_hash = row_hash
        next_seq = seq + 1
        result.records += 1
        result.head_seq = seq

    beyond = [s for s in expected if s > result.head_seq]
    if beyond:
        missing = result.head_seq + 1
        return _fail(
            result, missing, f"Datensätze ab seq {missing} fehlen (Checkpoint belegt seq {max(beyond)})"
        )
    if result.head_seq == 0 and not expected:
        result.warnings.append("Das Protokoll ist leer.")
    return result


def _fail(result: VerifyResult, seq: int | None, problem: str) -> VerifyResult:
    result.ok = False
    result.bad_seq = seq
    result.problem = problem
    return result
