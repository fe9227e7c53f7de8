"""Structured JSON logs that cannot carry personal data or keys.

Two defences: log calls in the gateway pass only allowlisted fields (ids, department, model,
outcome, durations), and every record, including its traceback, goes through `scrub()`
before it is written. Tracebacks keep file, line and function and the exception's class, but
never its message or the source line, because either may quote request content.
"""

from __future__ import annotations

import logging
import re
import sys
import traceback
from datetime import UTC, datetime
from types import TracebackType
from typing import Any

import orjson

# Values that must never appear in a log line, whatever code produced them.
_SECRET_PATTERNS = [
    (re.compile(r"sk-[A-Za-z0-9_-]{8,}"), "[KEY]"),
    (re.compile(r"(?i)bearer\s+[A-Za-z0-9._~+/=-]{8,}"), "Bearer [KEY]"),
    (re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+"), "[EMAIL]"),
    (re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){3,7}(?: ?[A-Z0-9]{1,3})?\b"), "[IBAN]"),
    (re.compile(r"\+?\d[\d /()-]{7,}\d"), "[NUMBER]"),
    (re.compile(r"(?i)(password|passwd|secret|token|api[_-]?key)=\S+"), r"\1=[SECRET]"),
]
# Our request ids pass unscrubbed when they have exactly our format: they are random hex and
# sometimes hold ten digits in a row, which the number pattern would blank out.
_REQUEST_ID = re.compile(r"req_[0-9a-f]{32}")
_FIELDS = ("request_id", "department", "model", "provider", "endpoint", "outcome", "status", "error_class",
           "duration_ms", "ttfb_ms", "upstream_ms", "stream", "event")


def scrub(text: str) -> str:
    for pattern, replacement in _SECRET_PATTERNS:
        text = pattern.sub(replacement, text)
    return text


def format_exception(exc_type: type[BaseException] | None, tb: TracebackType | None) -> str:
    """Frames and exception classes only: no messages, no source lines, no local values."""
    frames = [f"{f.filename}:{f.lineno} in {f.name}" for f in traceback.extract_tb(tb)]
    name = exc_type.__name__ if exc_type else "Exception"
    return " | ".join([*frames, name])


def _field_text(field: str, value: str) -> str:
    return value if field == "request_id" and _REQUEST_ID.fullmatch(value) else scrub(value)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": scrub(record.getMessage()),
        }
        for field in _FIELDS:
            value = getattr(record, field, None)
            if value is not None:
                entry[field] = value if isinstance(value, int | float | bool) else _field_text(field, str(value))
        if record.exc_info:
            entry["exception"] = format_exception(record.exc_info[0], record.exc_info[2])
        return orjson.dumps(entry).decode()


def configure_logging(level: str = "info") -> None:
    """JSON on stderr for our loggers and uvicorn's; scrub uncaught exceptions too."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access", "LiteLLM", "LiteLLM Router", "LiteLLM Proxy",
                 "httpx", "presidio-analyzer"):
        logger = logging.getLogger(name)
        logger.handlers[:] = []
        logger.propagate = True
    # uvicorn's access log line carries the full path incl. query string: we log requests ourselves.
    logging.getLogger("uvicorn.access").disabled = True
    for noisy in ("httpx", "LiteLLM", "presidio-analyzer"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    sys.excepthook = _excepthook


def _excepthook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    logging.getLogger("gateway").error("uncaught exception", exc_info=(exc_type, exc, tb))
