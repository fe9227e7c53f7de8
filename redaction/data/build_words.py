"""Build the word lists that tell names from ordinary words (Wiktionary and simplemma data).

Run from the repository root after installing the two build-time sources into the venv
(they are not runtime dependencies; the generated text files are committed):

    .venv/bin/pip install --no-deps german-nouns==1.2.5 simplemma==2.0.0
    .venv/bin/python -m redaction.data.build_words

Writes
- `first_names_wiktionary.txt`, `surnames_wiktionary.txt`: lemmas that German Wiktionary
  marks as "Vorname" / "Nachname" (via the german-nouns CSV, CC BY-SA 4.0), except those that are
  also common nouns there ("Gebühr", "Melder", "Schulze"): those go to `surnames_wiktionary_nouns.txt`
  and count as names only in a name's context (title, first name, hyphenated double name);
- `name_words_lower.txt`: lower-case forms of name-list tokens that are also ordinary lower-case German
  or English words ("will", "klein", "beste"); `name_nouns_lower.txt`: those that are common nouns
  ("koch", "meier"). Chat text is often all lower case; a lower-case token from the name lists
  counts as a name only when it is in neither list. A capitalised sentence start in the first
  list is a word, not a name ("Beste Grüße").
  Sources: simplemma's German and English form dictionaries (MIT), german-nouns common nouns.

Only the intersection with our name lists is stored, not the dictionaries themselves.
"""

from __future__ import annotations

import csv
from pathlib import Path

HERE = Path(__file__).parent
# Given names that the dictionaries list only through rare or guessed forms ("ahmet" as a form
# of "ahmen", "tim" of "timen"); chat writers mean the name. Reviewed by hand.
NOT_WORDS = frozenset(
    "adel adele ahmet alia amin ani antun arie attila beate berat brett darren davor domen edda ellen emir"
    " eren erica ethan fenne florin heidi inan iren jean karen kate ken laure leire liane lori loris marin"
    " marlen maya merlin mette michel molly nora oscar paolo quentin rene roger sami sharon steven stuart"
    " talib tara tim tudor ömer özgür ünal cheyenne madison serge luke nick sam dan gene jan max".split()
)
# English words that are also given names or surnames and turn up in tickets, logs and code.
ENGLISH_WORDS = frozenset(
    "will may can bill grant mark page rose chase art hope joy june april august summer dean guy jack"
    " rich lee long young white brown green black gray grey king hill wood stone banks cook baker miller"
    " smith ward price bell hall ford lane mason hunter fox golden star sky rock river dale glen cliff"
    " ray sunny dawn faith grace honor angel iris jade ivy holly penny ruby pearl crystal amber"
    " test admin user root main master default null none true false feb mar apr jun jul aug sep"
    " oct nov dec mon tue wed thu fri sat sun key keys line lines lower upper read write field fields case cases"
    " peer page pages elif parent child meta handler branch colon diamond shield shields node host port path token"
    " log debug info error warn client server data value index item list type short strong room best good fine"
    " little elder latin floor rice".split()
)
NAME_FILES = ("first_names.txt", "first_names_extra.txt", "surnames.txt")


def _read(name: str) -> set[str]:
    path = HERE / name
    if not path.exists():
        return set()
    return {
        line.strip() for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }


def wiktionary_nouns() -> tuple[set[str], set[str], set[str]]:
    """(first names, surnames, forms of common nouns) from german-nouns' Wiktionary CSV."""
    import german_nouns

    path = Path(next(iter(german_nouns.__path__))) / "nouns.csv"
    first: set[str] = set()
    last: set[str] = set()
    common: set[str] = set()
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            lemma = (row.get("lemma") or "").strip()
            pos = set((row.get("pos") or "").split(","))
            if not lemma or not lemma[0].isupper() or " " in lemma:
                continue
            if "Vorname" in pos:
                first.add(lemma)
            if "Nachname" in pos:
                last.add(lemma)
            if pos <= {"Substantiv", "adjektivische Deklination"}:
                forms = {v.strip() for k, v in row.items() if k not in ("lemma", "pos") and v and v.strip()}
                common.update(f for f in forms | {lemma} if " " not in f and f[:1].isupper())
    return first, last, common


def lower_case_words() -> set[str]:
    """Lower-case German word forms (verbs, adjectives, function words) with a lower-case lemma.

    simplemma also maps some lower-cased names to a capitalised lemma ("thomas" -> "Thomas");
    those are names, not words. Its English dictionary is too noisy for this ("anna", "lisa"),
    so English contributes only spaCy's stop words and a short hand-written list.
    """
    from simplemma.strategies.dictionaries.dictionary_factory import DefaultDictionaryFactory
    from spacy.lang.en.stop_words import STOP_WORDS as ENGLISH_STOP_WORDS

    forms = DefaultDictionaryFactory().get_dictionary("de")
    from faker.providers.lorem.en_US import Provider as EnglishLorem

    german = {k for k, lemma in forms.items() if k[:1].islower() and lemma[:1].islower()}
    english = set(ENGLISH_STOP_WORDS) | set(EnglishLorem.word_list) | ENGLISH_WORDS  # ~1,000 common words
    return german | english


def main() -> None:
    first, last, common = wiktionary_nouns()
    listed = set().union(*(_read(f) for f in NAME_FILES))
    # "Müllers", "Meyers": family plurals, which would defeat the genitive handling of "Müllers Antrag".
    first = {n for n in first if not (n.endswith("s") and n[:-1] in listed | first)} - common
    last = {n for n in last if not (n.endswith("s") and n[:-1] in listed | last)}
    last_nouns = last & common
    last -= common
    names = listed | first | last | last_nouns
    words = lower_case_words()
    # A common noun that Wiktionary also lists as a given name ("Anna", "Hans") stays a name in
    # lower case: chat writers lower-case names far more often than those rare nouns.
    collisions = {n.lower() for n in names if n.lower() in words} - NOT_WORDS
    noun_collisions = {n.lower() for n in names if n in common and n not in first} - NOT_WORDS - collisions
    header = "# generated by redaction/data/build_words.py; sources in SOURCES.md\n"
    (HERE / "first_names_wiktionary.txt").write_text(header + "\n".join(sorted(first)) + "\n", encoding="utf-8")
    (HERE / "surnames_wiktionary.txt").write_text(header + "\n".join(sorted(last)) + "\n", encoding="utf-8")
    (HERE / "surnames_wiktionary_nouns.txt").write_text(
        header + "\n".join(sorted(last_nouns)) + "\n", encoding="utf-8"
    )
    (HERE / "name_words_lower.txt").write_text(header + "\n".join(sorted(collisions)) + "\n", encoding="utf-8")
    (HERE / "name_nouns_lower.txt").write_text(header + "\n".join(sorted(noun_collisions)) + "\n", encoding="utf-8")
    print(f"wiktionary first names: {len(first)}, surnames: {len(last)}, name/word collisions: {len(collisions)}, "
          f"name/noun collisions: {len(noun_collisions)}")


if __name__ == "__main__":
    main()
