"""Redaction preview for the DPO: what a provider would receive for a text. Nothing is stored or logged."""

from __future__ import annotations

from typing import Any

from redaction import RedactionBlocked, Redactor


def preview(redactor: Redactor, text: str, department: str) -> dict[str, Any]:
    """{"text": redacted text or None if the policy blocks it, "blocked": [types], "entities": [...]}.

    Entity offsets refer to the input text, as `gateway redact --jsonl` promises.
    """
    entities = [{"type": e.type, "start": e.start, "end": e.end, "score": round(e.score, 4)}
                for e in redactor.analyze(text, department)]
    try:
        redacted: str | None = redactor.new_session(department).redact_text(text)
        blocked: list[str] = []
    except RedactionBlocked as exc:
        redacted, blocked = None, list(exc.entity_types)
    return {"text": redacted, "blocked": blocked, "entities": entities}
