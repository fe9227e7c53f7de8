"""Response classes for the OpenAI routes."""

from __future__ import annotations

from typing import Any

import orjson
from starlette.responses import JSONResponse


class JSONBytesResponse(JSONResponse):
    """JSON rendered with orjson: several times faster than the stdlib on large completions."""

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content)
