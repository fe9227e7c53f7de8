"""Inline span markup used by the templates, and a by-string labeller for handwritten texts.

Templates write f-strings such as ``f"mein Name ist {pii('PERSON', n.full)}"``; `render` strips the
markers and returns exact character offsets, so no offset is ever counted by hand.
"""

from __future__ import annotations

import re
from typing import Any

_OPEN, _SEP, _CLOSE = "\x01", "\x02", "\x03"
_MARK = re.compile("\x01([A-Z_]+)\x02([^\x01\x02\x03]*)\x03")
KEEP = "KEEP"

ENTITY_TYPES = (
    "PERSON", "ADDRESS", "PHONE_NUMBER", "EMAIL_ADDRESS", "IBAN_CODE", "CREDIT_CARD", "DATE_OF_BIRTH",
    "DE_TAX_ID", "DE_SOCIAL_SECURITY", "DE_ID_CARD", "DE_PASSPORT", "DE_HEALTH_INSURANCE", "DE_KFZ",
    "IP_ADDRESS",
)


def pii(entity_type: str, value: str) -> str:
    """Mark `value` as a gold personal value of `entity_type`."""
    assert entity_type in ENTITY_TYPES, entity_type
    return f"{_OPEN}{entity_type}{_SEP}{value}{_CLOSE}"


def keep(value: str) -> str:
    """Mark `value` as a non-personal term that a detector must leave alone."""
    return f"{_OPEN}{KEEP}{_SEP}{value}{_CLOSE}"


def render(marked: str) -> tuple[str, list[dict[str, Any]], list[dict[str, Any]]]:
    """Strip the markers; return (text, entities, keep terms) with exact offsets."""
    out: list[str] = []
    entities: list[dict[str, Any]] = []
    keeps: list[dict[str, Any]] = []
    pos = 0
    length = 0
    for m in _MARK.finditer(marked):
        before = marked[pos:m.start()]
        out.append(before)
        length += len(before)
        kind, value = m.group(1), m.group(2)
        start, end = length, length + len(value)
        out.append(value)
        length = end
        if value.strip():
            target = keeps if kind == KEEP else entities
            item: dict[str, Any] = {"text": value, "start": start, "end": end}
            if kind != KEEP:
                item = {"type": kind, **item}
            target.append(item)
        pos = m.end()
    out.append(marked[pos:])
    text = "".join(out)
    if any(c in text for c in (_OPEN, _SEP, _CLOSE)):
        raise ValueError("unbalanced span markup")
    return text, entities, keeps


def label_by_string(
    text: str, pii_terms: dict[str, list[str]], keep_terms: list[str]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Label every whole-word occurrence of the given strings (longest first, never overlapping).

    Raises if a listed string does not occur, so a typo in a label can never pass silently.
    """
    taken: list[tuple[int, int]] = []
    wanted = [(t, s) for t, ss in pii_terms.items() for s in ss] + [(KEEP, s) for s in keep_terms]
    wanted.sort(key=lambda ts: -len(ts[1]))
    entities: list[dict[str, Any]] = []
    keeps: list[dict[str, Any]] = []
    for kind, term in wanted:
        assert kind == KEEP or kind in ENTITY_TYPES, kind
        pattern = re.compile(r"(?<!\w)" + re.escape(term) + r"(?!\w)")
        found = 0
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            found += 1
            if kind == KEEP:
                keeps.append({"text": term, "start": m.start(), "end": m.end()})
            else:
                entities.append({"type": kind, "text": term, "start": m.start(), "end": m.end()})
        if not found:
            raise ValueError(f"label not found in text: {term!r}")
    entities.sort(key=lambda e: e["start"])
    keeps.sort(key=lambda e: e["start"])
    return entities, keeps
