"""Property tests: round trip, streaming equals whole, sessions are isolated."""

from __future__ import annotations

import threading

from hypothesis import given, settings
from hypothesis import strategies as st

from redaction import Redactor

PIECES = st.sampled_from([
    "Frau Müller", " ", "Herr Yılmaz", "[PERSON_1]", "PERSON_2", "<person_1>", "[", "]", "_", "1", "s",
    "anna@example.de", "030 12345678", "Hauptstraße 5", "\n", "[LITERAL_1]", "[EMAIL_ADDRESS]", "ü", "Müllers",
])
TEXT = st.lists(st.one_of(PIECES, st.text(max_size=8)), max_size=14).map("".join)


@settings(max_examples=150, deadline=None)
@given(TEXT)
def test_restore_of_redact_is_identity(redactor: Redactor, text: str) -> None:
    session = redactor.new_session("bauamt")
    assert session.restore_text(session.redact_text(text)) == text


@settings(max_examples=60, deadline=None)
@given(TEXT, TEXT)
def test_streaming_equals_whole_for_every_split(redactor: Redactor, original: str, answer_noise: str) -> None:
    session = redactor.new_session("bauamt")
    redacted = session.redact_text(original)
    answer = answer_noise + redacted + answer_noise.upper()
    expected = session.restore_text(answer)
    for cut in range(len(answer) + 1):
        restorer = session.stream_restorer()
        assert restorer.feed(answer[:cut]) + restorer.feed(answer[cut:]) + restorer.flush() == expected
    restorer = session.stream_restorer()
    assert "".join(restorer.feed(c) for c in answer) + restorer.flush() == expected


def test_streaming_holds_back_only_a_possible_placeholder(redactor: Redactor) -> None:
    session = redactor.new_session("bauamt")
    session.redact_text("Frau Müller")
    restorer = session.stream_restorer()
    assert restorer.feed("Guten Tag Frau [PER") == "Guten Tag Frau "
    assert restorer.feed("SON_1]") == ""  # a closing digit/bracket could still follow
    assert restorer.feed(", wie") == "Müller, wie"
    assert restorer.flush() == ""


def test_concurrent_sessions_never_share_values(redactor: Redactor) -> None:
    names = [f"Frau Qx{chr(97 + i)}rbel" for i in range(8)]
    errors: list[str] = []

    def work(name: str) -> None:
        for _ in range(20):
            session = redactor.new_session("bauamt")
            redacted = session.redact_text(f"{name} hat angerufen.")
            restored = session.restore_text("[PERSON_1] [PERSON_2]")
            if session.restore_text(redacted) != f"{name} hat angerufen." or restored != f"{name[5:]} [PERSON_2]":
                errors.append(name)

    threads = [threading.Thread(target=work, args=(n,)) for n in names]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
