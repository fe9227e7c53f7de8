"""Personalausweis and Reisepass document numbers (ICAO Doc 9303 charset)."""

from __future__ import annotations

from typing import ClassVar

from presidio_analyzer import RecognizerResult

from .base import RegexRecognizer

ICAO_CHARS = "CFGHJKLMNPRTVWXYZ0123456789"


def icao_check_digit(value: str) -> int:
    weights = (7, 3, 1)
    total = 0
    for i, ch in enumerate(value):
        total += (int(ch) if ch.isdigit() else ord(ch) - 55) * weights[i % 3]
    return total % 10


class _DocumentNumberRecognizer(RegexRecognizer):
    """Shared logic: 9 characters as printed, optionally followed by the MRZ check digit.

    The printed number has no check digit of its own (presidio's recognizers wrongly treat the
    9th character as one and so reject most real numbers); a 10th digit, when present, is the
    MRZ check digit and is verified.
    """

    PATTERNS = [(r"(?<![\w-])[CFGHJKLMNPRTVWXYZ][CFGHJKLMNPRTVWXYZ0-9]{8}\d?(?![\w-])", 0.0)]
    OWN_CONTEXT: ClassVar[tuple[str, ...]] = ()
    OTHER_CONTEXT: ClassVar[tuple[str, ...]] = ()
    SCORE_WITHOUT_CONTEXT: ClassVar[float] = 0.0

    def evaluate(self, text: str, start: int, end: int, base: float) -> list[RecognizerResult]:
        value = text[start:end]
        if len(value) == 10 and icao_check_digit(value[:9]) != int(value[9]):
            return []
        window = text[max(0, start - self.CONTEXT_WINDOW) : start].lower()
        own = max((window.rfind(w) for w in self.OWN_CONTEXT), default=-1)
        other = max((window.rfind(w) for w in self.OTHER_CONTEXT), default=-1)
        if not any(c.isdigit() for c in value[1:9]) and not (len(value) == 10 and own >= 0 and own > other):
            return []  # all-letter tokens are words or acronyms, unless context and MRZ check digit agree
        if own >= 0 and own > other:
            return [self.result(start, end, 0.95)]
        if other >= 0:
            return []  # the nearest context word names the other document type
        if self.SCORE_WITHOUT_CONTEXT:
            return [self.result(start, end, self.SCORE_WITHOUT_CONTEXT)]
        return []


class IdCardRecognizer(_DocumentNumberRecognizer):
    """Personalausweisnummer (nPA since 2010): 9 characters from the ICAO charset, first a letter.

    Accepts: `L01X00T47` as printed, `L01X00T471` with MRZ check digit, with or without the
    words Personalausweis/Ausweisnummer nearby (without context only if it contains a digit).
    Knowingly not accepted: the pre-2010 format (`T22000124` is accepted only by shape),
    numbers containing letters outside the ICAO charset (A, B, D, E, I, O, Q, S, U).
    Legal basis: § 5 PAuswG. Without context a number of this shape is taken as an ID card
    number; with passport context it is left to PassportRecognizer.
    """

    ENTITY = "DE_ID_CARD"
    OWN_CONTEXT = ("ausweis", "perso", "pa-nr", "pa nr", "identity card", "id-karte", "id card")
    OTHER_CONTEXT = ("reisepass", "pass-nr", "passnummer", "passnr", "pass nr", "passport", "pass:", "pass ")
    SCORE_WITHOUT_CONTEXT = 0.6


class PassportRecognizer(_DocumentNumberRecognizer):
    """Reisepassnummer: 9 characters from the ICAO charset, first a letter (C, F, G, H, J, K).

    Accepts: `C01X00T41`, `C01X00T478` (with MRZ check digit), near the words Reisepass,
    Pass-Nr., Passnummer, passport.
    Knowingly not accepted: a passport number without such context (reported as DE_ID_CARD,
    which has the same format); foreign passport formats.
    Legal basis: § 4 PassG.
    """

    ENTITY = "DE_PASSPORT"
    OWN_CONTEXT = ("reisepass", "pass-nr", "passnummer", "passnr", "pass nr", "passport", "pass:", "pass ")
    OTHER_CONTEXT = IdCardRecognizer.OWN_CONTEXT
