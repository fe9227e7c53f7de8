"""Person names, from name lists, titles, forms of address and context, without a statistical model.

There is no German spaCy model on PyPI and a small model trained on generated text learns its
templates; so names are found by rules that a reviewer can read:

1. after a form of address or title (Herr, Frau, Familie, Dr., Prof., geb. …): the following
   capitalised tokens, skipping roles (`Frau Bürgermeisterin Dr. Anna Schmidt` → `Anna Schmidt`);
2. a token from the name lists, extended by particles (von, van, de, zur, al-, El-) and by further
   capitalised tokens that are names or follow a first name (`Hans-Peter von der Heide`), by leading
   particles at a sentence start (`… 7586804. von Kurz gibt an`) and by initials (`J. Hoffmann`);
3. `Nachname, Vorname` (`Müller, Anna`);
4. runs of two or more capitalised Cyrillic or Greek words, or Arabic-script words; capitalised
   tokens with letters no German word has (`Kılıç`, `Đorđević`);
5. context: values of name fields (JSON/YAML keys, form lines, SQL INSERT columns: `"nachname": …`,
   `Angaben zur Person: …`), greetings (`Hallo Dorota,`, `hi ava,`), signatures under or beside a
   sign-off (`Mit freundlichen Grüßen / Im Auftrag / Name`, `gez. Brandt`), chat speakers
   (`[09:14] Amleto:`), `@Leonie`, a listed name that is also a word as the subject of a verb of
   speaking (`Adler hat angerufen`) or after von/mit/bei/laut before punctuation;
6. lower case in chat-like lines (no code characters): listed names that are no ordinary German or
   English word (`polina`, `puljiz`, `van boven`; see data/name_words_lower.txt), and
   lower-case first name + surname (`anna müller`), `herr/frau` + name;
7. every further occurrence of a token of a name found by 1–6, in any case (`Frau Müller … Müller sagte`).

Kept apart: nouns after an article (`die Kosten`, `an der Havel`), ordinary words capitalised at a
sentence start (`Beste Grüße`), names inside institution names (`Robert Koch-Institut`).
Knowingly not found: a surname alone that is also a common German word with no title, verb of
speaking or earlier mention (`Koch`, `Richter`, `Wolf`: see data/common_words.txt), unlisted names
in lower case outside greetings and chat speakers, single unknown surnames without context, nicknames.
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Callable

import regex
from presidio_analyzer import LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from spacy.lang.de.stop_words import STOP_WORDS
from spacy.lang.en.stop_words import STOP_WORDS as ENGLISH_STOP_WORDS

from ..names import NameLists, load_name_lists
from .fields import field_values
from .table import column_cells

# Letters and marks, joined by an apostrophe or hyphen before a letter ("O'Brien", "Hans-Peter").
TOKEN = regex.compile(r"[\p{L}\p{M}]+(?:['’\-]\p{L}[\p{L}\p{M}]*)*")

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
PARTICLES = frozenset({"von", "van", "der", "den", "dem", "de", "del", "della", "di", "da", "dos", "du", "la", "le",
                       "ter", "ten", "zu", "zur", "vom", "zum", "al", "el", "bin", "ibn", "abu", "ben", "mac", "ul"})
# Particles that, capitalised, start a name rather than a sentence ("Abu Bakr", "Van Boven", "De Luca").
LEADING_PARTICLES = frozenset({"abu", "al", "el", "van", "von", "de", "di", "ben", "ibn", "bin", "ter", "ten", "del",
                               "della", "dos", "mac"})
GREETINGS = frozenset({"hi", "hallo", "hey", "moin", "servus", "liebe", "lieber", "liebes", "hello", "dear", "hei",
                       "huhu", "salut", "ciao", "grüezi", "danke", "thx", "thanks", "morgen", "abend", "tag"})
# Words after a greeting that address a group, not a person.
NOT_ADDRESSEES = frozenset({
    "alle", "zusammen", "team", "leute", "kollegen", "kolleginnen", "damen", "herren", "allerseits", "miteinander",
    "grüße", "gruß", "ihr", "du", "sie", "nochmal", "everyone", "all", "there", "guys", "folks", "und", "an",
    "für", "schön", "sehr", "vielmals", "schon", "auch", "euch", "dir", "ihnen", "eltern", "bürgerinnen", "bürger",
    "mitarbeitende", "mitglieder", "freunde", "nachbarn", "gemeinde", "nochmals", "im", "in", "voraus",
    "sekretariat", "redaktion", "vorstand", "support", "helpdesk", "hotline", "allen",
}) | GREETINGS
# Field names (JSON/YAML keys, form labels, SQL columns; normalised) whose value is a person's name.
STRICT_NAME_KEYS = frozenset({
    "vorname", "vornamen", "nachname", "familienname", "geburtsname", "rufname", "firstname", "lastname", "surname",
    "givenname", "familyname", "vorundnachname", "namevorname", "nachnamevorname", "fullname", "vollername",
    "vollständigername", "nameantragsteller", "namedeskindes", "namekind", "ehepartner", "ehegatte",
})
NAME_KEYS = STRICT_NAME_KEYS | frozenset({
    "name", "antragsteller", "antragstellerin", "ansprechpartner", "ansprechpartnerin", "kontakt", "kontaktperson",
    "mitarbeiter", "mitarbeiterin", "sachbearbeiter", "sachbearbeiterin", "bearbeiter", "bearbeiterin", "absender",
    "empfänger", "empfängerin", "kunde", "kundin", "patient", "patientin", "person", "inhaber", "inhaberin",
    "kontoinhaber", "kontoinhaberin", "angabenzurperson", "personalien", "betroffener", "betroffene", "melder",
    "melderin", "anrufer", "anruferin", "verfasser", "verfasserin", "author", "autor", "owner", "assignee", "reporter",
    "zeuge", "zeugin", "mutter", "vater", "kind", "schüler", "schülerin", "bewerber", "bewerberin", "mieter",
    "mieterin", "vermieter", "vermieterin", "halter", "halterin", "fahrzeughalter", "fahrer", "fahrerin", "beteiligte",
    "beteiligter", "teilnehmer", "teilnehmerin", "displayname", "contact", "customer", "employee", "applicant",
    "erziehungsberechtigter", "erziehungsberechtigte", "vormund", "betreuer", "betreuerin", "unterzeichner",
    "user", "username", "benutzer", "benutzername", "nutzer", "nutzerin", "requester", "caller", "createdby",
    "erstelltvon", "bearbeitetvon", "eingereichtvon", "gemeldetvon", "reportedby", "assignedto", "zugewiesenan",
    "modifiedby", "geändertvon", "anfragende", "anfragender", "sender", "recipient", "from", "to", "von", "an", "cc",
})
_SIGN_OFF = regex.compile(
    r"(?im)^[ \t]*(?:(?:mit[ \t]+)?(?:(?:freundlich|best|herzlich|viel|lieb|schön|sonnig|kollegial)\w*[ \t]+)?"
    r"(?:grüßen|grüssen|grüße|grüsse|gruß|gruss|regards|wishes|hochachtungsvoll|mfg|vg|lg|bg|cheers|"
    r"vielen[ \t]+dank|danke|thx|thanks|im[ \t]+auftrag|in[ \t]+vertretung)\b[ \t]*[,.!]?"
    r"|gez\.|i\.[ \t]?a\.|i\.[ \t]?v\.)[ \t]*(?P<same>[^\n]{0,60})$"
)
_BEFORE_SIGNATURE = regex.compile(
    r"(?i)^[ \t]*(?:im auftrag|i\.\s?a\.|i\.\s?v\.|in vertretung|gez\.|ihr|ihre|euer|eure|dein|deine)[ \t]*,?[ \t]*$"
)
_SPEAKER = regex.compile(
    r"(?m)^[ \t]*(?:\[[^\]\n]{1,25}\][ \t]*|(?:\d{1,2}[./]\d{1,2}[./]\d{2,4},?[ \t]+)?\d{1,2}:\d{2}(?::\d{2})?[ \t]+"
    r"(?:-[ \t]+)?)<?"
    r"(?P<n>\p{L}[\p{L}\p{M}'’\-]*(?:[ \t]\p{L}[\p{L}\p{M}'’\-.]*){0,2})>?[ \t]*:[ \t]"
)
_MENTION = regex.compile(r"(?<![\w@.])@(?P<n>\p{L}[\p{L}\p{M}\-]+)")
ORGANISATION_ENDINGS = (
    "institut", "schule", "gymnasium", "stiftung", "haus", "klinik", "klinikum", "zentrum", "preis", "straße",
    "strasse", "platz", "allee", "weg", "ring", "kaserne", "museum", "bibliothek", "kita", "halle", "park", "brücke",
    "universität",
)
# Verbs whose subject is a person: a listed surname that is also a word counts as a name before them.
PERSON_VERBS = frozenset({
    "sagt", "sagte", "meint", "meinte", "bittet", "bat", "teilt", "teilte", "meldet", "meldete", "schreibt",
    "schrieb", "fragt", "fragte", "ruft", "rief", "erklärt", "erklärte", "berichtet", "berichtete", "wünscht",
    "wünschte", "schildert", "schilderte", "widerspricht", "widersprach", "beantragt", "beantragte", "bestätigt",
    "bestätigte", "unterschreibt", "unterschrieb", "antwortet", "antwortete", "telefoniert", "telefonierte",
    "beschwert", "beschwerte", "erscheint", "erschien", "übernimmt", "übernahm", "kümmert", "kümmerte",
    "informiert", "informierte", "entschuldigt", "entschuldigte", "klagt", "klagte",
})
PERSON_PARTICIPLES = frozenset({
    "angerufen", "gemeldet", "geschrieben", "gesagt", "gefragt", "beantragt", "mitgeteilt", "erklärt", "berichtet",
    "bestätigt", "widersprochen", "unterschrieben", "zurückgerufen", "vorgesprochen", "erschienen", "beschwert",
    "geantwortet", "telefoniert", "informiert", "übernommen", "gekümmert", "entschuldigt", "krankgemeldet",
})
# Words before a noun, not before a name used alone ("die Kosten", "der Havel", "seine Gebühr").
DETERMINERS = frozenset({
    "der", "die", "das", "den", "dem", "des", "ein", "eine", "einer", "einem", "einen", "eines", "kein", "keine",
    "keinen", "keiner", "keinem", "mein", "meine", "meinen", "meiner", "meinem", "dein", "deine", "sein", "seine",
    "seinen", "seiner", "seinem", "ihr", "ihre", "ihren", "ihrer", "ihrem", "unser", "unsere", "unseren", "euer",
    "eure", "jede", "jeder", "jedes", "jeden", "diese", "dieser", "dieses", "diesen", "diesem", "alle", "viele",
    "welche", "welcher", "zur", "zum", "im", "am", "beim", "vom", "ins", "the",
})
_CODE_CHARS = frozenset('{}=<>"_;\\')
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


def _token_cache(classify: Callable[[str], bool]) -> Callable[[str], bool]:
    return functools.lru_cache(maxsize=65_536)(classify)


class PersonRecognizer(LocalRecognizer):
    """Person names in German text (rules above); see the module docstring for what is missed."""

    ENTITY = "PERSON"

    def __init__(self, names: NameLists | None = None) -> None:
        self.names = names or load_name_lists()
        # Token classifications repeat across and within texts: cached per token, bounded (texts
        # keep bringing new tokens). lru_cache's hit path is C, cheaper than any wrapper of ours.
        self._name_like = _token_cache(self._name_like_uncached)
        self._known = _token_cache(self._known_uncached)
        self._first = _token_cache(self._first_uncached)
        self._may_start = _token_cache(self._may_start_uncached)
        self._lower_ok = _token_cache(self._lower_ok_uncached)
        super().__init__(supported_entities=[self.ENTITY], supported_language="de", name="PersonRecognizer")

    def load(self) -> None:
        """The name lists are loaded once per process by `load_name_lists`."""

    # -- token classification -------------------------------------------------------------
    def _name_like_uncached(self, tok: str) -> bool:
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
        if "-" in tok and any(p.isupper() and len(p) > 1 for p in tok.split("-")):
            return False  # "IT-Team", "EU-Bürger", "Steuer-ID"
        return not self.names.is_common_word(tok)

    def _after_particle(self, tok: str) -> bool:
        """After von/van/de/al any capitalised word is a name part ("von der Heide")."""
        return _is_cap(tok) and len(tok) > 1 and not tok.isupper() and not tok.lower().endswith(NOUN_ENDINGS)

    def _known_uncached(self, tok: str) -> bool:
        if tok.isupper() and len(tok) > 1:
            return False  # acronyms (IBAN, AOK); all-caps names are found after a title only
        if tok.lower().startswith(PREFIXES):
            rest = tok.split("-", 1)[-1] if "-" in tok else tok[2:]
            return bool(rest) and _is_cap(rest)
        if self.names.is_known(tok) or self.names.has_surname_shape(tok):
            return True
        if (
            len(tok) > 2 and self.names.has_foreign_letters(tok) and _is_cap(tok)
            and not tok.lower().endswith(NOUN_ENDINGS)
        ):
            return True  # "Kılıç", "Đorđević": letters no German word has
        if "-" in tok:
            parts = tok.split("-")
            if any(p.isupper() for p in parts if len(p) > 1):
                return False  # Steuer-ID, E-Mail-Adresse
            return all(_is_cap(p) for p in parts if p) and any(self.names.is_known(p) for p in parts) and not any(
                p.lower().endswith(NOUN_ENDINGS) for p in parts
            )
        return False

    @staticmethod
    def _names_an_organisation(text: str, tokens: list, last: int) -> bool:
        """"Robert Koch-Institut", "Anne Frank-Schule": the name is part of an institution's name."""
        if last + 1 >= len(tokens) or text[tokens[last][1] : tokens[last + 1][0]] not in (" ", "-"):
            return False
        nxt = tokens[last + 1][2]
        return "-" in nxt and nxt.rsplit("-", 1)[1].lower().endswith(ORGANISATION_ENDINGS)

    def _acts_as_person(self, text: str, tokens: list, i: int) -> bool:
        """A listed name that is also a word ("Adler", "Graf") used as a person: subject of a verb of
        speaking or contacting, or after von/mit/bei/laut without an article and before punctuation."""
        n = len(tokens)
        if i > 0 and tokens[i - 1][2].lower() in DETERMINERS:
            return False
        if i + 1 < n and text[tokens[i][1] : tokens[i + 1][0]] == " ":
            verb = tokens[i + 1][2].lower()
            if verb in PERSON_VERBS:
                return True
            if verb in ("hat", "hatte", "ist", "war") and any(
                t[2].lower() in PERSON_PARTICIPLES for t in tokens[i + 2 : i + 6]
            ):
                return True
        if i > 0 and tokens[i - 1][2].lower() in ("akte", "fall", "vorgang", "sache") and text[
            tokens[i - 1][1] : tokens[i][0]
        ] == " ":
            return True  # "die Akte Koch", "im Fall Wolf"
        if i > 0 and tokens[i - 1][2].lower() in ("von", "mit", "bei", "laut") and text[
            tokens[i - 1][1] : tokens[i][0]
        ] == " ":
            after = text[tokens[i][1] : tokens[i][1] + 1]
            return after in (":", ",", ".", ";", ")", "") or (
                i + 1 < n and tokens[i + 1][2].lower() in PERSON_VERBS
            )
        return False

    def _first_uncached(self, tok: str) -> bool:
        if "-" in tok:
            return all(self.names.is_first_name(p) for p in tok.split("-") if p)
        return self.names.is_first_name(tok)

    # -- analysis ---------------------------------------------------------------------------
    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        tokens = [(m.start(), m.end(), m.group()) for m in TOKEN.finditer(text)]
        spans: list[tuple[int, int, float]] = []
        i = 0  # the first token after the last name found
        for k, token in enumerate(tokens):
            if k < i or not self._may_start(token[2]):
                continue
            found = self._at(text, tokens, k)
            if found is None:
                continue
            first, last, score = found
            if not self._names_an_organisation(text, tokens, last):
                spans.append((tokens[first][0], tokens[last][1], score))
            i = last + 1
        spans.extend(self._table_cells(text))
        starts = [t[0] for t in tokens]
        spans.extend(self._fields(text, tokens, starts))
        spans.extend(self._greetings(text, tokens))
        spans.extend(self._sign_offs(text, tokens, starts))
        spans.extend(self._speakers(text, tokens, starts))
        spans = self._with_leading_particles(text, tokens, starts, spans)
        spans.extend(self._mentions(text, tokens, spans))
        return [RecognizerResult(self.ENTITY, s, e, sc) for s, e, sc in spans]

    # -- names found by what stands around them ------------------------------------------------
    def _name_token(self, tok: str, lenient: bool) -> bool:
        """Could this token be part of a name found by context (a field, greeting, signature)?"""
        if lenient:
            return tok.replace("'", "").replace("’", "").replace("-", "").isalpha() and tok.lower() not in STOP_WORDS
        if _is_cap(tok):
            return self._name_like(tok) and tok.lower() not in NOT_ADDRESSEES
        return (
            len(tok) > 2 and tok.lower() not in STOP_WORDS and tok not in self.names.lower_words
            and tok not in self.names.lower_nouns and tok.lower() not in NOT_ADDRESSEES
            and not tok.lower().endswith(NOUN_ENDINGS)
        )

    def _name_run(
        self, text: str, tokens: list, k: int, end: int, lenient: bool = False, single_ok: bool = True
    ) -> tuple[int, int] | None:
        """Token indices (first, last) of a name starting at token k and ending before `end`."""
        n = len(tokens)
        while k < n and tokens[k][0] < end and (
            (low := tokens[k][2].lower()) in STRONG_TITLES or low in ROLES or low + "." in ROLES
        ):
            k += 1  # "Frau Dr. Schmidt": the name starts after the titles
        first = k
        last = -1
        names = 0
        known = False
        comma_used = False
        while k < n and tokens[k][1] <= end and k - first < 6:
            tok = tokens[k][2]
            if k > first:
                gap = text[tokens[k - 1][1] : tokens[k][0]]
                initial = len(tokens[k - 1][2]) == 1 and gap == ". "
                if gap == ", " and not comma_used and self._first(tok) and names:
                    comma_used = True  # "Nachname, Vorname"
                elif gap not in (" ", "-", "\u00a0") and not initial:
                    break
            if len(tok) == 1 and tok.isupper() and text[tokens[k][1] : tokens[k][1] + 1] == ".":
                k += 1  # an initial: "D. Đorđević"
                continue
            if tok.lower() in PARTICLES and not _is_cap(tok) and k + 1 < n:
                k += 1
                continue
            if not self._name_token(tok, lenient):
                break
            names += 1
            known = known or self._known(tok) or self._known(tok[:1].upper() + tok[1:])
            last = k
            k += 1
        if last < first or names == 0:
            return None
        if not (lenient or known or names > 1 or single_ok):
            return None
        return first, last

    def _fields(self, text: str, tokens: list, starts: list[int]) -> list[tuple[int, int, float]]:
        if ":" not in text and "=" not in text and "nsert" not in text.lower():
            return []
        spans: list[tuple[int, int, float]] = []
        strict = {(s, e) for s, e in field_values(text, STRICT_NAME_KEYS)}
        for s, e in field_values(text, NAME_KEYS):
            k = bisect.bisect_left(starts, s)
            found = self._name_run(text, tokens, k, e, lenient=(s, e) in strict, single_ok=False)
            if found is not None:
                spans.append((tokens[found[0]][0], tokens[found[1]][1], 0.85))
        return spans

    def _greetings(self, text: str, tokens: list) -> list[tuple[int, int, float]]:
        """"Hallo Anna,", "hi ava,", "Liebe Dorota!", "Guten Morgen Herr …" (titles: see _after_title)."""
        spans: list[tuple[int, int, float]] = []
        for i, (_, end, tok) in enumerate(tokens):
            low = tok.lower()
            if low not in GREETINGS or i + 1 >= len(tokens):
                continue
            if low in ("morgen", "abend", "tag") and (i == 0 or tokens[i - 1][2].lower() not in ("guten", "gute")):
                continue
            if text[end : tokens[i + 1][0]] not in (" ", ", ", "\u00a0"):
                continue
            line_end = text.find("\n", end)
            found = self._name_run(text, tokens, i + 1, line_end if line_end >= 0 else len(text))
            if found is None or found[1] - found[0] > 3:
                continue
            after = text[tokens[found[1]][1] : tokens[found[1]][1] + 2].lstrip(" ")
            if after[:1] in (",", "!", ":", "\n", ".", "") or after.startswith(("und", "&")):
                spans.append((tokens[found[0]][0], tokens[found[1]][1], 0.8))
        return spans

    def _sign_offs(self, text: str, tokens: list, starts: list[int]) -> list[tuple[int, int, float]]:
        """The name under "Mit freundlichen Grüßen" / "Gruß" (or beside it), skipping "Im Auftrag"."""
        spans: list[tuple[int, int, float]] = []
        for match in _SIGN_OFF.finditer(text):
            if match.group("same").strip():
                found = self._signature(text, tokens, starts, match.span("same"))
                if found is not None:
                    spans.append(found)
                    continue
            pos = match.end() + 1
            line = None
            for _ in range(4):
                if pos >= len(text):
                    break
                nl = text.find("\n", pos)
                line_end = nl if nl >= 0 else len(text)
                content = text[pos:line_end]
                if content.strip() and not _BEFORE_SIGNATURE.match(content):
                    line = (pos, line_end)
                    break
                pos = line_end + 1
            if line is None:
                continue
            found = self._signature(text, tokens, starts, line)
            if found is not None:
                spans.append(found)
        return spans

    def _signature(
        self, text: str, tokens: list, starts: list[int], line: tuple[int, int]
    ) -> tuple[int, int, float] | None:
        """A name that fills a signature line, or starts it before a comma, bracket or dash."""
        k = bisect.bisect_left(starts, line[0])
        if k >= len(tokens) or text[line[0] : tokens[k][0]].strip(" \t,-"):
            return None
        found = self._name_run(text, tokens, k, line[1])
        if found is None:
            return None
        rest = text[tokens[found[1]][1] : line[1]].strip()
        if rest and not rest.startswith((",", "(", "-", "–", "|", "/")):
            return None
        return tokens[found[0]][0], tokens[found[1]][1], 0.8

    def _speakers(self, text: str, tokens: list, starts: list[int]) -> list[tuple[int, int, float]]:
        """Chat transcripts: the speaker before "[09:14] Name:"; and "@Name" mentions."""
        spans: list[tuple[int, int, float]] = []
        if ":" in text:
            for match in _SPEAKER.finditer(text):
                s, e = match.span("n")
                words = match.group("n").split()
                if any(w.isupper() and len(w) > 1 for w in words):
                    continue  # log levels: "[12:00:01] ERROR:"
                if not all(self._name_token(w, lenient=False) or self._known(w) for w in words):
                    continue
                spans.append((s, e, 0.8))
        if "@" in text:
            for match in _MENTION.finditer(text):
                tok = match.group("n")
                if self._known(tok) or (_is_cap(tok) and self._name_like(tok)) or self.names.is_lower_name(tok):
                    spans.append((*match.span("n"), 0.8))
        return spans

    def _with_leading_particles(
        self, text: str, tokens: list, starts: list[int], spans: list[tuple[int, int, float]]
    ) -> list[tuple[int, int, float]]:
        """Extend names over particles before them: "Abu Bakr", "(…) von Kurz gibt an", "de Eichhorn"."""
        out: list[tuple[int, int, float]] = []
        for s, e, score in spans:
            k = bisect.bisect_left(starts, s)
            while k > 0 and k < len(tokens) and tokens[k][0] == s:
                prev = tokens[k - 1][2]
                low = prev.lower()
                if len(prev) == 1 and prev.isupper() and text[tokens[k - 1][1] : s] == ". ":
                    s = tokens[k - 1][0]  # an initial: "J. Hoffmann"
                    k -= 1
                    continue
                if low not in PARTICLES or text[tokens[k - 1][1] : s] != " ":
                    break
                if _is_cap(prev):
                    if low not in LEADING_PARTICLES:
                        break
                elif not self._sentence_start(text, tokens, k - 1) and not (
                    k > 1 and tokens[k - 2][2].lower() in PARTICLES and text[tokens[k - 2][1] : tokens[k - 1][0]] == " "
                ):
                    # "von der Heide" after "Frau" is found by the title rule; here only sentence starts
                    if not (k > 1 and tokens[k - 2][2].lower() in PARTICLES):
                        break
                s = tokens[k - 1][0]
                k -= 1
            # a lower-case particle chain must itself start a sentence ("von der Heide gibt an")
            out.append((s, e, score))
        return out

    @staticmethod
    def _sentence_start(text: str, tokens: list, k: int) -> bool:
        before = text[max(0, tokens[k][0] - 40) : tokens[k][0]].rstrip(" \t\u00a0")
        return not before or before[-1] in ".!?:;\n(\"'„“[" or before.endswith(("-", "–"))

    def _chat_line(self, text: str, pos: int) -> bool:
        """A line of prose or chat, not code, markup or a log record (there lower case is no signal)."""
        start = text.rfind("\n", 0, pos) + 1
        end = text.find("\n", pos)
        line = text[start : end if end >= 0 else len(text)]
        return not any(c in _CODE_CHARS for c in line) and "://" not in line

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

    def _may_start_uncached(self, tok: str) -> bool:
        """False if `_at` finds no name at this token whatever its context (the tests check this).

        Most tokens are ordinary words; answering that once per distinct token spares
        `_at` and its rules on every occurrence.
        """
        low = tok.lower()
        if low in TITLES or low + "." in TITLES or _script(tok) != "latin":
            return True
        if _is_cap(tok):
            return self._name_like(tok) or (self._known(tok) and low not in STOP_WORDS)
        return self._lower_may_start(tok)

    def _lower_may_start(self, tok: str) -> bool:
        """The token conditions of `_lower_case`, `_lower_name` and `_lower_noun_name`, without context."""
        if tok.startswith(PREFIXES) and "-" in tok and len(tok) > 4 and _is_cap(tok.split("-", 1)[1]):
            return True
        if tok in PARTICLES or self._lower_ok(tok):
            return True
        cap = tok.capitalize()
        if (
            tok in self.names.lower_nouns and tok not in STOP_WORDS and len(tok) >= 3
            and self.names.is_known(tok[0].upper() + tok[1:])
        ):
            return True
        if len(tok) >= 6 and self.names.has_surname_shape(tok) and not self.names.is_common_word(cap):
            return True
        return len(tok) >= 3 and self.names.is_first_name(cap) and not self.names.is_common_word(cap)

    def _at(self, text: str, tokens: list, i: int) -> tuple[int, int, float] | None:
        """(first, last, score) of a name found at token i. A new rule here may need `_may_start` widened."""
        start, end, tok = tokens[i]
        low = tok.lower()
        n = len(tokens)
        if low in TITLES or (low + "." in TITLES and text[end : end + 1] == "."):
            return self._after_title(text, tokens, i, strong=low in STRONG_TITLES or low + "." in STRONG_TITLES)
        script = _script(tok)
        if script != "latin":
            return self._foreign_script(text, tokens, i, script)
        if not _is_cap(tok):
            return self._lower_case(text, tokens, i)
        known = self._known(tok) and tok.lower() not in STOP_WORDS
        if (
            not known
            and i + 1 < n
            and self._name_like(tok)
            and len(tok) > 2
            and tok.lower() not in ENGLISH_STOP_WORDS  # "With Redis", "This Müller …"
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
            if len(tok) > 2 and _is_cap(tok) and not tok.isupper() and self._acts_as_person(text, tokens, i):
                return i, i, 0.7  # "Adler hat angerufen", "Rückfrage von Graf:"
            return None
        if i + 1 < n and text[end : tokens[i + 1][0]] == ", " and self._first(tokens[i + 1][2]) and self._name_like(
            tokens[i + 1][2]
        ):
            return i, i + 1, 0.8  # Müller, Anna
        if i > 0 and tokens[i - 1][2].lower() in DETERMINERS and text[tokens[i - 1][1] : start] == " ":
            return None  # "die Kosten", "an der Havel": a noun, not a surname
        if tok.lower() in self.names.lower_words and self._sentence_start(text, tokens, i):
            return None  # "Beste Grüße", "Will man …": an ordinary word capitalised at a sentence start
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
            if not strong and tok.lower() in ("der", "den", "dem", "des"):
                return None  # "Mutter der Schülerin": an article after a relation word
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

    def _lower_case(self, text: str, tokens: list, i: int) -> tuple[int, int, float] | None:
        tok = tokens[i][2]
        if tok.startswith(PREFIXES) and "-" in tok and len(tok) > 4 and _is_cap(tok.split("-", 1)[1]):
            return i, i, 0.8  # "al-Hassan", "el-Masri"
        if (
            tok in LEADING_PARTICLES and i + 1 < len(tokens) and text[tokens[i][1] : tokens[i + 1][0]] == " "
            and self._after_particle(tokens[i + 1][2]) and self._sentence_start(text, tokens, i)
            and self.names.is_known(tokens[i + 1][2]) and tokens[i + 1][2].lower() not in self.names.lower_nouns
        ):
            return i, self._extend(text, tokens, i + 1, has_first=True), 0.8  # "… 7586804. von Kurz gibt an"
        found = self._lower_name(text, tokens, i)
        if found is not None:
            return found
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

    def _lower_name(self, text: str, tokens: list, i: int) -> tuple[int, int, float] | None:
        """Chat text in lower case: "polina hat angerufen", "die akte von van boven", "killer-klingelhöfer"."""
        tok = tokens[i][2]
        n = len(tokens)
        last = i
        nxt = tokens[i + 1][2] if i + 1 < n else ""
        if (
            tok in PARTICLES and text[tokens[i][1] : tokens[i + 1][0] if nxt else 0] == " " and self._lower_ok(nxt)
            and not self._lower_ok(tok) and not self.names.is_first_name(nxt[:1].upper() + nxt[1:])
        ):
            last = i + 1  # "van boven" (but "von tobias" is a preposition and a first name)
        elif not self._lower_ok(tok) and not self._lower_noun_name(text, tokens, i):
            return None
        if not self._chat_line(text, tokens[i][0]):
            return None
        if last + 1 < n and text[tokens[last][1] : tokens[last + 1][0]] == " " and self._lower_ok(tokens[last + 1][2]):
            last += 1  # "anna puljiz"
        return i, last, 0.6

    def _lower_noun_name(self, text: str, tokens: list, i: int) -> bool:
        """"die akte von müller", "koch hat angerufen": a listed surname that is also a noun, used as a person."""
        tok = tokens[i][2]
        if tok not in self.names.lower_nouns or tok in STOP_WORDS or len(tok) < 3:
            return False
        if not self.names.is_known(tok[0].upper() + tok[1:]):
            return False
        if i > 0 and tokens[i - 1][2].lower() in ("von", "mit", "bei", "laut", "akte", "fall", "vorgang", "sache") \
                and text[tokens[i - 1][1] : tokens[i][0]] == " ":
            return True
        return self._acts_as_person(text, tokens, i)

    def _lower_ok_uncached(self, tok: str) -> bool:
        if "-" in tok:
            parts = tok.split("-")
            return all(p.isalpha() and p not in STOP_WORDS for p in parts) and any(
                self.names.is_lower_name(p) for p in parts
            )
        return self.names.is_lower_name(tok)

    def _mentions(self, text: str, tokens: list, spans: list[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
        """Further occurrences of the tokens of names already found (surname used alone)."""
        if not spans:
            return []
        parts: set[str] = set()
        for s, e, _ in spans:
            for m in TOKEN.finditer(text, s, e):
                tok = m.group()
                if len(tok) > 2 and tok.lower() not in PARTICLES and not tok.endswith("."):
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
            if len(p) > 2 and not self.names.is_common_word(p) and p.lower() not in STOP_WORDS
            and p.lower() not in self.names.lower_words
            and (p.islower() or self._known(p))  # an unlisted capitalised part matches only as written
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
