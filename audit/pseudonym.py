"""User pseudonyms: HMAC-SHA-256 with a key the DPO holds.

The key is deliberately not the key store's secret: IT can issue keys without being able to
map pseudonyms back to people; only the DPO (with this key) can, see docs/audit.md.
"""

from __future__ import annotations

import hashlib
import hmac


def pseudonymize_user(key: bytes | str, user_id: str) -> str:
    """Stable 64-hex pseudonym of `user_id`; without the key it cannot be reversed or guessed."""
    key_bytes = key.encode("utf-8") if isinstance(key, str) else key
    if not key_bytes:
        raise ValueError("pseudonym key is empty")
    return hmac.new(key_bytes, user_id.encode("utf-8"), hashlib.sha256).hexdigest()
