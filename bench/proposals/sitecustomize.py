"""Proposed hot-path changes for files the benchmark owner does not own, as a run-time overlay.

`bench/run.py --proposals` starts one more gateway (target "gateway-sqlite+proposals") with this
directory on PYTHONPATH, so the proposals' gain is measured in the same run as everything else.
Nothing here is used in production; the lead applies the changes to the real files:

1. redaction/recognizers/fields.py `field_values`: run the key/value regex only on lines that
   contain ':' or '='. A match never spans a newline (key, separator and value exclude '\\n'), so
   the results are identical (checked on all corpus documents × the three key sets in use); the
   regex otherwise tries a key at every letter of the text, three times per text (date of birth,
   strict and plain name keys).
2. gateway/pipeline.py `_complete_chat`: answer the client as soon as the restored completion is
   ready and settle the quota + write the "completed" record in a task tracked in
   `services.pending` (awaited on shutdown, as StreamRelay already does for streams). "Accepted" is
   still committed before the upstream call; the response no longer waits for a second commit.
"""

from __future__ import annotations

import asyncio
from typing import Any


def _field_values_by_line(text: str, keys: frozenset[str]) -> Any:
    from redaction.recognizers import fields as f

    pos = 0
    for line in text.splitlines(keepends=True):
        end = pos + len(line)
        if ":" in line or "=" in line:
            p = pos
            while True:
                match = f._KEY_VALUE.search(text, p, end)
                if match is None:
                    break
                group = "qval" if match.group("qval") is not None else "val"
                start, stop = match.span(group)
                if group == "val":
                    cut = f._NEXT_FIELD.search(text, start, stop)
                    if cut is not None:
                        stop = cut.start()
                p = max(stop, match.start() + 1)
                if not f._is_key(text, match, keys):
                    continue
                value = text[start:stop]
                stripped = value.strip().rstrip(",;")
                if stripped:
                    offset = value.index(stripped)
                    yield start + offset, start + offset + len(stripped)
        pos = end
    if "nsert" in text or "NSERT" in text:
        yield from f._insert_values(text, keys)


def _apply() -> None:
    import sys
    from pathlib import Path

    root = str(Path(__file__).resolve().parents[2])  # the repository (not yet on sys.path here)
    if root not in sys.path:
        sys.path.insert(0, root)
    import redaction.recognizers.date_of_birth as dob
    import redaction.recognizers.fields as fields
    import redaction.recognizers.person as person
    from gateway import pipeline
    from gateway.responses import JSONBytesResponse

    fields.field_values = _field_values_by_line  # type: ignore[assignment]
    person.field_values = _field_values_by_line  # type: ignore[attr-defined]
    dob.field_values = _field_values_by_line  # type: ignore[attr-defined]

    async def _complete_chat(self: Any, call: Any, outbound: dict[str, Any]) -> Any:
        try:
            used_model, result = await self.services.providers.chat(call.model, outbound)
        except pipeline.ProviderError as exc:
            await self.finish(call, outcome="failed", error_class=f"upstream.{exc.kind}")
            raise pipeline._upstream_error(exc) from None
        except asyncio.CancelledError:
            await asyncio.shield(self.finish(call, outcome="failed", error_class="client_disconnected"))
            raise
        call.provider = self.services.providers.provider_name(used_model)
        usage = result.get("usage") or {}
        call.prompt_tokens = int(usage.get("prompt_tokens") or call.prompt_tokens)
        call.completion_tokens = int(usage.get("completion_tokens") or pipeline._count_choices(result))
        restored = call.session.restore_chat_response(result)
        headers = {"X-Request-ID": call.request_id, **(call.reservation.headers if call.reservation else {})}
        task = asyncio.ensure_future(self.finish(call, outcome="ok"))
        self.services.pending.add(task)
        task.add_done_callback(self.services.pending.discard)
        return JSONBytesResponse(restored, headers=headers)

    pipeline.Pipeline._complete_chat = _complete_chat  # type: ignore[method-assign]


_apply()
