"""Payment card numbers."""

from __future__ import annotations

import regex

from .base import RegexRecognizer, compact

_ISSUER = regex.compile(r"^(?:4|5[1-5]|2(?:2[2-9]|[3-6]\d|7[01]|720)|3[47]|3[0689]|6(?:011|5|4[4-9])|35|5[06-9]|6)")


def luhn_is_valid(number: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(number)):
        d = int(ch)
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


class CreditCardRecognizer(RegexRecognizer):
    """Card numbers of 13–19 digits with a valid Luhn check digit and a known issuer prefix.

    Accepts: Visa `4111 1111 1111 1111`, Mastercard 51–55 and the 2-series 2221–2720
    (`2223 0031 2200 3222`), Amex `3782 822463 10005`, Maestro/Discover/JCB; separated by
    spaces or hyphens or compact.
    Knowingly not accepted: numbers failing Luhn, masked numbers (`**** 1234`), unknown issuers.
    Replaces presidio's CreditCardRecognizer, which misses the Mastercard 2-series.
    """

    ENTITY = "CREDIT_CARD"
    PATTERNS = [(r"(?<![\w.,])\d(?:[ -]?\d){12,18}(?![\w]|[.,]\d)", 0.5)]

    def validate(self, value: str) -> bool | None:
        digits = compact(value)
        if not 13 <= len(digits) <= 19 or not _ISSUER.match(digits):
            return False
        return luhn_is_valid(digits)
