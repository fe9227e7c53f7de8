"""Log lines: allowlisted fields, scrubbed values, our own identifiers intact."""

from __future__ import annotations

import logging

import orjson

from gateway.logs import JsonFormatter


def _format(**fields: object) -> dict[str, object]:
    record = logging.LogRecord("gateway.request", logging.INFO, __file__, 1, "request finished", None, None)
    for name, value in fields.items():
        setattr(record, name, value)
    return orjson.loads(JsonFormatter().format(record))


def test_request_id_with_a_run_of_digits_is_kept() -> None:
    request_id = "req_6a46de6f1360487492f0154b8a11f71f"  # ten digits in a row look like a phone number
    assert _format(request_id=request_id)["request_id"] == request_id


def test_request_id_of_another_shape_is_scrubbed() -> None:
    entry = _format(request_id="req_anna.mueller@example.de", department="Tel. 030 12345678")
    assert "anna.mueller" not in str(entry) and "12345678" not in str(entry)
    assert entry["request_id"] == "[EMAIL]" and entry["department"] == "Tel. [NUMBER]"


def test_fields_outside_the_allowlist_are_dropped() -> None:
    entry = _format(request_id="req_" + "a" * 32, prompt="Frau Müller, geb. 03.04.1985")
    assert "prompt" not in entry and "Müller" not in str(entry)
