"""The hash chain: canonical JSON of each record, committed to its predecessor.

hash_n = SHA-256(canonical({fields of record n that are not null, "seq": n, "prev_hash": hash_{n-1}}))
with canonical = keys sorted, no whitespace, UTF-8 (orjson OPT_SORT_KEYS). The first record's
predecessor is GENESIS. Because `seq` is inside the hash, renumbering rows breaks the chain too.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

import orjson

GENESIS = "0" * 64


def canonical_json(document: Mapping[str, Any]) -> bytes:
    return orjson.dumps(document, option=orjson.OPT_SORT_KEYS)


def record_hash(fields: Mapping[str, Any], seq: int, prev_hash: str) -> str:
    """Hash of one record; `fields` are the stored values (times as text), nulls are skipped."""
    document = {k: v for k, v in fields.items() if v is not None}
    document["seq"] = seq
    document["prev_hash"] = prev_hash
    return hashlib.sha256(canonical_json(document)).hexdigest()
