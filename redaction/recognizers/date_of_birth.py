"""Dates of birth, recognised by their context: a birth cue before or after the date, or a field name."""

from __future__ import annotations

import bisect

import regex
from presidio_analyzer import RecognizerResult

from .base import RegexRecognizer
from .fields import field_values
from .table import column_cells

MONTHS = (
    r"(?:Januar|Jänner|Februar|März|Maerz|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember"
    r"|January|February|March|May|June|July|October|December"
    r"|Jan|Feb|Mär|Mrz|Apr|Jun|Jul|Aug|Sep|Sept|Okt|Oct|Nov|Dez|Dec)\.?"
)
YEAR = r"(?:19|20)\d{2}"
DATE = (
    r"(?:(?<![\d.])\d{1,2}\.\s?\d{1,2}\.\s?(?:19|20)?\d{2}(?![\d])"  # 03.04.1985, 3.4.85, 03. 04. 1985
    rf"|(?<!\d)\d{{1,2}}\.?\s?{MONTHS}\s?,?\s?{YEAR}(?!\d)"  # 3. April 1985, 3.April 1985, 3 Apr 1985
    rf"|(?<![\d-]){YEAR}-\d{{1,2}}-\d{{1,2}}(?![\d-])"  # 1985-04-03
    rf"|(?<![\d/]){YEAR}/\d{{1,2}}/\d{{1,2}}(?![\d/])"  # 1985/04/03
    r"|(?<![\d/])\d{1,2}/\d{1,2}/(?:19|20)?\d{2}(?![\d/])"  # 03/04/1985
    rf"|(?<![\d-])\d{{1,2}}-\d{{1,2}}-{YEAR}(?![\d-])"  # 03-04-1985
    rf"|(?<!\d){MONTHS}\s\d{{1,2}}(?:st|nd|rd|th)?,?\s{YEAR}(?!\d)"  # April 3, 1985
    r")"
)
# A month and year, or a year alone: only right after a strong cue ("geboren im April 1985", "Jahrgang 1985").
PARTIAL = rf"(?:{MONTHS}\s{YEAR}|(?<![\d.,/-]){YEAR}(?![\d.,/-]))"

# Cues before the date. `*` counts only as a sign on its own ("* 03.04.1985", "(*3.4.85)").
CUE_BEFORE = regex.compile(
    r"(?i:\bgeb(?:\.|oren\b|urt(?:s\w*)?\b)|\bgeb\.?-?dat(?:um|\.)?|\bgebdat\b"
    r"|\bgeburtsd\.|\bgeb\.?-?tag\b|\bdob\b|\bd\.o\.b\.|\bdate\s+of\s+birth|\bbirth\s*date|\bbirthday|\bborn\b"
    r"|\bjahrgang\b|\bgeborene?[rn]?\b)"
    r"|(?:^|(?<=[(,;:\[]\s?)|(?<=\p{L}\s))\*\s?$",
    regex.MULTILINE,
)
STRONG_FOR_PARTIAL = regex.compile(r"(?i:\bgeb\.|\bgeboren\b|\bjahrgang\b|\bgeburtsjahr\b|\bborn\b|\bgeb\.?-?jahr)")
# Cues after the date: "am 3. April 1985 in Köln geboren", "kam am 03.04.2019 zur Welt".
CUE_AFTER = regex.compile(r"(?i:\bgeboren\b|\bzur\s+welt\b|\bborn\b|\bentbunden\b|\bgeburtstag\b)")
# Words between a cue and a date that make the date something else (a deadline, a letter date).
NOT_BETWEEN = regex.compile(
    r"(?i:\bbis\b|\bfrist|\bspätestens\b|\bvom\b|\bab\b|\bseit\b|\bzum\b|\bnachreich|\beinreich|\bvorleg|\btermin"
    r"|\bgültig|\bablauf|\bläuft\b|\bbescheid|\bschreiben\b|\bantrag|\beingang|\bumzug|\bgezogen|\bverstorben|\bgestorben"
    r"|\btod\b|\b†|\bheirat|\bverheiratet|\beingeschult|\beinreise|\beingereist)"
)
NOT_AFTER = regex.compile(r"(?i:\bbis\b|\bfrist|\bspätestens|\bvom\b|\bantrag|\bbescheid|\btermin|\bab\b)")
WINDOW_BEFORE = 45
WINDOW_AFTER = 45

FIELD_KEYS = frozenset({
    "geburtsdatum", "gebdatum", "geb", "gebam", "geboren", "geborenam", "dob", "dateofbirth", "birthdate",
    "birthday", "geburtstag", "gebdat", "geburtsdat", "geburt", "gebtag", "datumdergeburt", "tagdergeburt",
    "geburtsdatumdeskindes", "geburtsdatumkind", "kindgeburtsdatum", "birth", "geburtsdatumundort",
    "geburtsdatumort",
})
HEADERS = frozenset({"geburtsdatum", "geb.", "geb.-datum", "geboren", "dob", "geburtstag", "geb", "geb. am",
                     "geboren am", "date_of_birth", "birth_date", "birthdate", "geb.datum", "geb_datum", "gebdatum",
                     "geburts_datum", "date of birth", "birthday", "geb.-dat.", "geb.dat.", "gebdat"})


class DateOfBirthRecognizer(RegexRecognizer):
    """A date with a birth cue before it (same line, ≤ 45 characters) or after it, or in a birth-date field.

    Accepts: `geb. 03.04.1985`, `geboren am 3. April 1985`, `geb. in Köln am 3.4.85`, `* 03.04.1985`,
    `Geburtsdatum: 1985-04-03`, `Mein Geburtsdatum ist der 03/04/1985`, `DOB 1985-04-03`,
    `am 3. April 1985 in Köln geboren`, `kam am 03.04.2019 zur Welt`, `geboren im April 1985`,
    `Jahrgang 1985`, `geb. 1985`; dates in a Geburtsdatum/DOB column of a CSV table, a JSON/YAML field
    (`"geburtsdatum": "…"`, `dob: …`), a form line or an SQL INSERT column.
    Knowingly not accepted: dates without a birth cue (deadlines, `Schreiben vom 12.03.2024`), a cue
    separated from the date by a deadline word (`Geburtsurkunde bitte bis 30.06.2025`), ages (`38 Jahre`),
    a year alone without geb./geboren/Jahrgang, dates written in words (`dritter April`).
    """

    ENTITY = "DATE_OF_BIRTH"
    PATTERNS = [(DATE, 0.9), (PARTIAL, 0.7)]

    def analyze(self, text, entities, nlp_artifacts=None):  # type: ignore[no-untyped-def]
        results: list[RecognizerResult] = []
        seen: set[tuple[int, int]] = set()
        lowered = text.lower()
        if "geb" in lowered or "*" in text or "birth" in lowered or "dob" in lowered or "born" in lowered \
                or "jahrgang" in lowered or "zur welt" in lowered:
            full, partial = self._compiled[0][0], self._compiled[1][0]
            for match in full.finditer(text):
                if self._has_cue(text, match.start(), match.end()):
                    seen.add(match.span())
                    results.append(self.result(match.start(), match.end(), 0.9))
            full_spans = sorted(seen)
            full_starts = [s for s, _ in full_spans]
            for match in partial.finditer(text):
                k = bisect.bisect_right(full_starts, match.start()) - 1
                if k >= 0 and full_spans[k][1] > match.start():
                    continue  # part of a full date already found
                if self._has_cue(text, match.start(), match.end(), STRONG_FOR_PARTIAL, after=False):
                    seen.add(match.span())
                    results.append(self.result(match.start(), match.end(), 0.7))
        if "eburts" in text or "eb" in text or "DOB" in text or "dob" in text or "birth" in lowered:
            cells = list(column_cells(text, HEADERS)) + list(field_values(text, FIELD_KEYS))
            for start, end in cells:
                match = _DATE_ONLY.match(text, start, end) or _PARTIAL_ONLY.match(text, start, end)
                if match is not None and (match.start(), match.end()) not in seen:
                    seen.add(match.span())
                    results.append(self.result(match.start(), match.end(), 0.9))
        return results

    @staticmethod
    def _has_cue(
        text: str, start: int, end: int, cues: regex.Pattern[str] = CUE_BEFORE, after: bool = True
    ) -> bool:
        line_start = text.rfind("\n", 0, start) + 1
        window_start = max(line_start, start - WINDOW_BEFORE)
        before = text[window_start:start]
        last = None
        for last in cues.finditer(before):  # noqa: B007 - the last cue is the nearest one
            pass
        if last is not None:
            between = before[last.end():]
            if not NOT_BETWEEN.search(between) and not _DATE_ONLY.search(between):
                return True
        if not after:
            return False
        line_end = text.find("\n", end)
        window = text[end : min(end + WINDOW_AFTER, line_end if line_end >= 0 else len(text))]
        cue = CUE_AFTER.search(window)
        return cue is not None and not NOT_AFTER.search(window, 0, cue.start()) and not _DATE_ONLY.search(
            window, 0, cue.start()
        )


_DATE_ONLY = regex.compile(DATE)
_PARTIAL_ONLY = regex.compile(PARTIAL)
