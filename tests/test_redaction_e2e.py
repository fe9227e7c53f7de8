"""Redaction through the running gateway: what the provider receives, what the client gets back.

The mock upstream echoes the last user message, so the client's answer must be exactly
"Antwort: " + the original text (every placeholder restored), while the mock's record of
what it received proves which personal data left the gateway.
"""

from __future__ import annotations

import openai
import pytest

from tests.corpus.load import gold_values, load_corpus

# Types whose formats are fully specified: none of them may ever leak.
STRICT_TYPES = {"EMAIL_ADDRESS", "IBAN_CODE", "CREDIT_CARD", "DE_TAX_ID", "DE_SOCIAL_SECURITY", "DE_ID_CARD",
                "DE_HEALTH_INSURANCE", "PHONE_NUMBER"}
HOLDOUT = load_corpus("holdout")


def _strict_values(doc: dict) -> list[str]:
    return sorted({doc["text"][e["start"]:e["end"]] for e in doc["entities"] if e["type"] in STRICT_TYPES})


def _send(client: openai.OpenAI, text: str, stream: bool) -> str:
    messages = [{"role": "system", "content": "Du bist eine hilfreiche Assistenz der Stadtverwaltung."},
                {"role": "user", "content": text}]
    if not stream:
        return client.chat.completions.create(model="gpt-test", messages=messages).choices[0].message.content
    chunks = client.chat.completions.create(model="gpt-test", messages=messages, stream=True)
    return "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)


@pytest.mark.parametrize("stream", [False, True], ids=["non-stream", "stream"])
def test_holdout_corpus_round_trip_and_leaks(client, upstream, stream):
    docs = HOLDOUT if not stream else HOLDOUT[::3]
    leaked_docs, strict_leaks = 0, []
    for doc in docs:
        upstream.reset()
        answer = _send(client, doc["text"], stream)
        assert answer == "Antwort: " + doc["text"], f"restore failed for {doc['id']}"
        sent = upstream.all_received_text()
        if any(value in sent for value in gold_values(doc)):
            leaked_docs += 1
        strict_leaks += [(doc["id"]) for value in _strict_values(doc) if value in sent]
    assert strict_leaks == []
    assert leaked_docs / len(docs) <= 0.05, f"{leaked_docs} of {len(docs)} documents leaked personal data"


def test_same_value_same_placeholder_across_messages(client, upstream):
    upstream.reset()
    client.chat.completions.create(model="gpt-test", messages=[
        {"role": "user", "content": "Bitte schreibe an Frau Aylin Yıldırım, aylin.yildirim@example.org."},
        {"role": "assistant", "content": "Gern. Was soll ich Frau Yıldırım schreiben?"},
        {"role": "user", "content": "Dass Aylin Yıldırım den Termin am 12.03. bestätigt bekommt."},
    ])
    sent = upstream.received[-1]["messages"]
    text = " ".join(m["content"] for m in sent)
    assert "Yıldırım" not in text and "aylin.yildirim@example.org" not in text
    assert "12.03." in text  # a deadline is not personal data


def test_embeddings_input_is_redacted(client, upstream):
    upstream.reset()
    client.embeddings.create(model="embed-test",
                             input=["Antrag von Herrn Mehmet Öztürk, IBAN DE89 3704 0044 0532 0130 00"])
    sent = upstream.received[-1]["input"]
    assert "Öztürk" not in str(sent) and "DE89 3704 0044 0532 0130 00" not in str(sent)


def test_tool_arguments_are_redacted_and_restored(client, upstream):
    upstream.reset()
    result = client.chat.completions.create(
        model="gpt-tool", messages=[{"role": "user", "content": "Suche den Vorgang von Jan Kowalski"}],
        tools=[{"type": "function", "function": {"name": "lookup", "parameters": {"type": "object"}}}])
    assert "Kowalski" not in upstream.all_received_text()
    assert "Jan Kowalski" in result.choices[0].message.tool_calls[0].function.arguments
