"""The name lists and the word lists that keep ordinary words from being taken for names.

Loaded once per process from `redaction/data/` (built by `data/build_names.py`, sources in
`data/SOURCES.md`). Lookups are exact and case-sensitive, with a fallback for all-caps
tokens (`MÜLLER`) and genitive endings (`Müllers`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from spacy.lang.de.stop_words import STOP_WORDS

DATA = Path(__file__).parent / "data"


def _read(name: str) -> frozenset[str]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


SURNAME_ENDINGS = (
    "owa", "ewa", "owna", "ova", "ski", "ska", "sky", "skaja", "skij", "wicz", "witsch", "vić", "vic",
    "ić", "enko", "iuk", "juk", "tschuk", "czuk", "chuk", "czyk", "idis", "iadis", "opoulos",
    "opoulou", "akis", "oglu", "oğlu", "zadeh", "yan", "schwili", "dze", "ov", "ev", "uk", "yk",
)
# German words with those endings that must not count as surnames by shape.
_SHAPE_EXCEPTIONS = frozenset({
    "termin", "benzin", "medizin", "kamin", "magazin", "rosin", "disziplin", "ärztin", "kollegin", "termine",
    "mitarbeiterin", "bürgerin", "partnerin", "beamtin", "leiterin", "schülerin", "lehrerin", "nachbarin",
    "vertreterin", "antragstellerin", "präsidentin", "ministerin", "richterin", "sachbearbeiterin", "chefin",
    "freundin", "kundin", "patientin", "vermieterin", "mieterin", "inhaberin", "bewerberin", "referentin",
    "stadtbibliothek", "bibliothek", "fabrik", "technik", "politik", "musik", "klinik", "republik", "logik",
    "kritik", "statistik", "praxis", "dezember", "januar", "glück", "block", "check", "scheck", "projekt",
    "objekt", "zweck", "stück", "gepäck", "stock", "hannover", "grundbuch", "ausweis", "nachweis", "hinweis",
    "beweis", "verweis", "schwein", "verein", "stein", "wein", "bahn", "sohn", "lohn", "plan", "februar",
    "tourismus", "urlaub", "betrieb", "begin", "online", "routine", "maschine", "kantine", "vitamin",
    "berlin", "schwerin", "stettin", "karin", "kerstin", "martin", "kevin", "erwin", "edwin", "marvin",
    "kathrin", "katrin", "sabine", "delphin", "heroin", "insulin", "kabine", "marine", "linie", "gardine",
    "baden", "essen", "bremen", "ludwigshafen", "doktorin", "professorin", "direktorin", "autorin",
})


# Letters of Turkish, Polish, Czech, Croatian, Romanian, Baltic or Icelandic spelling that no German word
# uses: a capitalised token with one of them is a foreign name far more often than anything else.
FOREIGN_LETTERS = frozenset("ıİğĞşŞłŁąĄęĘśŚźŹżŻćĆńŃřŘčČšŠžŽđĐěĚůŮăĂșȘțȚţŢėĖųŲūŪįĮļĻņŅķĶģĢðÐþÞ")


@dataclass(frozen=True)
class NameLists:
    first_names: frozenset[str]
    surnames: frozenset[str]
    not_names: frozenset[str]
    lower_words: frozenset[str] = frozenset()
    lower_nouns: frozenset[str] = frozenset()

    def is_first_name(self, token: str) -> bool:
        return self._lookup(token, self.first_names)

    def is_surname(self, token: str) -> bool:
        return self._lookup(token, self.surnames)

    def is_known(self, token: str) -> bool:
        return self.is_first_name(token) or self.is_surname(token)

    def has_surname_shape(self, token: str) -> bool:
        """Endings that mark Slavic, Greek, Turkish, Persian surnames whatever the transliteration."""
        low = token.lower()
        return (
            len(low) > 4 and low.endswith(SURNAME_ENDINGS) and low not in _SHAPE_EXCEPTIONS
            and token not in self.not_names
        )

    def has_foreign_letters(self, token: str) -> bool:
        return any(c in FOREIGN_LETTERS for c in token) and token not in self.not_names

    def is_lower_name(self, token: str) -> bool:
        """A lower-case token ("polina", "puljiz") that is a listed name and no ordinary word.

        Chat writers drop capitals; `lower_words` (built by build_words.py) holds the listed
        names that are also German or English words ("klein", "will"), which stay words.
        """
        if (
            len(token) < 3 or not token.islower() or token in self.lower_words or token in self.lower_nouns
            or token in STOP_WORDS
        ):
            return False
        cap = token[0].upper() + token[1:]
        if cap in self.not_names:
            return False
        return cap in self.first_names or cap in self.surnames

    def is_common_word(self, token: str) -> bool:
        return token in self.not_names or (token.isupper() and token.capitalize() in self.not_names)

    @staticmethod
    def _lookup(token: str, names: frozenset[str]) -> bool:
        if token in names:
            return True
        if token.isupper() and len(token) > 3 and token.capitalize() in names:
            return True
        return token.endswith("s") and len(token) > 3 and token[:-1] in names


@cache
def load_name_lists() -> NameLists:
    stop = {w.capitalize() for w in STOP_WORDS} | set(STOP_WORDS)
    first = _read("first_names.txt") | _read("first_names_extra.txt")
    surnames = _read("surnames.txt")
    # Wiktionary surnames that are also common nouns ("Schulze", "Gebühr") count only in a name's
    # context, unless the curated lists already hold them (common_words.txt decides for those).
    noun_surnames = _read("surnames_wiktionary_nouns.txt")
    not_names = _read("common_words.txt") | _read("places.txt") | frozenset(stop) | (noun_surnames - surnames - first)
    return NameLists(
        first_names=first | _read("first_names_wiktionary.txt"),
        surnames=surnames | _read("surnames_wiktionary.txt") | noun_surnames,
        not_names=not_names,
        lower_words=_read("name_words_lower.txt"),
        lower_nouns=_read("name_nouns_lower.txt"),
    )
