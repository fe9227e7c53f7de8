"""One Redactor for the whole redaction test module (start-up is ~0.2 s, imports ~3 s)."""

from __future__ import annotations

import pytest

from redaction import Redactor
from redaction.config import RedactionPolicy, RedactionSettings


@pytest.fixture(scope="session")
def redactor() -> Redactor:
    settings = RedactionSettings(
        departments={
            "sozialamt": RedactionPolicy(
                actions={"EMAIL_ADDRESS": "mask", "IBAN_CODE": "block", "DE_KFZ": "allow"},
                allow_list=["Dieter Reiter"],
                deny_list=["Projekt Falke"],
            )
        }
    )
    return Redactor(settings, department_ids=["sozialamt", "bauamt"])
