"""Read the committed evaluation corpus. Standard library only, so any test or benchmark can use it.

Import as `tests.corpus.load` from the repository root, or as `corpus.load` inside pytest
(where `tests/` is on `sys.path`).
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

CORPUS_PATH = Path(__file__).with_name("corpus.jsonl")
SPLITS = ("tune", "holdout")


@lru_cache(maxsize=1)
def _all_documents() -> tuple[dict[str, Any], ...]:
    with CORPUS_PATH.open(encoding="utf-8") as fh:
        return tuple(json.loads(line) for line in fh if line.strip())


def load_corpus(split: str | None = None) -> list[dict[str, Any]]:
    """All documents, or those of one split ("tune" or "holdout"). Returns fresh copies.

    Each document: id, kind, template, split, source ("generated"|"handwritten"), text,
    entities [{type, start, end, text}], keep [{text, start, end}].
    """
    if split not in (None, "all", *SPLITS):
        raise ValueError(f"unknown split {split!r}; expected one of {SPLITS}")
    docs = _all_documents()
    if split not in (None, "all"):
        docs = tuple(d for d in docs if d["split"] == split)
    return [json.loads(json.dumps(d)) for d in docs]


def gold_values(doc: dict[str, Any]) -> list[str]:
    """The distinct personal-data substrings of a document (what must never reach a provider).

    Ordered longest first so that callers replacing or searching them never hit a shorter value
    inside a longer one first.
    """
    values = {doc["text"][e["start"]:e["end"]] for e in doc["entities"]}
    return sorted(values, key=lambda s: (-len(s), s))
