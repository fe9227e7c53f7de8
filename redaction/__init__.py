"""German PII detection and reversible pseudonymisation. No HTTP, no storage; never imports `gateway`.

    redactor = Redactor(settings.redaction, department_ids=[...])   # once, at start-up
    session = redactor.new_session(department)                      # once per request
    body = session.redact_chat_request(body)                        # before the provider
    answer = session.restore_chat_response(answer)                  # after it
"""

from .analyzer import Redactor
from .entities import ENTITY_TYPES, DetectedEntity
from .errors import RedactionBlocked, RedactionUnavailable
from .restore import StreamRestorer
from .session import RedactionSession

__all__ = [
    "ENTITY_TYPES",
    "DetectedEntity",
    "RedactionBlocked",
    "RedactionSession",
    "RedactionUnavailable",
    "Redactor",
    "StreamRestorer",
]
