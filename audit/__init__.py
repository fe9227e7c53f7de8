"""Tamper-evident audit log, retention, exports and reports. Never imports `gateway`."""

from audit.config import AuditSettings
from audit.errors import AuditUnavailable
from audit.events import AuditEvent
from audit.log import AuditLog, open_audit_log
from audit.pseudonym import pseudonymize_user
from audit.signing import generate_signing_key_pem

__all__ = [
    "AuditEvent",
    "AuditLog",
    "AuditSettings",
    "AuditUnavailable",
    "generate_signing_key_pem",
    "open_audit_log",
    "pseudonymize_user",
]
