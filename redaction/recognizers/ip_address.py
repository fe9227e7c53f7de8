"""IPv4 and IPv6 addresses."""

from __future__ import annotations

import ipaddress

from .base import RegexRecognizer


class IpAddressRecognizer(RegexRecognizer):
    """IPv4 dotted quads (each octet ≤ 255) and IPv6 addresses the standard library accepts.

    Accepts: `192.168.10.24`, `10.0.0.1`, `2001:db8::8a2e:370:7334`, `::1`, `fe80::1%eth0`
    (without the zone), IPv4 with a `/24` prefix (the prefix stays outside the entity).
    Knowingly not accepted: version numbers after "Version"/"v" (`Version 1.2.3.4`), times
    (`10:30:00`), dates (`01.02.2024`, which has only three parts).
    IP addresses are personal data (CJEU C-582/14, Breyer).
    """

    ENTITY = "IP_ADDRESS"
    PATTERNS = [
        (r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w]|\.\d)", 0.9),
        (r"(?<![\w:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![\w:])", 0.9),
    ]
    CONTEXT = ("version", "v", "ver.")
    CONTEXT_WINDOW = 9

    def evaluate(self, text: str, start: int, end: int, base: float):  # type: ignore[override]
        value = text[start:end]
        try:
            ipaddress.ip_address(value)
        except ValueError:
            return []
        before = text[max(0, start - 9) : start].lower().rstrip()
        if before.endswith(("version", " v", "ver.", "v.")) or before == "v":
            return []
        return [self.result(start, end, base)]
