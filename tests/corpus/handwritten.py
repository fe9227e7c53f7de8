"""Handwritten documents (realistic office language), labelled by string so offsets are exact."""

from __future__ import annotations

from typing import Any

from .markup import label_by_string

# Each entry: (id, kind, text, {entity type: [strings]}, [keep strings]). Every whole-word
# occurrence of a listed string is labelled; odd-numbered documents are holdout.
DOCUMENTS: list[tuple[str, str, str, dict[str, list[str]], list[str]]] = []


def handwritten_documents() -> list[dict[str, Any]]:
    docs = []
    for index, (doc_id, kind, text, pii_terms, keep_terms) in enumerate(DOCUMENTS):
        entities, keeps = label_by_string(text, pii_terms, keep_terms)
        docs.append({
            "id": doc_id, "kind": kind, "template": doc_id, "split": "holdout" if index % 2 else "tune",
            "source": "handwritten", "text": text, "entities": entities, "keep": keeps,
        })
    return docs
