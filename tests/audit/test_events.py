"""The allowlist: no extra fields, and no field that can carry free text or personal data."""

from __future__ import annotations

from datetime import datetime

import pytest
from pydantic import ValidationError

from audit import AuditEvent, pseudonymize_user

SMUGGLED = ["Max Mustermann", "max@example.org", "DE89 3704 0044 0532 0130 00", "Bitte prüfen Sie", "a\nb"]


def test_unknown_field_is_rejected() -> None:
    with pytest.raises(ValidationError):
        AuditEvent(event_type="request.accepted", prompt="Hallo Welt")  # type: ignore[call-arg]


def test_unknown_event_type_is_rejected() -> None:
    with pytest.raises(ValidationError):
        AuditEvent(event_type="request.debug")  # type: ignore[arg-type]


@pytest.mark.parametrize("field", ["request_id", "user", "department", "model", "provider", "endpoint",
                                   "outcome", "error_class", "policy_decision", "policy_hash",
                                   "client_name", "key_id", "role", "case_ref"])
@pytest.mark.parametrize("text", SMUGGLED)
def test_string_fields_refuse_free_text(field: str, text: str) -> None:
    with pytest.raises(ValidationError):
        AuditEvent.model_validate({"event_type": "request.accepted", field: text})


@pytest.mark.parametrize("key", ["Max Mustermann", "person", "DE_IBAN: DE89370400440532013000", ""])
def test_entity_counts_keys_must_be_type_names(key: str) -> None:
    with pytest.raises(ValidationError):
        AuditEvent(event_type="request.completed", entity_counts={key: 1})


def test_entity_counts_accepts_type_names() -> None:
    event = AuditEvent(event_type="request.completed", entity_counts={"PERSON": 2, "DE_IBAN": 1})
    assert event.entity_counts == {"PERSON": 2, "DE_IBAN": 1}


@pytest.mark.parametrize("value", [float("nan"), float("inf"), -1.0])
def test_measures_are_finite_and_non_negative(value: float) -> None:
    with pytest.raises(ValidationError):
        AuditEvent(event_type="request.completed", cost_eur=value)


def test_naive_time_is_rejected() -> None:
    with pytest.raises(ValidationError):
        AuditEvent(event_type="request.accepted", time=datetime(2025, 1, 1, 12, 0))


def test_pseudonym_is_keyed_and_stable() -> None:
    a = pseudonymize_user("key-1", "alice")
    assert a == pseudonymize_user(b"key-1", "alice")
    assert a != pseudonymize_user("key-2", "alice")
    assert a != pseudonymize_user("key-1", "bob")
    assert "alice" not in a
    AuditEvent(event_type="request.accepted", user=a)  # fits the user field


def test_empty_pseudonym_key_is_refused() -> None:
    with pytest.raises(ValueError):
        pseudonymize_user("", "alice")
