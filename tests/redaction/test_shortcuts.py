"""Recognizers that skip work (try a pattern only where it can match) find what the plain search finds.

Each shortcut rests on an argument about its pattern; these tests catch a pattern change that
breaks the argument. Texts: the evaluation corpus, as written, in lower case and in upper case.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from presidio_analyzer import RecognizerResult

from redaction import Redactor
from redaction.placeholders import may_hold_placeholder
from redaction.recognizers import load_registry
from redaction.recognizers.address import AddressRecognizer
from redaction.recognizers.base import RegexRecognizer
from redaction.recognizers.person import TOKEN, PersonRecognizer
from tests.corpus.load import load_corpus

TEXTS = [variant for doc in load_corpus() for variant in (doc["text"], doc["text"].lower(), doc["text"].upper())]
EXTRA = [
    "Straße des 17. Juni 100, 10623 Berlin", "Hauptstr.12", "Hauptstraße Nr. 12", "Unter den Linden 5",
    "Alt-Moabit 3\n10555 Berlin", "Im Jahr 2024 und Am Ring 3", "waldweg 9\n03046 cottbus", "Lindenweg 3-5 und 7",
    "a@b@c.de", "o'neil@example.de, x'y@web.de", "a@b.de'x@c.de", "@@a.de", "anna.m@web.de@x.de", "'@a.de",
    "a+b-c.d@e-f.gh",
]


def spans(results: list[RecognizerResult]) -> list[tuple[int, int, str, float]]:
    return sorted((r.start, r.end, r.entity_type, r.score) for r in results)


def address_by_search(recognizer: AddressRecognizer, text: str) -> list[RecognizerResult]:
    """The plain version: search from each position, skip past a plausible match only."""
    results = []
    pattern = recognizer._compiled[0][0]
    pos = 0
    while (match := pattern.search(text, pos)) is not None:
        pos = match.start() + 1
        if recognizer._plausible(text, match):
            results.append(recognizer.result(match.start(), match.end(), 0.85))
            pos = match.end()
    return results


def test_address_equals_plain_search() -> None:
    recognizer = AddressRecognizer()
    for text in TEXTS + EXTRA:
        assert spans(recognizer.analyze(text, [])) == spans(address_by_search(recognizer, text)), text


def test_person_rules_find_nothing_where_a_token_may_not_start_a_name() -> None:
    recognizer = PersonRecognizer()
    for text in TEXTS:
        tokens = [(m.start(), m.end(), m.group()) for m in TOKEN.finditer(text)]
        for i, token in enumerate(tokens):
            if recognizer._at(text, tokens, i) is not None:
                assert recognizer._may_start(token[2]), (token, text)


@pytest.mark.parametrize("recognizer", [r for r in load_registry() if isinstance(r, RegexRecognizer)], ids=str)
def test_matches_equal_finditer(recognizer: RegexRecognizer) -> None:
    for text in TEXTS + EXTRA:
        for pattern, _ in recognizer._compiled:
            found = [m.span() for m in recognizer.matches(pattern, text)]
            assert found == [m.span() for m in pattern.finditer(text)], text


PLACEHOLDER_PIECES = st.sampled_from([
    "PERSON", "person", "PERſON", "LİTERAL", "İp_address", "DE_\u212aFZ", "_", "-", " ", "[", "]", "<", ">", "{", "}",
    "1", "١", "x", "\n",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(PLACEHOLDER_PIECES, st.text(max_size=3)), max_size=10).map("".join))
@example("[PERſON_1]")
@example("ıBAN_CODE_1")
@example("x İp_address-2")
@example("<DE_\u212aFZ ١>")
def test_placeholder_spellings_are_never_ruled_out(redactor: Redactor, text: str) -> None:
    if redactor.literal_pattern.search(text):
        assert may_hold_placeholder(text, redactor.placeholder_types)
