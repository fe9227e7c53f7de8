"""Person names, from name lists, titles and forms of address, without a statistical model.

There is no German spaCy model on PyPI and a small model trained on generated text learns its
templates; so names are found by rules that a reviewer can read:

1. after a form of address or title (Herr, Frau, Familie, Dr., Prof., geb. …): the following
   capitalised tokens, skipping roles (`Frau Bürgermeisterin Dr. Anna Schmidt` → `Anna Schmidt`);
2. a token from the name lists, extended by particles (von, van, de, al-, El-) and by further
   capitalised tokens that are names or follow a first name (`Hans-Peter von der Heide`);
3. `Nachname, Vorname` (`Müller, Anna`);
4. runs of two or more capitalised Cyrillic or Greek words, or Arabic-script words;
5. lower-case first name + surname in chat-like text (`anna müller`), `herr/frau` + name;
6. every further occurrence of a token of a name found by 1–5 (`Frau Müller … Müller sagte`).

Knowingly not found: a surname alone that is also a common German word and has no title or
earlier mention (`Koch`, `Richter`, `Wolf`: see data/common_words.txt), names not in the lists
written in lower case, single unknown surnames without a title, nicknames.
"""

from __future__ import annotations

import bisect

import regex
from presidio_analyzer import LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from spacy.lang.de.stop_words import STOP_WORDS

from ..names import NameLists, load_name_lists
from .table import column_cells

TOKEN = regex.compile(r"[\p{L}\p{M}](?:[\p{L}\p{M}'’]|-(?=[\p{L}]))*")

TITLES = frozenset({
    "herr", "herrn", "frau", "fräulein", "familie", "fam.", "hr.", "fr.", "dr.", "prof.", "geb.",
    "geborene", "geborener", "verw.", "eheleute", "ehepaar", "mr.", "mrs.", "ms.", "kollege",
    "kollegin", "kollegen", "sachbearbeiter", "sachbearbeiterin", "ansprechpartner", "ansprechpartnerin",
    "mandant", "mandantin", "antragsteller", "antragstellerin", "patient", "patientin", "schüler",
    "schülerin", "mitarbeiter", "mitarbeiterin", "bewerber", "bewerberin", "kunde", "kundin",
    "sohn", "tochter", "ehemann", "ehefrau", "mann", "bruder", "schwester", "vater", "mutter", "enkel",
    "enkelin", "nachbar", "nachbarin", "neffe", "nichte", "cousin", "cousine", "partner", "partnerin",
    "lebensgefährte", "lebensgefährtin", "kind", "tante", "onkel", "oma", "opa", "schwager", "schwägerin",
    "gatte", "gattin", "namens",
})
STRONG_TITLES = frozenset({"herr", "herrn", "frau", "fräulein", "familie", "fam.", "hr.", "fr.", "dr.",
                           "prof.", "geb.", "geborene", "geborener", "eheleute", "ehepaar", "mr.", "mrs.", "ms."})
# Tokens between a title and the name: academic degrees and offices.
ROLES = frozenset({
    "dr.", "prof.", "med.", "jur.", "rer.", "nat.", "phil.", "pol.", "oec.", "dent.", "vet.", "dipl.", "ing.",
    "dipl.-ing.", "h.c.", "mag.", "ra", "bürgermeister", "bürgermeisterin", "oberbürgermeister",
    "oberbürgermeisterin", "minister", "ministerin", "präsident", "präsidentin", "direktor", "direktorin",
    "pfarrer", "pfarrerin", "professor", "professorin", "doktor", "abgeordnete", "abgeordneter", "stadtrat",
    "stadträtin", "landrat", "landrätin", "richter", "richterin", "staatsanwalt", "staatsanwältin",
    "rechtsanwalt", "rechtsanwältin", "kollege", "kollegin", "amtsleiter", "amtsleiterin", "referent",
    "referentin", "dezernent", "dezernentin", "senator", "senatorin", "notar", "notarin", "ministerialrat",
    "regierungsrat", "oberregierungsrat",
})
PARTICLES = frozenset({"von", "van", "der", "den", "de", "del", "della", "di", "da", "dos", "du", "la", "le",
                       "ter", "ten", "zu", "vom", "zum", "al", "el", "bin", "ibn", "abu", "ben", "mac", "ul"})
PREFIXES = ("al-", "el-", "ad-", "as-", "ash-", "ar-", "an-", "at-", "az-", "abu-", "bin-", "ben-", "ibn-",
            "d'", "d’", "o'", "o’", "de-", "van-", "von-")
NOUN_ENDINGS = ("ung", "heit", "keit", "schaft", "tion", "tät", "ment", "nis", "amt", "ämter", "straße",
                "strasse", "weg", "platz", "gasse", "allee", "büro", "zentrum", "center", "stelle", "behörde",
                "gericht", "kasse", "verwaltung", "ismus", "ieren", "ation", "ungen", "ungs", "gesetz", "recht",
                "ordnung", "bescheid", "antrag", "vertrag", "verfahren", "leistung", "gebühr", "ministerium",
                "dienst", "haus", "werk", "markt", "wesen", "bank", "schule", "arbeit", "ärztin", "arzt",
                "museum", "institut", "dorf", "gymnasium", "klinikum", "krankenhaus", "halle", "stadion", "ring",
                "damm", "str", "ufer", "brücke", "preis", "stiftung", "kita", "service", "amt", "quartier")
TABLE_HEADERS = frozenset({
    "name", "nachname", "vorname", "familienname", "vor- und nachname", "vollständiger name", "mitarbeiter",
    "mitarbeiterin", "ansprechpartner", "teilnehmer", "teilnehmerin", "antragsteller", "kunde", "person",
    "geburtsname", "rufname", "vorname(n)", "name, vorname", "full_name", "first_name", "last_name", "firstname",
    "lastname", "surname", "sachbearbeiter", "sachbearbeiterin", "bewerber", "patient", "schüler", "kind",
})
NOT_AFTER_TITLE = frozenset({"damen", "herren", "kollegen", "kolleginnen", "und", "oder", "bitte", "sehr",
                             "geehrte", "geehrter", "liebe", "lieber", "doktor", "professor"})


def _is_cap(token: str) -> bool:
    first = token[0]
    return first.isupper() or not first.islower()


def _script(token: str) -> str:
    ch = token[0]
    code = ord(ch)
    if 0x0400 <= code <= 0x04FF:
        return "cyrillic"
    if 0x0370 <= code <= 0x03FF or 0x1F00 <= code <= 0x1FFF:
        return "greek"
    if 0x0600 <= code <= 0x06FF or 0x0750 <= code <= 0x077F or 0xFB50 <= code <= 0xFEFF:
        return "arabic"
    return "latin"


class PersonRecognizer(LocalRecognizer):
    """Person names in German text (rules above); see the module docstring for what is missed."""

    ENTITY = "PERSON"

    def __init__(self, names: NameLists | None = None) -> None:
        self.names = names or load_name_lists()
        super().__init__(supported_entities=[self.ENTITY], supported_language="de", name="PersonRecognizer")

    def load(self) -> None:
        """The name lists are loaded once per process by `load_name_lists`."""

    # -- token classification -------------------------------------------------------------
    def _name_like(self, tok: str) -> bool:
        """A capitalised token that could be part of a name (not a noun-ish word)."""
        if tok.lower().startswith(PREFIXES) and len(tok) > 4 and _is_cap(tok.split("-", 1)[-1]):
            return True
        if not _is_cap(tok) or len(tok) < 2 or tok.endswith("."):
            return False
        low = tok.lower()
        if low.endswith(NOUN_ENDINGS) and not self.names.is_known(tok):
            return False
        if tok.isupper() and len(tok) <= 3:
            return False
        return not self.names.is_common_word(tok)

    def _after_particle(self, tok: str) -> bool:
        """After von/van/de/al any capitalised word is a name part ("von der Heide")."""
        return _is_cap(tok) and len(tok) > 1 and not tok.isupper() and not tok.lower().endswith(NOUN_ENDINGS)

    def _known(self, tok: str) -> bool:
        if tok.isupper() and len(tok) > 1:
            return False  # acronyms (IBAN, AOK); all-caps names are found after a title only
        if tok.lower().startswith(PREFIXES):
            rest = tok.split("-", 1)[-1] if "-" in tok else tok[2:]
            return bool(rest) and _is_cap(rest)
        if self.names.is_known(tok) or self.names.has_surname_shape(tok):
            return True
        if "-" in tok:
            parts = tok.split("-")
            if any(p.isupper() for p in parts if len(p) > 1):
                return False  # Steuer-ID, E-Mail-Adresse
            return all(_is_cap(p) for p in parts if p) and any(self.names.is_known(p) for p in parts) and not any(
                p.lower().endswith(NOUN_ENDINGS) for p in parts
            )
        return False

    def _first(self, tok: str) -> bool:
        if "-" in tok:
            return all(self.names.is_first_name(p) for p in tok.split("-") if p)
        return self.names.is_first_name(tok)

    # -- analysis ---------------------------------------------------------------------------
    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        tokens = [(m.start(), m.end(), m.group()) for m in TOKEN.finditer(text)]
        spans: list[tuple[int, int, float]] = []
        i = 0
        n = len(tokens)
        while i < n:
            found = self._at(text, tokens, i)
            if found is None:
                i += 1
                continue
            first, last, score = found
            spans.append((tokens[first][0], tokens[last][1], score))
            i = last + 1
        spans.extend(self._table_cells(text))
        spans.extend(self._mentions(text, tokens, spans))
        return [RecognizerResult(self.ENTITY, s, e, sc) for s, e, sc in spans]

    def _table_cells(self, text: str) -> list[tuple[int, int, float]]:
        if "ame" not in text and "eilnehm" not in text and "itarbeit" not in text:
            return []
        return [
            (s, e, 0.8) for s, e in column_cells(text, TABLE_HEADERS)
            if any(c.isalpha() for c in text[s:e]) and "@" not in text[s:e]
        ]

    def _gap_ok(self, text: str, tokens: list, a: int, b: int) -> bool:
        """Tokens a and b are neighbours within one name: only a space (or a hyphen) between."""
        gap = text[tokens[a][1] : tokens[b][0]]
        return gap in (" ", "-", "\u00a0")

    def _at(self, text: str, tokens: list, i: int) -> tuple[int, int, float] | None:
        start, end, tok = tokens[i]
        low = tok.lower()
        n = len(tokens)
        if low in TITLES or (low + "." in TITLES and text[end : end + 1] == "."):
            return self._after_title(text, tokens, i, strong=low in STRONG_TITLES or low + "." in STRONG_TITLES)
        script = _script(tok)
        if script != "latin":
            return self._foreign_script(text, tokens, i, script)
        if not _is_cap(tok):
            return self._lower_case(tokens, i)
        known = self._known(tok)
        if (
            not known
            and i + 1 < n
            and self._name_like(tok)
            and len(tok) > 2
            and self._gap_ok(text, tokens, i, i + 1)
            and self._name_like(tokens[i + 1][2])
            and (self.names.is_surname(tokens[i + 1][2]) or self.names.has_surname_shape(tokens[i + 1][2])
                 or tokens[i + 1][2].lower().startswith(PREFIXES))
            and not self.names.is_first_name(tokens[i + 1][2])
        ):
            return i, self._extend(text, tokens, i + 1, has_first=True), 0.75
        if not known:
            # "Nachname, Vorname" with an unknown surname
            if (
                i + 1 < n
                and self._name_like(tok)
                and text[end : tokens[i + 1][0]] == ", "
                and self._first(tokens[i + 1][2])
                and self._name_like(tokens[i + 1][2])
                and (i + 2 >= n or not _is_cap(tokens[i + 2][2]) or text[tokens[i + 1][1]] != " ")
            ):
                return i, i + 1, 0.7
            return None
        last = self._extend(text, tokens, i, has_first=self._first(tok))
        if last > i:
            return i, last, 0.85
        # a single token from the lists
        if not self._name_like(tok) or len(tok) < 3:
            return None
        if i + 1 < n and text[end : tokens[i + 1][0]] == ", " and self._first(tokens[i + 1][2]) and self._name_like(
            tokens[i + 1][2]
        ):
            return i, i + 1, 0.8  # Müller, Anna
        return i, i, 0.65

    def _extend(self, text: str, tokens: list, i: int, has_first: bool) -> int:
        """Index of the last token of a name starting at i."""
        last = i
        j = i + 1
        n = len(tokens)
        while j < n and j - i < 6 and self._gap_ok(text, tokens, j - 1, j):
            tok = tokens[j][2]
            if tok.lower() in PARTICLES and not _is_cap(tok):
                # a particle counts only if a capitalised name token follows
                k = j
                while k + 1 < n and tokens[k + 1][2].lower() in PARTICLES and self._gap_ok(text, tokens, k, k + 1):
                    k += 1
                if k + 1 < n and self._gap_ok(text, tokens, k, k + 1) and self._after_particle(tokens[k + 1][2]):
                    last = j = k + 1
                    j += 1
                    continue
                break
            if not self._name_like(tok):
                if has_first and _is_cap(tok) and self.names.is_surname(tok) and not tok.isupper():
                    last = j  # "Jost Graf", "Anna Koch": a common word as surname after a first name
                    j += 1
                    continue
                break
            if self._known(tok) or has_first:
                last = j
                has_first = has_first or self._first(tok)
                j += 1
                continue
            if has_first and self.names.is_surname(tok) and not tok.lower().endswith(NOUN_ENDINGS):
                last = j
                has_first = has_first or self._first(tok)
                j += 1
                continue
            break
        return last

    def _after_title(self, text: str, tokens: list, i: int, strong: bool) -> tuple[int, int, float] | None:
        n = len(tokens)
        j = i + 1
        while j < n and (tokens[j][2].lower() in ROLES or tokens[j][2].lower() + "." in ROLES):
            j += 1
        if j >= n or j - i > 6:
            return None
        if text[tokens[j - 1][1] : tokens[j][0]].strip(" .\u00a0") not in ("",):
            return None  # a line break or punctuation between title and name
        tok = tokens[j][2]
        if tok.lower() in NOT_AFTER_TITLE:
            return None
        if tok.lower() in PARTICLES and not _is_cap(tok):
            k = j
            while k + 1 < n and tokens[k + 1][2].lower() in PARTICLES:
                k += 1
            if k + 1 < n and self._after_particle(tokens[k + 1][2]):
                return j, self._extend(text, tokens, k + 1, has_first=True), 0.9
            return None
        if _is_cap(tok):
            if not strong and not self._known(tok):
                return None
            if (self.names.is_common_word(tok) and not self._known(tok)) or tok.endswith("."):
                return None
            low = tok.lower()
            if low.endswith(NOUN_ENDINGS) and not self._known(tok):
                return None
            return j, self._extend(text, tokens, j, has_first=True), 0.9
        # lower case after a title (chat): only names from the lists
        if strong and self._known(tok.capitalize()) and len(tok) > 2:
            last = j
            if j + 1 < n and self._gap_ok(text, tokens, j, j + 1) and self._known(tokens[j + 1][2].capitalize()):
                last = j + 1
            return j, last, 0.8
        return None

    def _foreign_script(self, text: str, tokens: list, i: int, script: str) -> tuple[int, int, float] | None:
        n = len(tokens)
        j = i
        while j + 1 < n and j - i < 3 and _script(tokens[j + 1][2]) == script and self._gap_ok(text, tokens, j, j + 1):
            if script != "arabic" and not _is_cap(tokens[j + 1][2]):
                break
            j += 1
        tok = tokens[i][2]
        if j > i and (script == "arabic" or _is_cap(tok)):
            return i, j, 0.8
        if self.names.is_known(tok):
            return i, i, 0.7
        return None

    def _lower_case(self, tokens: list, i: int) -> tuple[int, int, float] | None:
        tok = tokens[i][2]
        if len(tok) >= 6 and self.names.has_surname_shape(tok) and not self.names.is_common_word(tok.capitalize()):
            return i, i, 0.6
        if i + 1 >= len(tokens) or len(tok) < 3:
            return None
        nxt = tokens[i + 1][2]
        if (
            nxt.islower()
            and len(nxt) > 2
            and self.names.is_first_name(tok.capitalize())
            and self.names.is_surname(nxt.capitalize())
            and not self.names.is_common_word(tok.capitalize())
            and not self.names.is_common_word(nxt.capitalize())
            and tokens[i][1] + 1 == tokens[i + 1][0]
        ):
            return i, i + 1, 0.7
        return None

    def _mentions(self, text: str, tokens: list, spans: list[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
        """Further occurrences of the tokens of names already found (surname used alone)."""
        if not spans:
            return []
        parts: set[str] = set()
        for s, e, _ in spans:
            for m in TOKEN.finditer(text, s, e):
                tok = m.group()
                if len(tok) > 2 and tok.lower() not in PARTICLES and _is_cap(tok) and not tok.endswith("."):
                    parts.add(tok)
                    if tok.endswith("s") and tok[:-1] in self.names.surnames:
                        parts.add(tok[:-1])
        covered = [(s, e) for s, e, _ in spans]
        covered.sort()
        cover_starts = [s for s, _ in covered]
        extra: list[tuple[int, int, float]] = []
        starts = {s for s, _ in covered}
        lowered = {
            p.lower() for p in parts
            if len(p) > 3 and not self.names.is_common_word(p) and p.lower() not in STOP_WORDS
        }
        for start, end, tok in tokens:
            base = tok[:-1] if tok.endswith("s") and tok[:-1] in parts else tok
            if (base not in parts and tok.lower() not in lowered) or start in starts:
                continue
            k = bisect.bisect_right(cover_starts, start) - 1
            if k >= 0 and covered[k][0] <= start < covered[k][1]:
                continue
            extra.append((start, end, 0.8))
        return extra
