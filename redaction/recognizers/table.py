"""Cells of a named column in delimited tables (CSV, TSV, pipes) pasted into a prompt.

In a table the context word ("Geburtsdatum", "Nachname") stands in the header, far from the
value; recognizers use this to find the values of the columns they care about.
"""

from __future__ import annotations

from collections.abc import Iterator

DELIMITERS = (";", "\t", "|", ",")


def column_cells(text: str, headers: frozenset[str]) -> Iterator[tuple[int, int]]:
    """(start, end) of each non-empty cell below a header cell named in `headers` (lower case).

    A table ends at an empty line or a line with fewer cells; quotes around cells are skipped.
    Cells containing the delimiter inside quotes are not supported (the row is then misread).
    """
    columns: list[int] = []
    delimiter = ""
    pos = 0
    for line in text.splitlines(keepends=True):
        row = line.rstrip("\r\n")
        if not columns:
            for delim in DELIMITERS:
                cells = row.split(delim)
                # a form line "Name, Vorname: X" is no header row
                if len(cells) > 1 and not any(":" in c.strip(' "').rstrip(":") for c in cells):
                    columns = [i for i, c in enumerate(cells) if c.strip().strip('"').lower() in headers]
                    if columns:
                        delimiter = delim
                        break
        else:
            cells = row.split(delimiter)
            if not row.strip() or len(cells) <= max(columns):
                columns = []
            else:
                offsets = [0]
                for cell in cells:
                    offsets.append(offsets[-1] + len(cell) + len(delimiter))
                for col in columns:
                    cell = cells[col]
                    stripped = cell.strip().strip('"').strip()
                    if stripped:
                        start = pos + offsets[col] + cell.index(stripped)
                        yield start, start + len(stripped)
        pos += len(line)
