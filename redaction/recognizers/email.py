"""E-mail addresses."""

from __future__ import annotations

from collections.abc import Iterator

import regex

from .base import RegexRecognizer, leftmost_matches

# The local part, read backwards from an "@", and the positions in it where the pattern can start.
_LOCAL_PART = regex.compile(r"[\w.+'-]*", regex.REVERSE)
_LOCAL_PART_START = regex.compile(r"(?<![\w.+-])")


class EmailRecognizer(RegexRecognizer):
    """E-mail addresses: local part, "@", domain with a top-level domain of ≥ 2 letters.

    Accepts: `anna.mueller@stadt-beispiel.de`, `m.yilmaz+antrag@web.de`, Unicode local parts
    and domains (`jürgen@müller.de`).
    Knowingly not accepted: addresses without a dot in the domain (`root@localhost`),
    obfuscated forms (`anna (at) example (dot) de`).
    Replaces presidio's EmailRecognizer, whose tldextract fetches the public suffix list
    from the network on first use.
    """

    ENTITY = "EMAIL_ADDRESS"
    PATTERNS = [
        (r"(?<![\w.+-])[\w.+'-]*\w@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}(?![\w-])", 0.95),
    ]

    def matches(self, pattern: regex.Pattern[str], text: str) -> Iterator[regex.Match[str]]:
        """Tried only in the local part before each "@": a search tries every word of the text."""
        return leftmost_matches(pattern, text, _possible_starts(text))


def _possible_starts(text: str) -> list[int]:
    """Positions the pattern's look-behind allows in the run of local-part characters before each "@".

    Not only the run's first: a match may end inside the run of the next one ("a@b.de'x@c.de").
    """
    starts: list[int] = []
    pos = 0
    while (at := text.find("@", pos)) >= 0:
        local = _LOCAL_PART.match(text, pos, at)
        starts += [m.start() for m in _LOCAL_PART_START.finditer(text, local.start(), at)]
        pos = at + 1
    return starts
