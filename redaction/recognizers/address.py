"""Street addresses: street and house number, optionally followed by PLZ and city."""

from __future__ import annotations

import regex
from presidio_analyzer import RecognizerResult

from .base import RegexRecognizer

SUFFIX = (
    r"(?:straße|strasse|str\.|str\b|weg|gasse|platz|allee|ring|damm|ufer|chaussee|steig|pfad|markt"
    r"|garten|graben|wall|kamp|anger|stieg|twiete|zeile|promenade|winkel|siedlung|kai|deich|bogen"
    r"|hof|berg|feld|park|höhe|aue|wiese|gässle|steige|leite|stiege|gässchen|grund|passage|hain|reihe|stern)"
)
TYPE_WORD = (
    r"(?:Straße|Strasse|Str\.|Weg|Gasse|Platz|Allee|Ring|Damm|Ufer|Chaussee|Steig|Pfad|Markt|Promenade"
    r"|Kai|Wall|Graben|Tor|Brücke|Berg|Hof|Park|Garten|Feld|Anger|Siedlung|Zeile|Winkel|Reihe|Stern|Höhe)"
)
PREPOSITION = (
    r"(?:Am|An der|An den|An dem|Auf der|Auf dem|Auf den|Im|In der|In den|Zum|Zur|Unter den|Hinter der"
    r"|Hinter dem|Vor dem|Vor der|Bei der|Beim|Alt|Alte|Alter|Neue|Neuer|Große|Großer|Kleine|Kleiner|Obere|Oberer"
    r"|Untere|Unterer|Lange|Langer|Hohe|Hoher|Breite|Breiter|Alt-|Neu-)"
)
CAP = r"\p{Lu}[\p{L}'’]*"
STREET = (
    rf"(?:(?<![\p{{L}}\d-]){CAP}(?:-[\p{{L}}'’]+)*?-?(?i:{SUFFIX})"  # Hauptstraße, Karl-Marx-Allee
    r"|(?<![\p{L}\d-])\p{Ll}[\p{L}-]*?(?:straße|strasse|str\.|weg|gasse|allee|ufer|chaussee|pfad|steig)"  # chat
    rf"|(?<![\p{{L}}\d-])(?:{CAP}[ -]){{1,2}}{TYPE_WORD}(?:\s(?:des|der|vom)\s[\d.]*\s?{CAP})?"  # Berliner Straße
    rf"|(?<![\p{{L}}\d-])Straße\s(?:des|der)\s(?:\d{{1,2}}\.\s)?{CAP}"  # Straße des 17. Juni
    rf"|(?<![\p{{L}}\d-]){PREPOSITION}(?:(?<=-)|\s){CAP}(?:[ -]{CAP})?)"  # Am Ring, Unter den Linden, Alt-Moabit
)
NUMBER = r"\d{1,4}(?:\s?[a-zA-Z](?![\p{L}]))?(?:\s?[-/]\s?\d{1,4}[a-zA-Z]?(?![\p{L}]))?"
CITY = (
    r"(?:(?:Bad|St\.|Sankt)\s)?\p{L}[\p{L}-]*"
    r"(?:\s(?:am|an der|im|in der|ob der|vor der|bei)\s\p{Lu}[\p{L}-]*|/\p{Lu}[\p{L}-]*|\s\(\p{Lu}[\p{L}.]*\))?"
)
PLZ_CITY = rf"(?:,?[ \t]*\n?[ \t]*|,[ \t]*|[ \t]+)(?:D-)?\d{{5}}[ \t]+{CITY}"

# Words after a preposition form that are not streets ("Im Jahr 2024", "Zur Anlage 2").
NOT_STREETS = frozenset(
    "Jahr Jahre Monat Tag Ende Anfang Rahmen Falle Fall Auftrag Namen Zeitraum Raum Zimmer Kapitel"
    " Abschnitt Anlage Paragraph Absatz Artikel Punkt Schritt Teil Gebäude Stock Büro Block Seite"
    " Termin Quartal Alter Bereich Verfahren Vorgang Antrag Schreiben Bescheid Wert Betrag Umfang"
    " Moment Vergleich Durchschnitt Gesamten Ergebnis Laufe Anschluss Zuge Sinne Hinblick Haus Saal Gleis"
    " Stand Tarif Level Version Team Projekt Kurs Gruppe Jahrgang Schuljahr Semester".split()
)
# Compounds with a street suffix that are everyday words.
NOT_STREET_WORDS = frozenset(
    "Arbeitsmarkt Binnenmarkt Wohnungsmarkt Ausweg Rückweg Umweg Heimweg Bildungsweg Rechtsweg"
    " Verwaltungsweg Dienstweg Postweg Bahnhof Friedhof Hinterhof Innenhof Vorgarten Kindergarten"
    " Spielplatz Arbeitsplatz Parkplatz Marktplatz Stellplatz Sportplatz Schulhof Betriebshof"
    " Umfeld Vorfeld Arbeitsfeld Handlungsfeld Tätigkeitsfeld Aufgabenfeld Fuhrpark Maschinenpark".split()
)

_UNIT_AFTER = regex.compile(
    r"\s?(?:€|EUR\b|Euro\b|%|Prozent|Stück|km\b|m\b|m²|qm\b|Jahre|Tage|Monate|Wochen|Stunden|Minuten"
    r"|Personen|Mitarbeit|Plätze|Fälle|Seiten)",
    regex.IGNORECASE,
)
# What a street name and the gap before its house number consist of (letters, spaces, dots, hyphens,
# apostrophes; see STREET and the separator in the pattern): so an address starts at a word inside
# such a run of characters that ends at a digit.
_RUN_BEFORE_DIGIT = regex.compile(r"(?<![\p{L}'’.\s-])[\p{L}'’.\s-]++(?=\d)")
_WORD_START = regex.compile(r"(?<![\p{L}\d-])\p{L}")


class AddressRecognizer(RegexRecognizer):
    """A street with a house number, optionally followed by PLZ and city on the same or next line.

    Accepts: `Hauptstraße 12a`, `Hauptstr. 5`, `Karl-Marx-Allee 101, 10243 Berlin`,
    `Berliner Straße 7`, `Am Ring 3`, `Unter den Linden 5`, `Straße des 17. Juni 100`,
    `Pamela-Schuchhardt-Weg 47/64\\n77546 Säckingen`, `Lindenweg 3-5`, `Hauptstr.12`, `Hauptstraße Nr. 12`.
    Knowingly not accepted: a street without a house number (`die Baustelle in der
    Hauptstraße`: not personal), PLZ and city alone, postbox addresses (`Postfach 12 34 56`),
    streets without a recognisable suffix or preposition (`Zeil 5`), foreign address formats
    with the number first (`12 Baker Street`).
    """

    ENTITY = "ADDRESS"
    PATTERNS = [(
        rf"(?P<v>(?P<street>{STREET})(?:\s(?:Nr\.\s?)?|(?<=str\.))(?P<num>{NUMBER})"
        rf"(?!\d|[.,]\d{{1,2}}(?!\d))(?P<city>{PLZ_CITY})?)", 0.85,
    )]

    def analyze(self, text, entities, nlp_artifacts=None):  # type: ignore[no-untyped-def]
        """Leftmost matches, as a search would find them, but tried only where an address can start.

        Searching tries the long pattern at every word of the text (~0.4 ms per KB); most words
        are not followed by a digit without a comma or bracket in between, and cannot start one.
        An implausible match does not hide a later one that starts inside it.
        """
        results: list[RecognizerResult] = []
        pattern = self._compiled[0][0]
        pos = 0
        for start in _possible_starts(text):
            if start < pos:
                continue
            match = pattern.match(text, start)
            if match is not None and self._plausible(text, match):
                results.append(self.result(match.start(), match.end(), 0.85))
                pos = match.end()
        return results

    @staticmethod
    def _plausible(text: str, match: regex.Match[str]) -> bool:
        street = match.group("street")
        words = street.split()
        if len(words) >= 2 and words[-1] in NOT_STREETS:
            return False
        if words[-1].split("-")[-1] in NOT_STREET_WORDS:
            return False
        number = match.group("num")
        digits = "".join(c for c in number if c.isdigit())
        if len(digits) == 4 and digits[:2] in {"19", "20"} and not match.group("city"):
            return False
        return not (match.group("city") is None and _UNIT_AFTER.match(text, match.end()))


def _possible_starts(text: str) -> list[int]:
    """Word starts in runs of street characters that end at a digit, in text order (linear time)."""
    return [
        word.start()
        for run in _RUN_BEFORE_DIGIT.finditer(text)
        for word in _WORD_START.finditer(text, run.start(), run.end())
    ]
