"""Dates of birth, recognised by their context."""

from __future__ import annotations

import regex

from .base import RegexRecognizer
from .table import column_cells

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
        (rf"(?i:{CUE})[\s:,=\"']{{0,5}}(?:\(?(?:am|den)\s)?(?P<v>{DATE})", 0.9),
    ]

    HEADERS = frozenset({"geburtsdatum", "geb.", "geb.-datum", "geboren", "dob", "geburtstag", "geb", "geb. am",
                         "geboren am", "date_of_birth", "birth_date", "birthdate", "geb.datum"})

    def analyze(self, text, entities, nlp_artifacts=None):  # type: ignore[no-untyped-def]
        results = super().analyze(text, entities, nlp_artifacts)
        if "eburts" in text or "eb." in text or "DOB" in text or "birth" in text:
            for start, end in column_cells(text, self.HEADERS):
                if _DATE_ONLY.fullmatch(text, start, end):
                    results.append(self.result(start, end, 0.9))
        return results


_DATE_ONLY = regex.compile(DATE)
