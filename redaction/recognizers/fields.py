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

import regex

# "key": "value" | 'key': 'value' | key = "value" | key: value (YAML, form line; to the line end)
_KEY_VALUE = regex.compile(
    r"""(?P<q>["']?)(?P<key>[\p{L}][\p{L}\d_.\-]{0,40}(?:[ ]?\([^)\n]{0,30}\))?)(?P=q)[ \t]*[:=][ \t]*"""
    r"""(?:(?P<vq>["'])(?P<qval>[^"'\n]{1,100})(?P=vq)|(?P<val>[^\s"'{\[][^\n;|]{0,100}))"""
)
# An unquoted value ends where the next "Field:" on the same line begins.
_NEXT_FIELD = regex.compile(r"[,;]\s*\p{L}[\p{L}.\- ]{0,30}:\s")
_WORDS_BEFORE = regex.compile(r"(?:[\p{L}\-.]+[ \t]+){1,3}$")
_INSERT = regex.compile(
    r"(?i:insert\s+into)\s+[\w.\"`]+\s*\((?P<cols>[^)]{1,500})\)\s*(?i:values)\s*(?P<rows>(?:\([^;]{1,2000}?\)\s*,?\s*)+)",
)
_ROW = regex.compile(r"\(((?:[^()'\"]|'[^']*'|\"[^\"]*\")*)\)")
_CELL = regex.compile(r"\s*('(?:[^']|'')*'|\"[^\"]*\"|[^,]*)\s*(?:,|$)")


def normalise_key(key: str) -> str:
    """'Geb.-Datum' -> 'gebdatum', 'first_name' -> 'firstname', 'Vor- und Nachname' -> 'vorundnachname'."""
    return "".join(c for c in key.lower() if c.isalnum())


def field_values(text: str, keys: frozenset[str]) -> Iterator[tuple[int, int]]:
    """(start, end) of the values of fields whose normalised name is in `keys`.

    A field name may be several words ("Angaben zur Person:", "Vor- und Nachname:").
    """
    pos = 0
    while True:
        match = _KEY_VALUE.search(text, pos)
        if match is None:
            break
        group = "qval" if match.group("qval") is not None else "val"
        start, end = match.span(group)
        if group == "val":
            cut = _NEXT_FIELD.search(text, start, end)
            if cut is not None:
                end = cut.start()
        pos = max(end, match.start() + 1)
        if not _is_key(text, match, keys):
            continue
        value = text[start:end]
        stripped = value.strip().rstrip(",;")
        if stripped:
            offset = value.index(stripped)
            yield start + offset, start + offset + len(stripped)
    if "nsert" in text or "NSERT" in text:
        yield from _insert_values(text, keys)


def _is_key(text: str, match: regex.Match[str], keys: frozenset[str]) -> bool:
    key = regex.sub(r"\s?\([^)]*\)$", "", match.group("key"))
    if normalise_key(key) in keys:
        return not (match.start() > 0 and text[match.start() - 1].isalnum())
    line_start = text.rfind("\n", 0, match.start()) + 1
    before = _WORDS_BEFORE.search(text, max(line_start, match.start() - 40), match.start())
    if before is None:
        return False
    words = before.group().split()
    return any(normalise_key("".join(words[-n:]) + key) in keys for n in range(1, len(words) + 1))


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
