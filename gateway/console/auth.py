"""Console login: signed session cookies, CSRF tokens, and the failed-login throttle.

A console credential is an API key carrying a console role (`admin`, `dpo`, `finance`); the key
itself is checked once at login and never stored in the cookie. The cookie holds the key id, the
roles and a CSRF token, signed (itsdangerous, HMAC-SHA-1 over the server's session secret) with
its issue time: it expires after `session_minutes` whatever the browser does. Every request also
checks that the key is still unrevoked, so revoking a console key ends its sessions at once.

The failed-login throttle lives in this process's memory: after `login_max_failures` failures
from one client address within the window, further attempts from it are refused until the
oldest failure leaves the window. With several replicas each counts on its own (the bound
multiplies by the replica count); a restart forgets the counts. Both are acceptable for a
console on the internal network; a shared store would be needed to make the bound exact.
"""

from __future__ import annotations

import hmac
import secrets
import time
from collections import OrderedDict, deque
from dataclasses import dataclass

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from gateway.keys import CONSOLE_ROLES

SESSION_COOKIE = "gw_console"
LOGIN_COOKIE = "gw_console_login"
CSRF_FIELD = "csrf_token"


@dataclass(frozen=True)
class ConsoleUser:
    """Who is logged in to the console (from the signed cookie)."""

    key_id: str
    user_id: str
    department: str
    roles: frozenset[str]
    csrf: str

    def may(self, role: str) -> bool:
        return role in self.roles


class Sessions:
    """Issue and read session cookies and the pre-login CSRF cookie."""

    def __init__(self, secret: str, max_age_seconds: int) -> None:
        self._serializer = URLSafeTimedSerializer(secret, salt="gateway-console-session")
        self._login_serializer = URLSafeTimedSerializer(secret, salt="gateway-console-login")
        self.max_age = max_age_seconds

    def issue(self, key_id: str, user_id: str, department: str, roles: frozenset[str]) -> tuple[str, ConsoleUser]:
        user = ConsoleUser(key_id, user_id, department, roles & CONSOLE_ROLES, secrets.token_urlsafe(32))
        payload = {"k": user.key_id, "u": user.user_id, "d": user.department, "r": sorted(user.roles),
                   "c": user.csrf}
        return self._serializer.dumps(payload), user

    def read(self, cookie: str | None) -> ConsoleUser | None:
        if not cookie:
            return None
        try:
            data = self._serializer.loads(cookie, max_age=self.max_age)
        except (BadSignature, SignatureExpired):
            return None
        try:
            return ConsoleUser(str(data["k"]), str(data["u"]), str(data["d"]), frozenset(data["r"]), str(data["c"]))
        except (KeyError, TypeError):
            return None

    def login_token(self) -> tuple[str, str]:
        """(cookie value, form token) for the login form: double submit, since no session exists yet."""
        token = secrets.token_urlsafe(32)
        return self._login_serializer.dumps(token), token

    def login_token_valid(self, cookie: str | None, submitted: str | None) -> bool:
        if not cookie or not submitted:
            return False
        try:
            expected = self._login_serializer.loads(cookie, max_age=3600)
        except (BadSignature, SignatureExpired):
            return False
        return isinstance(expected, str) and hmac.compare_digest(expected, submitted)


def csrf_valid(user: ConsoleUser, submitted: object) -> bool:
    return isinstance(submitted, str) and hmac.compare_digest(user.csrf, submitted)


class LoginThrottle:
    """Failed logins per client address in a sliding window (in memory, see module docstring)."""

    def __init__(self, max_failures: int, window_seconds: float, max_clients: int = 10_000) -> None:
        self.max_failures = max_failures
        self.window = window_seconds
        self._failures: OrderedDict[str, deque[float]] = OrderedDict()
        self._max_clients = max_clients

    def retry_after(self, client: str, now: float | None = None) -> int:
        """Seconds until `client` may try again; 0 when it may try now."""
        now = time.monotonic() if now is None else now
        recent = self._recent(client, now)
        if len(recent) < self.max_failures:
            return 0
        return max(1, int(recent[0] + self.window - now + 0.999))

    def failed(self, client: str, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        recent = self._recent(client, now)
        recent.append(now)
        self._failures[client] = recent
        self._failures.move_to_end(client)
        while len(self._failures) > self._max_clients:
            self._failures.popitem(last=False)  # bounded memory: forget the longest-quiet client

    def succeeded(self, client: str) -> None:
        self._failures.pop(client, None)

    def _recent(self, client: str, now: float) -> deque[float]:
        recent = self._failures.get(client, deque())
        while recent and recent[0] <= now - self.window:
            recent.popleft()
        return recent
