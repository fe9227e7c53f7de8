"""Krankenversichertennummer (KVNR, elektronische Gesundheitskarte)."""

from __future__ import annotations

from presidio_analyzer.predefined_recognizers.country_specific.germany.de_health_insurance_recognizer import (
    DeHealthInsuranceRecognizer,
)

from .base import RegexRecognizer, compact

_PRESIDIO = DeHealthInsuranceRecognizer()


class HealthInsuranceRecognizer(RegexRecognizer):
    """KVNR: one capital letter and nine digits, the last a check digit (§ 290 SGB V, Anlage 1).

    Accepts: `A123456780`, `A 123456780`, `A 123 456 780` (valid check digit).
    Knowingly not accepted: an invalid check digit; the 30-digit institutional number of the
    card; Krankenkassen-IK numbers (9 digits, no letter).
    Legal basis: § 290 SGB V; health data under DSGVO Art. 9 (checksum from presidio).
    """

    ENTITY = "DE_HEALTH_INSURANCE"
    PATTERNS = [(r"(?<![\w.,])[A-Z] ?(?:\d{9}|\d{3} \d{3} \d{3})(?![\w]|[.,]\d)", 0.4)]
    CONTEXT = ("versicherten", "krankenversicher", "kvnr", "gesundheitskarte", "egk", "krankenkasse")

    def validate(self, value: str) -> bool | None:
        return bool(_PRESIDIO.validate_result(compact(value)))
