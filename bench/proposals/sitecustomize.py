"""Proposed hot-path changes for files the benchmark owner does not own, as a run-time overlay.

`bench/run.py --proposals` starts one more gateway (target "gateway-sqlite+proposals") with this
directory on PYTHONPATH, so the proposals' gain is measured in the same run as everything else.
Nothing here is used in production; the lead applies the changes to the real files. (An earlier
proposal here, key/value fields found line by line, landed in redaction/recognizers/fields.py in
b148b80 in a better form and was removed from the overlay.)

1. gateway/pipeline.py `_complete_chat`: answer the client as soon as the restored completion is
   ready and settle the quota + write the "completed" record in a task tracked in
   `services.pending` (awaited on shutdown, as StreamRelay already does for streams). "Accepted" is
   still committed before the upstream call; the response no longer waits for a second commit.
   `StreamRelay._finish` likewise: it already runs settlement + record in a tracked task, but then
   awaits it, so the stream's last HTTP chunk waits for the commit; drop the `await`.
"""

from __future__ import annotations

import asyncio
from typing import Any


def _apply() -> None:
    import sys
    from pathlib import Path

    root = str(Path(__file__).resolve().parents[2])  # the repository (not yet on sys.path here)
    if root not in sys.path:
        sys.path.insert(0, root)
    from gateway import pipeline
    from gateway.responses import JSONBytesResponse

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

    async def _finish(self: Any, outcome: str, error_class: str | None) -> None:
        if not self.usage_seen:
            self.call.completion_tokens = pipeline.count_text_tokens("".join(self.completion_text))
        close = getattr(self.chunks, "aclose", None)
        task = asyncio.ensure_future(self._close_and_finish(close, outcome, error_class))
        self.pipeline.services.pending.add(task)
        task.add_done_callback(self.pipeline.services.pending.discard)

    pipeline.Pipeline._complete_chat = _complete_chat  # type: ignore[method-assign]
    pipeline.StreamRelay._finish = _finish  # type: ignore[method-assign]


_apply()
