"""Dates of birth, recognised by their context."""

from __future__ import annotations

from .base import RegexRecognizer

MONTHS = (
    r"(?:Januar|Jänner|Februar|März|Maerz|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember"
    r"|Jan|Feb|Mär|Mrz|Apr|Jun|Jul|Aug|Sep|Sept|Okt|Nov|Dez)\.?"
)
DATE = (
    r"(?:\d{1,2}\.\s?\d{1,2}\.\s?(?:19|20)?\d{2}(?!\d)"
    rf"|\d{{1,2}}\.?\s?{MONTHS}\s?(?:19|20)\d{{2}}"
    r"|(?:19|20)\d{2}-\d{2}-\d{2}"
    r"|\d{1,2}/\d{1,2}/(?:19|20)\d{2})"
)
CUE = (
    r"(?:\bgeb(?:\.|oren)(?:\s?am|\s?den)?|\bGeb\.?-?(?:Datum|Dat\.)|\bGeburtsdatum|\bGeburtstag|\bgeb\.-?dat(?:um)?"
    r"|\bDOB|\bdate of birth|\bborn(?:\s+on)?|\*|\bGeburtsdaten|\bGeb\.|\bgeboren\s+(?:am\s+)?(?:den\s+)?)"
)


class DateOfBirthRecognizer(RegexRecognizer):
    """A date right after a birth cue: geb., geboren am, Geburtsdatum, Geb.-Datum, *, DOB.

    Accepts: `geb. 03.04.1985`, `geboren am 3. April 1985`, `* 03.04.1985`,
    `Geburtsdatum: 1985-04-03`, `geb. am 3.4.85`, also in CSV rows whose header names a
    Geburtsdatum column (the date in that column).
    Knowingly not accepted: dates without a birth cue (deadlines, `Schreiben vom 12.03.2024`),
    ages (`38 Jahre`), a year alone (`Jahrgang 1985`).
    """

    ENTITY = "DATE_OF_BIRTH"
    FLAGS = 0
    PATTERNS = [
        (rf"(?i:{CUE})[\s:,]{{0,3}}(?:\(?(?:am|den)\s)?(?P<v>{DATE})", 0.9),
    ]

    def analyze(self, text, entities, nlp_artifacts=None):  # type: ignore[no-untyped-def]
        results = super().analyze(text, entities, nlp_artifacts)
        if "eburtsdat" in text or "Geb." in text or "geb." in text or "DOB" in text:
            results.extend(self._table_column(text))
        return results

    def _table_column(self, text: str) -> list:
        """Dates in the Geburtsdatum column of a delimited table (CSV, TSV, pipes)."""
        import regex

        found = []
        column: int | None = None
        delimiter = ""
        pos = 0
        date_re = regex.compile(rf"^\s*\"?({DATE})\"?\s*$")
        for line in text.splitlines(keepends=True):
            stripped = line.rstrip("\r\n")
            if column is None:
                for delim in (";", "\t", "|", ","):
                    cells = stripped.split(delim)
                    if len(cells) > 1:
                        for i, cell in enumerate(cells):
                            low = cell.strip().strip('"').lower()
                            if low in {"geburtsdatum", "geb.", "geb.-datum", "geboren", "dob", "geburtstag",
                                       "geb", "geb. am", "geboren am", "date_of_birth", "birth_date"}:
                                column, delimiter = i, delim
                                break
                    if column is not None:
                        break
            else:
                cells = stripped.split(delimiter)
                if len(cells) <= column:
                    if not stripped.strip():
                        column = None
                else:
                    offset = pos + sum(len(c) + len(delimiter) for c in cells[:column])
                    m = date_re.match(cells[column])
                    if m:
                        found.append(self.result(offset + m.start(1), offset + m.end(1), 0.9))
            pos += len(line)
        return found
