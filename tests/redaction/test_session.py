"""Pseudonymisation, policies, chat bodies, restore."""

from __future__ import annotations

import json
import socket

import pytest

from redaction import RedactionBlocked, RedactionUnavailable, Redactor
from redaction.config import RedactionPolicy, RedactionSettings
from redaction.recognizers import load_registry
from redaction.recognizers.email import EmailRecognizer


def test_same_value_same_placeholder_across_messages(redactor: Redactor) -> None:
    session = redactor.new_session("bauamt")
    body = {
        "model": "m",
        "messages": [
            {"role": "system", "content": "Antworte knapp."},
            {"role": "user", "content": "Frau Müller hat angerufen."},
            {"role": "assistant", "content": "Was wollte Frau Müller?"},
            {"role": "user", "content": [{"type": "text", "text": "Müllers Antrag fehlt."}]},
        ],
    }
    out = session.redact_chat_request(body)
    assert body["messages"][1]["content"] == "Frau Müller hat angerufen."  # input untouched
    assert out["messages"][1]["content"] == "Frau [PERSON_1] hat angerufen."
    assert out["messages"][2]["content"] == "Was wollte Frau [PERSON_1]?"
    assert out["messages"][3]["content"][0]["text"] == "[PERSON_1]s Antrag fehlt."
    assert session.entity_counts == {"PERSON": 3}


def test_tool_calls_and_results(redactor: Redactor) -> None:
    session = redactor.new_session("bauamt")
    arguments = json.dumps({"empfaenger": "anna.mueller@example.de", "anzahl": 3})
    body = {
        "messages": [
            {"role": "assistant", "content": None, "tool_calls": [
                {"id": "c1", "type": "function", "function": {"name": "mail", "arguments": arguments}}]},
            {"role": "tool", "tool_call_id": "c1", "content": "Gesendet an anna.mueller@example.de"},
        ],
        "tools": [{"type": "function", "function": {"name": "mail", "description": "Mail an Herrn Schmidt"}}],
    }
    out = session.redact_chat_request(body)
    args = json.loads(out["messages"][0]["tool_calls"][0]["function"]["arguments"])
    assert args == {"empfaenger": "[EMAIL_ADDRESS_1]", "anzahl": 3}
    assert out["messages"][1]["content"] == "Gesendet an [EMAIL_ADDRESS_1]"
    assert "Schmidt" not in out["tools"][0]["function"]["description"]


def test_restore_chat_response_escapes_json_arguments(redactor: Redactor) -> None:
    session = redactor.new_session("bauamt")
    session.redact_text('Herr Hans "Hansi" Meier')  # value with quotes, restored into JSON
    placeholder = next(iter(session._placeholders.values()))
    response = {"choices": [{"index": 0, "message": {
        "role": "assistant", "content": f"Hallo {placeholder}!",
        "tool_calls": [{"id": "x", "type": "function",
                        "function": {"name": "f", "arguments": json.dumps({"n": placeholder})}}]}}]}
    out = session.restore_chat_response(response)
    value = session.restore_text(placeholder)
    assert out["choices"][0]["message"]["content"] == f"Hallo {value}!"
    assert json.loads(out["choices"][0]["message"]["tool_calls"][0]["function"]["arguments"]) == {"n": value}


def test_policy_mask_block_allow_and_lists(redactor: Redactor) -> None:
    session = redactor.new_session("sozialamt")
    text = "Mail an a.b@example.de, Kennzeichen B-AB 1234, OB Dieter Reiter, Projekt Falke."
    out = session.redact_text(text)
    assert "[EMAIL_ADDRESS]" in out and session.restore_text(out).count("a.b@example.de") == 0  # irreversible
    assert "B-AB 1234" in out  # allow
    assert "Dieter Reiter" in out  # allow list
    assert "Projekt Falke" not in out  # deny list
    with pytest.raises(RedactionBlocked) as exc:
        session.redact_chat_request({"messages": [
            {"role": "user", "content": "IBAN DE89 3704 0044 0532 0130 00"},
            {"role": "user", "content": "Frau Müller"}]})
    assert exc.value.entity_types == ["IBAN_CODE"]
    assert "DE89" not in str(exc.value)


def test_policy_hash_differs_by_department(redactor: Redactor) -> None:
    assert redactor.policy_hash("sozialamt") != redactor.policy_hash("bauamt")
    assert len(redactor.policy_hash("bauamt")) == 64
    assert redactor.policy("sozialamt").actions["IBAN_CODE"] == "block"


def test_embedding_input_is_masked_and_token_ids_pass(redactor: Redactor) -> None:
    session = redactor.new_session("bauamt")
    assert session.redact_embedding_input("Frau Müller") == "Frau [PERSON]"
    assert session.redact_embedding_input(["a@b.de", "x"]) == ["[EMAIL_ADDRESS]", "x"]
    assert session.redact_embedding_input([1, 2, 3]) == [1, 2, 3]
    assert session.redact_embedding_input([[1, 2], [3]]) == [[1, 2], [3]]


def test_user_literal_placeholder_is_never_restored_to_data(redactor: Redactor) -> None:
    session = redactor.new_session("bauamt")
    out = session.redact_text("Was bedeutet [PERSON_1]? Frau Müller fragt.")
    assert "[LITERAL_1]" in out and "[PERSON_1]" in out
    assert session.restore_text("[LITERAL_1]") == "[PERSON_1]"
    assert session.restore_text("[PERSON_1]") == "Müller"


@pytest.mark.parametrize("spelling", ["[PERSON_1]", "<PERSON_1>", "[person_1]", "PERSON_1", "{PERSON_1}",
                                      "[PERSON 1]", "[ PERSON_1 ]"])
def test_tolerant_restore(redactor: Redactor, spelling: str) -> None:
    session = redactor.new_session("bauamt")
    session.redact_text("Frau Müller")
    assert session.restore_text(f'"{spelling}"s Antrag') == '"Müller"s Antrag'


def test_unissued_and_masked_placeholders_stay(redactor: Redactor) -> None:
    session = redactor.new_session("bauamt")
    session.redact_text("Frau Müller")
    assert session.restore_text("[PERSON_2] [PERSON] Person 1") == "[PERSON_2] [PERSON] Person 1"


def test_unknown_entity_in_policy_refuses_start() -> None:
    with pytest.raises(ValueError, match="NOT_A_TYPE"):
        Redactor(RedactionSettings(default_policy=RedactionPolicy(actions={"NOT_A_TYPE": "mask"})), [])


def test_entity_without_recognizer_refuses_start() -> None:
    with pytest.raises(ValueError, match="DE_FUEHRERSCHEIN"):
        Redactor(RedactionSettings(entities=["PERSON", "DE_FUEHRERSCHEIN"]), [])


def test_recognizer_relying_on_presidio_context_pass_refuses_start(monkeypatch: pytest.MonkeyPatch) -> None:
    class ContextRecognizer(EmailRecognizer):
        def enhance_using_context(self, text, raw_recognizer_results, *args, **kwargs):  # type: ignore[no-untyped-def]
            return raw_recognizer_results

    monkeypatch.setattr("redaction.analyzer.load_registry", lambda: [*load_registry(), ContextRecognizer()])
    with pytest.raises(ValueError, match="ContextRecognizer"):
        Redactor(RedactionSettings(), [])


def test_time_budget_fails_closed() -> None:
    slow = Redactor(RedactionSettings(time_budget_ms=0), [])  # warm-up runs outside any session
    with pytest.raises(RedactionUnavailable):
        slow.new_session(None).redact_text("Frau Müller " * 200)


def test_no_network_during_startup_and_analysis(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    r = Redactor(RedactionSettings(), [])
    assert r.analyze("Mail an anna@example.co.uk")[0].type == "EMAIL_ADDRESS"


def test_placeholder_text_glued_to_other_text_is_never_restored(redactor: Redactor) -> None:
    for text in ("PERSON_2PERSON_2Frau Müller und Frau Schmidt", "Frau MüllerPERSON_1 x", "aPERSON_1"):
        session = redactor.new_session(None)
        assert session.restore_text(session.redact_text(text)) == text
