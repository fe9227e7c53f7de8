"""Steuerliche Identifikationsnummer (Steuer-ID)."""

from __future__ import annotations

from presidio_analyzer.predefined_recognizers.country_specific.germany.de_tax_id_recognizer import (
    DeTaxIdRecognizer,
)

from .base import RegexRecognizer, compact

_PRESIDIO = DeTaxIdRecognizer()


class TaxIdRecognizer(RegexRecognizer):
    """Steuer-ID: 11 digits, first digit not 0, check digit ISO 7064 Mod 11,10.

    Accepts: `86095742719` and the grouping printed on notices, `86 095 742 719`.
    Knowingly not accepted: an invalid check digit, other groupings (`860 957 427 19`),
    the older Steuernummer (`21/815/08150`), which identifies a tax case, not a person.
    Legal basis: §§ 139a–139b AO. The checksum is presidio's DeTaxIdRecognizer (reused as is).
    """

    ENTITY = "DE_TAX_ID"
    PATTERNS = [
        (r"(?<![\w.,+])[1-9]\d{10}(?![\w]|[.,]\d)", 0.4),
        (r"(?<![\w.,+])[1-9]\d \d{3} \d{3} \d{3}(?![\w]|[.,]\d)", 0.4),
    ]
    CONTEXT = ("steuer", "identifikationsnummer", "idnr", "id-nr", "tin")

    def validate(self, value: str) -> bool | None:
        return bool(_PRESIDIO.validate_result(compact(value)))
