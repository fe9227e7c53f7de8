"""Benchmark prompts: realistic German office texts with personal data, built from the labelled corpus.

- `office_prompts()`: ~1 KB each, a clerk's instruction plus one corpus document (citizen e-mail,
  Bescheid, Gesprächsnotiz, HR case) with 4–7 labelled personal data items, topped up to ~1 KB with
  neutral administrative prose (no personal data), so redaction sees the text a clerk would send.
- `large_document()`: ~100 KB, many corpus documents one after another (a file pasted whole).

Deterministic (fixed order, no randomness), so runs and machines compare.
"""

from __future__ import annotations

from typing import Any

import orjson

from tests.corpus.load import load_corpus

TARGET_BYTES = 1024
LARGE_BYTES = 100 * 1024
_KINDS = ("citizen_email", "bescheid", "gespraechsnotiz", "hr")

_INSTRUCTIONS = (
    "Bitte fasse das folgende Schreiben in drei Sätzen zusammen und schlage eine höfliche Antwort vor.",
    "Prüfe das folgende Dokument auf offene Punkte und formuliere eine kurze Wiedervorlage.",
    "Erstelle aus dem folgenden Vorgang einen Vermerk für die Akte.",
    "Formuliere eine Antwort an die Person im folgenden Schreiben in einfacher Sprache.",
)

# Neutral prose without personal data: what surrounds the facts in real office texts.
_FILLER = (
    "Die Bearbeitung erfolgt nach Eingang aller erforderlichen Unterlagen in der Reihenfolge des Eingangs. "
    "Bitte beachten Sie die geltenden Fristen und die Hinweise zur elektronischen Aktenführung. "
    "Rückfragen zum Verfahren beantwortet die zuständige Stelle während der Sprechzeiten. "
    "Für die Entscheidung sind die Angaben im Antrag sowie die beigefügten Nachweise maßgeblich. "
    "Eine Kopie dieses Vorgangs wird zur Wiedervorlage in vier Wochen abgelegt. "
)


def _documents() -> list[dict[str, Any]]:
    docs = [d for d in load_corpus() if d["kind"] in _KINDS and 4 <= len(d["entities"]) <= 7
            and len(d["text"].encode()) <= TARGET_BYTES - 200]
    by_kind = {kind: sorted((d for d in docs if d["kind"] == kind), key=lambda d: d["id"]) for kind in _KINDS}
    # Round-robin over the kinds, so every prefix of the list mixes e-mails, Bescheide, notes, HR cases.
    longest = max(len(v) for v in by_kind.values())
    return [by_kind[k][i] for i in range(longest) for k in _KINDS if i < len(by_kind[k])]


def office_text(doc: dict[str, Any], number: int) -> str:
    text = f"{_INSTRUCTIONS[number % len(_INSTRUCTIONS)]}\n\n{doc['text']}\n\n"
    filler = _FILLER * 4
    room = TARGET_BYTES - len(text.encode())
    if room > 0:
        cut = filler.encode()[:room].decode("utf-8", errors="ignore")
        text += cut[: cut.rfind(" ")] if " " in cut else cut
    return text


def office_prompts(count: int = 32) -> list[tuple[str, int]]:
    """(text, number of labelled personal data items) for `count` distinct ~1 KB prompts."""
    docs = _documents()
    return [(office_text(doc, i), len(doc["entities"])) for i, doc in enumerate(docs[:count])]


def large_document() -> str:
    """One ~100 KB text: an instruction and corpus documents until the size is reached."""
    parts = ["Bitte fasse die folgenden Vorgänge zusammen und nenne je Vorgang die nächste Frist.\n"]
    size = len(parts[0].encode())
    docs = sorted(load_corpus(), key=lambda d: d["id"])
    i = 0
    while size < LARGE_BYTES:
        text = docs[i % len(docs)]["text"] + "\n\n---\n\n"
        parts.append(text)
        size += len(text.encode())
        i += 1
    return "".join(parts)


def chat_body(model: str, text: str, stream: bool) -> bytes:
    body: dict[str, Any] = {"model": model, "messages": [
        {"role": "system", "content": "Du bist ein hilfreicher Assistent der Stadtverwaltung."},
        {"role": "user", "content": text},
    ], "max_tokens": 256}
    if stream:
        body["stream"] = True
    return orjson.dumps(body)
