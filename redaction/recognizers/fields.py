"""Values of named fields: JSON/YAML/Python key-value pairs, form lines and SQL INSERT statements.

Like a table header, a field name ("nachname", "Geburtsdatum:", a column of an INSERT) says what
its value is, however unusual the value looks. Recognizers pass the normalised field names they
care about and get the value spans back.

Knowingly not handled: values spread over several lines, nested quotes inside a value, INSERT
statements whose values contain commas inside quotes (the row is then misread and skipped when
its length does not match the column list).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import regex

# Found from the separator backwards: a key right before ":" or "=", then the value after it.
# "key": "value" | 'key': 'value' | key = "value" | key: value (YAML, form line; to the line end)
_SEPARATOR = regex.compile(r"[:=]")
_KEY_BEFORE = regex.compile(
    r"""(?P<q>["']?)(?P<key>[\p{L}][\p{L}\d_.\-]{0,40}(?:[ ]?\([^)\n]{0,30}\))?)(?P<q2>["']?)[ \t]*""", regex.REVERSE
)
_VALUE_AFTER = regex.compile(
    r"""[ \t]*(?:(?P<vq>["'])(?P<qval>[^"'\n]{1,100})(?P=vq)|(?P<val>[^\s"'{\[][^\n;|]{0,100}))"""
)
# An unquoted value ends where the next "Field:" on the same line begins.
_NEXT_FIELD = regex.compile(r"[,;]\s*\p{L}[\p{L}.\- ]{0,30}:\s")
_WORDS_BEFORE = regex.compile(r"(?:[\p{L}\-.]+[ \t]+){1,3}$")
# "Geburtsdatum (TT.MM.JJJJ)": the note is no part of the field's name.
_NOTE_IN_BRACKETS = regex.compile(r"\s?\([^)]*\)$")
_INSERT = regex.compile(
    r"(?i:insert\s+into)\s+[\w.\"`]+\s*\((?P<cols>[^)]{1,500})\)\s*(?i:values)\s*(?P<rows>(?:\([^;]{1,2000}?\)\s*,?\s*)+)",
)
_ROW = regex.compile(r"\(((?:[^()'\"]|'[^']*'|\"[^\"]*\")*)\)")
_CELL = regex.compile(r"\s*('(?:[^']|'')*'|\"[^\"]*\"|[^,]*)\s*(?:,|$)")


def normalise_key(key: str) -> str:
    """'Geb.-Datum' -> 'gebdatum', 'first_name' -> 'firstname', 'Vor- und Nachname' -> 'vorundnachname'."""
    return "".join(filter(str.isalnum, key.lower()))


@dataclass(frozen=True, slots=True)
class Field:
    names: tuple[str, ...]  # normalised key, and with up to three words before it ("angabenzurperson")
    start: int
    end: int


def field_values(text: str, keys: frozenset[str]) -> Iterator[tuple[int, int]]:
    """(start, end) of the values of fields whose normalised name is in `keys`.

    A field name may be several words ("Angaben zur Person:", "Vor- und Nachname:").
    """
    for field in fields(text):
        if any(name in keys for name in field.names):
            yield field.start, field.end
    if "nsert" in text or "NSERT" in text:
        yield from _insert_values(text, keys)


@lru_cache(maxsize=8)
def fields(text: str) -> tuple[Field, ...]:
    """Every key-value pair of the text, once per text (several recognizers ask for the same text)."""
    found: list[Field] = []
    pos = 0
    for sep in _SEPARATOR.finditer(text):
        p = sep.start()
        if p < pos or text.startswith("//", p + 1) or text[p + 1 : p + 2] in ("=", ":"):
            continue
        key = _KEY_BEFORE.match(text, max(0, p - 80), p)
        if key is None or key.group("q") != key.group("q2"):
            continue
        value = _VALUE_AFTER.match(text, p + 1)
        if value is None:
            continue
        group = "qval" if value.group("qval") is not None else "val"
        start, end = value.span(group)
        if group == "val":
            cut = _NEXT_FIELD.search(text, start, end)
            if cut is not None:
                end = cut.start()
        pos = end
        raw = text[start:end]
        stripped = raw.strip().rstrip(",;").rstrip()
        if not stripped:
            continue
        offset = raw.index(stripped)
        found.append(Field(_names(text, key), start + offset, start + offset + len(stripped)))
    return tuple(found)


def _names(text: str, key: regex.Match[str]) -> tuple[str, ...]:
    name = _NOTE_IN_BRACKETS.sub("", key.group("key"))
    names = [normalise_key(name)] if not (key.start() > 0 and text[key.start() - 1].isalnum()) else []
    line_start = text.rfind("\n", 0, key.start()) + 1
    before = _WORDS_BEFORE.search(text, max(line_start, key.start() - 40), key.start())
    if before is not None:
        words = before.group().split()
        names += [normalise_key("".join(words[-n:]) + name) for n in range(1, len(words) + 1)]
    return tuple(names)


def _insert_values(text: str, keys: frozenset[str]) -> Iterator[tuple[int, int]]:
    for match in _INSERT.finditer(text):
        cols = [normalise_key(c.strip().strip("`\"")) for c in match.group("cols").split(",")]
        wanted = [i for i, c in enumerate(cols) if c in keys]
        if not wanted:
            continue
        base = match.start("rows")
        for row in _ROW.finditer(match.group("rows")):
            cells: list[tuple[int, int]] = []
            pos = row.start(1)
            body_end = row.end(1)
            for cell in _CELL.finditer(match.group("rows"), pos, body_end):
                if cell.start() >= body_end or (cell.group(1) == "" and cell.end() == cell.start()):
                    break
                s, e = cell.span(1)
                raw = match.group("rows")[s:e]
                if raw[:1] in "'\"" and len(raw) >= 2:
                    s, e = s + 1, e - 1
                cells.append((base + s, base + e))
                if cell.end() >= body_end:
                    break
            if len(cells) != len(cols):
                continue
            for i in wanted:
                s, e = cells[i]
                if e > s and text[s:e].upper() != "NULL":
                    yield s, e
