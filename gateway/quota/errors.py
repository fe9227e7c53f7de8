"""The two ways a reservation can be refused, shaped so the HTTP edge can answer directly.

Messages are German because they go to pilot users unchanged. They name the limit and the
department but never the user id or any other personal data: they may end up in client logs.
"""

from __future__ import annotations


class QuotaExceeded(Exception):
    """A limit would be exceeded: the gateway answers 429 and calls no provider.

    `code` is the OpenAI error code: ``insufficient_quota`` for budgets and token allowances
    (waiting a minute does not help), ``rate_limit_exceeded`` for requests per minute and
    concurrent requests.
    """

    def __init__(
        self,
        code: str,
        message: str,
        retry_after_seconds: int,
        headers: dict[str, str],
        limit_name: str,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.retry_after_seconds = retry_after_seconds
        self.headers = headers
        # e.g. "department.eur_per_month": stable, free of personal data, usable as a metric label.
        self.limit_name = limit_name


class QuotaUnavailable(Exception):
    """The quota store could not answer in time: the gateway answers 503 and calls no provider.

    Raised instead of guessing. A replica that cannot reach the shared store must not admit
    requests on its own counters, or a global limit N silently becomes N x replicas.
    """

    status_code = 503
    code = "quota_unavailable"
    message = (
        "Die Kontingentprüfung ist vorübergehend nicht verfügbar. Die Anfrage wurde nicht "
        "weitergeleitet. Bitte versuchen Sie es in Kürze erneut."
    )
    retry_after_seconds = 5

    def __init__(self, reason: str = "store unavailable") -> None:
        # `reason` is for operators (logs, metrics): an exception class name or a short phrase,
        # never a URL (it could carry a password).
        super().__init__(self.message)
        self.reason = reason

    @property
    def headers(self) -> dict[str, str]:
        return {"Retry-After": str(self.retry_after_seconds)}
