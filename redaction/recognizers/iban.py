"""International bank account numbers (IBAN)."""

from __future__ import annotations

from collections.abc import Iterator

import regex
from presidio_analyzer import RecognizerResult

from .base import RegexRecognizer, leftmost_matches

_DIGITS = regex.compile(r"\d+")

# ISO 13616 lengths for SEPA countries and neighbours.
IBAN_LENGTHS = {
    "AD": 24, "AT": 20, "BA": 20, "BE": 16, "BG": 22, "CH": 21, "CY": 28, "CZ": 24, "DE": 22,
    "DK": 18, "EE": 20, "ES": 24, "FI": 18, "FR": 27, "GB": 22, "GI": 23, "GR": 27, "HR": 21,
    "HU": 28, "IE": 22, "IS": 26, "IT": 27, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "MC": 27,
    "ME": 22, "MK": 19, "MT": 31, "NL": 18, "NO": 15, "PL": 28, "PT": 25, "RO": 24, "RS": 22,
    "SE": 24, "SI": 19, "SK": 24, "SM": 27, "TR": 26, "UA": 29, "VA": 22, "XK": 20, "AL": 28,
}


def iban_is_valid(iban: str) -> bool:
    """ISO 7064 mod 97-10 over the rearranged IBAN."""
    if len(iban) != IBAN_LENGTHS.get(iban[:2], -1) or not iban[2:4].isdigit():
        return False
    digits = "".join(str(int(c, 36)) for c in iban[4:] + iban[:4])
    return int(digits) % 97 == 1


class IbanRecognizer(RegexRecognizer):
    """IBAN, compact or in groups of four, validated by country length and mod-97 checksum.

    Accepts: `DE89370400440532013000`, `DE89 3704 0044 0532 0130 00`, `de89 …` (lower case),
    `AT61 1904 3002 3457 3201`.
    Knowingly not accepted: an invalid checksum or wrong length (a typo yields no entity), IBANs
    of countries missing from IBAN_LENGTHS, groups separated by anything but single spaces.
    Legal basis: ISO 13616; personal data under DSGVO Art. 4 Nr. 1 when held by a person.
    """

    ENTITY = "IBAN_CODE"
    PATTERNS = [(r"(?<![\w])[A-Za-z]{2}\d{2}(?: ?[A-Za-z0-9]){10,30}", 0.5)]

    def matches(self, pattern: regex.Pattern[str], text: str) -> Iterator[regex.Match[str]]:
        """Tried only at the two letters before each run of digits: a search tries every word."""
        starts = (digits.start() - 2 for digits in _DIGITS.finditer(text) if digits.start() >= 2)
        return leftmost_matches(pattern, text, starts)

    def evaluate(self, text: str, start: int, end: int, base: float) -> list[RecognizerResult]:
        # The pattern may run into the next word ("… 0130 00 BIC"); cut at the country length.
        country = text[start : start + 2].upper()
        length = IBAN_LENGTHS.get(country)
        if length is None:
            return []
        chars: list[str] = []
        pos = start
        while pos < end and len(chars) < length:
            if text[pos] != " ":
                chars.append(text[pos].upper())
            pos += 1
        if len(chars) < length or (pos < len(text) and text[pos].isalnum()):
            return []
        if not iban_is_valid("".join(chars)):
            return []
        return [self.result(start, pos, 1.0)]
