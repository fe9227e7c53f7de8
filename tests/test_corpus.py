"""Sanity of the evaluation corpus itself and of the benchmark's scoring rules.

The corpus is the yardstick for the detector, so its labels must be exact: offsets match the text,
spans never overlap, checksummed values are valid, and the split is by template.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.redaction_eval import covered, evaluate, redact  # noqa: E402
from tests.corpus import values as V  # noqa: E402
from tests.corpus.generate import CORPUS_PATH, dumps, generate  # noqa: E402
from tests.corpus.load import gold_values, load_corpus  # noqa: E402
from tests.corpus.markup import ENTITY_TYPES, label_by_string  # noqa: E402

DOCS = load_corpus()


def test_committed_corpus_matches_generator() -> None:
    assert CORPUS_PATH.read_text(encoding="utf-8") == dumps(generate()), \
        "corpus.jsonl is stale: run .venv/bin/python -m tests.corpus.generate"


def test_size_and_splits() -> None:
    assert len(DOCS) >= 400
    assert {d["split"] for d in DOCS} == {"tune", "holdout"}
    assert len({d["id"] for d in DOCS}) == len(DOCS)
    generated = {d["template"]: d["split"] for d in DOCS if d["source"] == "generated"}
    share = sum(s == "holdout" for s in generated.values()) / len(generated)
    assert 0.25 <= share <= 0.4
    handwritten = [d for d in DOCS if d["source"] == "handwritten"]
    assert len(handwritten) >= 40
    assert abs(sum(d["split"] == "holdout" for d in handwritten) - len(handwritten) / 2) <= 1
    assert len(load_corpus("tune")) + len(load_corpus("holdout")) == len(DOCS)


def test_split_is_by_template() -> None:
    splits_of_template: dict[str, set[str]] = {}
    for d in DOCS:
        splits_of_template.setdefault(d["template"], set()).add(d["split"])
    assert all(len(s) == 1 for s in splits_of_template.values())


def test_every_type_is_present_in_both_splits() -> None:
    for split in ("tune", "holdout"):
        counts = Counter(e["type"] for d in load_corpus(split) for e in d["entities"])
        missing = [t for t in ENTITY_TYPES if counts[t] < 5]
        assert not missing, (split, missing)


@pytest.mark.parametrize("doc", DOCS, ids=[d["id"] for d in DOCS])
def test_spans_are_exact_and_disjoint(doc: dict) -> None:
    text = doc["text"]
    spans = []
    for e in doc["entities"]:
        assert e["type"] in ENTITY_TYPES
        assert text[e["start"]:e["end"]] == e["text"]
        assert e["text"] == e["text"].strip() and e["text"]
        spans.append((e["start"], e["end"]))
    for k in doc["keep"]:
        assert text[k["start"]:k["end"]] == k["text"]
        spans.append((k["start"], k["end"]))
    spans.sort()
    for (_, end_a), (start_b, _) in zip(spans, spans[1:], strict=False):
        assert end_a <= start_b, f"overlapping labels in {doc['id']}"


def test_checksummed_values_are_valid() -> None:
    checks = {
        "IBAN_CODE": V.iban_valid, "CREDIT_CARD": V.luhn_valid, "DE_TAX_ID": V.steuer_id_valid,
        "DE_SOCIAL_SECURITY": V.svnr_valid, "DE_HEALTH_INSURANCE": V.kvnr_valid,
    }
    for d in DOCS:
        for e in d["entities"]:
            if e["type"] in checks:
                assert checks[e["type"]](e["text"]), (d["id"], e["type"])


def test_check_digit_algorithms_against_published_examples() -> None:
    assert V.iban_valid("DE89 3704 0044 0532 0130 00")
    assert V.luhn_valid("4111 1111 1111 1111") and not V.luhn_valid("4111 1111 1111 1112")
    assert V.steuer_id_valid("86095742719")
    assert V.svnr_valid("15 070649 C 103")
    assert V.kvnr_valid("A123456780")
    assert V.id_check_digit("L01X00T47") == "1"


def test_gold_values_are_substrings_longest_first() -> None:
    for d in DOCS:
        vals = gold_values(d)
        assert all(v in d["text"] for v in vals)
        assert [len(v) for v in vals] == sorted((len(v) for v in vals), reverse=True)
        assert len(vals) == len({e["text"] for e in d["entities"]})


def test_load_corpus_rejects_unknown_split() -> None:
    with pytest.raises(ValueError):
        load_corpus("train")


def test_label_by_string_refuses_missing_label() -> None:
    with pytest.raises(ValueError):
        label_by_string("Herr Meier ruft an.", {"PERSON": ["Maier"]}, [])
    ents, _ = label_by_string("Anna Schmidt; Annaberg; Anna", {"PERSON": ["Anna Schmidt", "Anna"]}, [])
    assert [(e["start"], e["end"]) for e in ents] == [(0, 12), (24, 28)]


# --- scoring rules of the benchmark, checked with fake detectors ----------------------------


def oracle(doc_by_text: dict[str, dict]):
    return lambda text: [(e["type"], e["start"], e["end"]) for e in doc_by_text[text]["entities"]]


def test_oracle_detector_scores_perfectly() -> None:
    docs = load_corpus("holdout")
    rep = evaluate(docs, oracle({d["text"]: d for d in docs}), "holdout")
    assert all(rep.recall(t) == 1.0 for t in ENTITY_TYPES if rep.types[t].gold)
    assert rep.leak_free == rep.docs == len(docs)
    assert rep.leak_free_substring == rep.docs
    assert rep.keep_survival == 1.0
    assert all(s.detected_on_gold == s.detected for s in rep.detected_types.values())


def test_silent_detector_finds_nothing_and_keeps_everything() -> None:
    docs = load_corpus("tune")
    rep = evaluate(docs, lambda text: [], "tune")
    assert all(rep.recall(t) == 0.0 for t in ENTITY_TYPES if rep.types[t].gold)
    assert rep.leak_free == sum(1 for d in docs if not d["entities"])
    assert rep.keep_survival == 1.0 and rep.keep_total > 0


def test_greedy_detector_finds_all_but_destroys_keep_terms() -> None:
    docs = load_corpus("tune")[:50]
    rep = evaluate(docs, lambda text: [("PERSON", 0, len(text))], "tune")
    assert rep.recall("PERSON") == 1.0 and rep.leak_free == rep.docs
    assert rep.keep_survival == 0.0
    assert rep.types["IBAN_CODE"].typed == 0 if rep.types["IBAN_CODE"].gold else True


def test_partial_coverage_is_a_leak() -> None:
    text = "Herr Max Mustermann, Tel. 030 1234567."
    assert covered(text, 5, 19, [("PERSON", 5, 19)])
    assert not covered(text, 5, 19, [("PERSON", 5, 8)])
    assert covered(text, 26, 37, [("PHONE_NUMBER", 26, 29), ("PHONE_NUMBER", 30, 37)])  # gap is a space
    assert "Mustermann" in redact(text, [("PERSON", 5, 8)])
