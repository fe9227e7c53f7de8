"""Sozialversicherungsnummer (Rentenversicherungsnummer)."""

from __future__ import annotations

from presidio_analyzer.predefined_recognizers.country_specific.germany.de_social_security_recognizer import (
    DeSocialSecurityRecognizer,
)

from .base import RegexRecognizer, compact

_PRESIDIO = DeSocialSecurityRecognizer()


class SocialSecurityRecognizer(RegexRecognizer):
    """Versicherungsnummer: area (2 digits), birth date DDMMYY, initial letter, serial, check digit.

    Accepts: `15070649C103`, the printed grouping `15 070649 C 103`, and `15 070649 C103`.
    Knowingly not accepted: an invalid check digit or impossible day/month, lower-case letter
    in running text (`15070649c103`).
    Legal basis: § 147 SGB VI, VKVV § 4 (checksum from presidio's DeSocialSecurityRecognizer).
    """

    ENTITY = "DE_SOCIAL_SECURITY"
    PATTERNS = [(r"(?<![\w.,])\d{2} ?\d{6} ?[A-Z] ?\d{3}(?!\w)", 0.4)]
    CONTEXT = ("sozialversicherung", "versicherungsnummer", "rentenversicherung", "svnr", "sv-nr", "rvnr")

    def validate(self, value: str) -> bool | None:
        return bool(_PRESIDIO.validate_result(compact(value)))
