"""Telephone and fax numbers."""

from __future__ import annotations

import regex
from presidio_analyzer import RecognizerResult

from .base import RegexRecognizer

_GROUP_TAIL = regex.compile(r"[\s/-]+\d+$")
_AFTER_AMOUNT = regex.compile(r"\s*(?:€|EUR\b|Euro\b|%|Prozent\b|Stück\b|km\b|Jahre\b)", regex.IGNORECASE)


class PhoneRecognizer(RegexRecognizer):
    """German landline and mobile numbers, international forms, and extensions with context.

    Accepts: `030 12345678`, `030/123456-78`, `(030) 1234 5678`, `0171/1234567`,
    `0171 123 45 67`, `+49 30 1234567`, `+49 (0)89 123456-0`, `0049 89 123456`,
    `+90 532 123 45 67`, and an extension `406-2402` or `-2402` only after a word such as
    Durchwahl, Tel., Telefon, Fax, Mobil, erreichbar.
    Knowingly not accepted: numbers separated by dots (`030.123456`, too close to dates and
    amounts), numbers without a leading 0/+/00 and without context, amounts (`12.345,67 EUR`),
    dates, PLZ (`01067 Dresden`), vanity numbers (`0800-BEHOERDE`).
    """

    ENTITY = "PHONE_NUMBER"
    PATTERNS = [
        (r"(?<![\w+])(?:\+|00)[1-9]\d{0,2}[ /-]?(?:\(0\)[ /-]?)?\(?\d{1,5}\)?(?:(?: ?[/-] ?| )?\d{1,8}){1,5}", 0.8),
        (r"(?<![\w./+-])\(?0[1-9]\d{1,4}\)?(?: ?[/-] ?| )?\d{2,8}(?:[ -]?\d{1,8}){0,4}", 0.7),
        (r"(?i:tel\.?|telefon|fon|fax|mobil|handy|durchwahl|nebenstelle|erreichbar|rufnummer|dw\.?)"
         r"[^\n\d]{0,25}?(?<![\w.,/-])(?P<v>\d{2,5}-\d{1,5}|-\d{2,5})(?![\w]|[.,]\d)", 0.75),
    ]

    def evaluate(self, text: str, start: int, end: int, base: float) -> list[RecognizerResult]:
        value = text[start:end]
        while sum(c.isdigit() for c in value) > 15:
            shorter = _GROUP_TAIL.sub("", value)
            if shorter == value:
                return []
            value = shorter
        end = start + len(value)
        if value.count("/") >= 2 or (text[end : end + 1] == "/" and text[end + 1 : end + 2].isdigit()):
            return []  # Steuernummer or file number (21/815/08150), not a phone number
        digits = sum(c.isdigit() for c in value)
        if digits < (3 if base == 0.75 else 6):
            return []
        if end < len(text) and text[end] in ".," and end + 1 < len(text) and text[end + 1].isdigit():
            return []
        if _AFTER_AMOUNT.match(text, end):
            return []
        return [self.result(start, end, base)]
