"""E-mail addresses."""

from __future__ import annotations

from .base import RegexRecognizer


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
