"""KFZ-Kennzeichen (vehicle registration plates)."""

from __future__ import annotations

from presidio_analyzer import RecognizerResult

from .base import RegexRecognizer

# Letter groups that look like a district code but start legal references or acronyms.
NOT_DISTRICTS = frozenset({
    "SGB", "BGB", "AO", "GG", "EU", "DE", "IT", "PC", "HGB", "STGB", "ZPO", "VWGO", "ABS", "ART", "NR",
    "KW", "MWST", "UST", "ID", "OK", "CSV", "PDF", "API", "URL", "VW", "DIN", "ISO", "TV", "EG", "OG", "UG",
    "AG", "KG", "SE", "CO", "DR", "RE", "AZ", "TEL", "FAX", "IBAN", "BIC", "USB", "LAN", "VPN", "IP", "RAM",
})


class KfzRecognizer(RegexRecognizer):
    """Kennzeichen: district code (1–3 letters), 1–2 letters, 1–4 digits, optional E/H.

    Accepts: `B-AB 1234`, `M XY 123E`, `HH-A 12`, `KA-EF 1H`, `MÜ-AB 12`, `B AB 1234`.
    Knowingly not accepted: plates without any separator (`BAB1234`), seasonal plates' month
    marks, special plates (`0-1`, `Y-…` of the Bundeswehr), legal references that happen to
    have the same shape (`SGB X 12` is excluded by a list of non-district codes).
    Legal basis: § 8 FZV; personal data when linked to a keeper (DSGVO Art. 4 Nr. 1).
    """

    ENTITY = "DE_KFZ"
    PATTERNS = [
        (r"(?<![\w-])(?P<d>[A-ZÄÖÜ]{1,3})-(?:[A-Z]{1,2})[ -]?\d{1,4}[EH]?(?![\w-])", 0.7),
        (r"(?<![\w-])(?P<d>[A-ZÄÖÜ]{1,3}) (?:[A-Z]{1,2}) \d{1,4}[EH]?(?![\w-]|[.,]\d)", 0.55),
    ]
    CONTEXT = ("kennzeichen", "kfz", "fahrzeug", "pkw", "lkw", "auto", "zulassung", "wagen", "parkt")

    def evaluate(self, text: str, start: int, end: int, base: float) -> list[RecognizerResult]:
        district = text[start:end].replace("-", " ").split(" ")[0]
        if district.upper() in NOT_DISTRICTS:
            return []
        return super().evaluate(text, start, end, base)
