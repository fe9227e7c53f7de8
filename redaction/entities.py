"""The one result type detection hands out; offsets are into the analysed text."""

from __future__ import annotations

from dataclasses import dataclass

# Canonical entity type names shared with the evaluation corpus and the audit counts.
ENTITY_TYPES: tuple[str, ...] = (
    "PERSON",
    "ADDRESS",
    "PHONE_NUMBER",
    "EMAIL_ADDRESS",
    "IBAN_CODE",
    "CREDIT_CARD",
    "DATE_OF_BIRTH",
    "DE_TAX_ID",
    "DE_SOCIAL_SECURITY",
    "DE_ID_CARD",
    "DE_PASSPORT",
    "DE_HEALTH_INSURANCE",
    "DE_KFZ",
    "IP_ADDRESS",
)

# Terms from a policy's deny list are reported under this type.
DENY_LIST_TYPE = "CUSTOM_TERM"


@dataclass(frozen=True, slots=True)
class DetectedEntity:
    type: str
    start: int
    end: int
    score: float
