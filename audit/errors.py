"""Errors the gateway reacts to."""

from __future__ import annotations


class AuditUnavailable(Exception):
    """The audit store cannot take a record right now (down, locked or too slow).

    The gateway must refuse the request (503): nothing may go upstream without a committed
    "accepted" record. The message never contains event data.
    """
