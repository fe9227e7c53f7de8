"""Hypothesis strategies for valid audit events."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import strategies as st

from audit import AuditEvent

_tokens = st.from_regex(r"[a-z][a-z0-9_]{0,10}", fullmatch=True)
_hex64 = st.from_regex(r"[0-9a-f]{64}", fullmatch=True)
_entity = st.from_regex(r"[A-Z][A-Z_]{0,10}", fullmatch=True)


@st.composite
def audit_events(draw: st.DrawFn) -> AuditEvent:
    return AuditEvent(
        event_type=draw(st.sampled_from(["request.accepted", "request.completed", "request.failed",
                                          "request.refused"])),
        time=draw(st.none() | st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2030, 1, 1),
                                           timezones=st.just(UTC))),
        request_id=draw(st.none() | st.from_regex(r"req-[a-z0-9]{1,12}", fullmatch=True)),
        user=draw(st.none() | _hex64),
        department=draw(st.none() | st.sampled_from(["fb-a", "fb-b", "fb_c"])),
        model=draw(st.none() | st.sampled_from(["gpt-4o", "mistral/large", "demo"])),
        stream=draw(st.none() | st.booleans()),
        outcome=draw(st.none() | _tokens),
        prompt_tokens=draw(st.none() | st.integers(0, 10**6)),
        completion_tokens=draw(st.none() | st.integers(0, 10**6)),
        cost_eur=draw(st.none() | st.floats(0, 1000, allow_nan=False)),
        ttft_ms=draw(st.none() | st.floats(0, 10**5, allow_nan=False)),
        entity_counts=draw(st.none() | st.dictionaries(_entity, st.integers(0, 50), max_size=4)),
    )
