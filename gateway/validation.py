"""Turn raw request bytes into a validated body, or a 4xx naming the offending field."""

from __future__ import annotations

from typing import Any, TypeVar

import orjson
from pydantic import BaseModel, ValidationError
from starlette.requests import Request

from gateway.errors import InvalidRequest, PayloadTooLarge

T = TypeVar("T", bound=BaseModel)

# Names that would let a client redirect the provider call or inject credentials/headers.
# Rejected at any depth, including inside free-form JSON (tool parameters, schemas).
FORBIDDEN_KEYS = frozenset({
    "api_base", "base_url", "api_key", "api_version", "extra_headers", "headers", "user_config",
    "custom_llm_provider", "litellm_params", "litellm_metadata", "metadata", "mock_response",
    "azure_ad_token", "aws_access_key_id", "aws_secret_access_key", "vertex_credentials",
    "input_cost_per_token", "output_cost_per_token", "proxy_server_request", "extra_body", "extra_query",
})
MAX_DEPTH = 64


async def read_body(request: Request, limit: int) -> bytes:
    """Read at most `limit` bytes; 413 as soon as the body is known to be larger."""
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.isdigit():
            raise InvalidRequest("Ungültiger Content-Length-Header.", code="invalid_header")
        if int(declared) > limit:
            raise _too_large(limit)
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _too_large(limit)
        chunks.append(chunk)
    return b"".join(chunks)


def parse_json(raw: bytes) -> dict[str, Any]:
    if not raw:
        raise InvalidRequest("Der Anfragetext ist leer; erwartet wird ein JSON-Objekt.", code="invalid_json")
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        reason = "ungültiges UTF-8" if "utf-8" in str(exc).lower() else "kein gültiges JSON"
        raise InvalidRequest(f"Der Anfragetext ist {reason}.", code="invalid_json") from None
    if not isinstance(data, dict):
        raise InvalidRequest("Der Anfragetext muss ein JSON-Objekt sein.", code="invalid_json")
    return data


def validate(data: dict[str, Any], schema: type[T]) -> T:
    """Validate against the endpoint schema; 400 with `param` naming the first bad field."""
    _reject_forbidden(data, path="", depth=0)
    try:
        return schema.model_validate(data)
    except ValidationError as exc:
        # For unions pydantic reports one error per member; the deepest one is the useful one.
        error = max(exc.errors(), key=lambda e: len(_param_path(e["loc"])))
        loc = _param_path(error["loc"])
        if error["type"] == "extra_forbidden":
            raise InvalidRequest(f"Unbekannter Parameter: {loc}.", param=loc, code="unknown_parameter") from None
        if error["type"] == "missing":
            raise InvalidRequest(f"Pflichtparameter fehlt: {loc}.", param=loc, code="missing_parameter") from None
        if error["type"] == "union_tag_invalid" and error["loc"][-2:-1] == ("messages",):
            raise InvalidRequest(f"Ungültige Rolle in {loc}.", param=f"{loc}.role", code="invalid_value") from None
        if error["type"] == "union_tag_invalid":
            raise InvalidRequest(
                f"Nicht unterstützter Inhaltstyp in {loc}. Erlaubt sind nur Textinhalte; Bilder, Audio und "
                "Dateien können nicht auf personenbezogene Daten geprüft werden.",
                param=loc, code="unsupported_content",
            ) from None
        raise InvalidRequest(f"Ungültiger Wert für {loc}.", param=loc, code="invalid_value") from None


def _reject_forbidden(node: Any, path: str, depth: int) -> None:
    if depth > MAX_DEPTH:
        raise InvalidRequest("Die Anfrage ist zu tief verschachtelt.", param=path or None, code="too_deep")
    if isinstance(node, dict):
        for key, value in node.items():
            child = f"{path}.{key}" if path else str(key)
            if key in FORBIDDEN_KEYS:
                raise InvalidRequest(
                    f"Der Parameter {child} ist nicht erlaubt.", param=child, code="forbidden_parameter"
                )
            _reject_forbidden(value, child, depth + 1)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            _reject_forbidden(value, f"{path}[{i}]", depth + 1)


def _param_path(loc: tuple[int | str, ...]) -> str:
    """('messages', 0, 'user', 'content') -> 'messages[0].content'.

    Pydantic puts union member names into the location: discriminator tags after an index
    into `messages` or `content`, type names like 'str' or 'list[int]'. Those are not fields.
    """
    out, field, after_index = "", "", False
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
            after_index = True
            continue
        if not _is_union_member(part, field if after_index else None):
            out += f".{part}" if out else part
            field = part
        after_index = False
    return out


def _is_union_member(part: str, list_name: str | None) -> bool:
    if list_name in _TAGS_BY_LIST and part in _TAGS_BY_LIST[list_name]:
        return True
    return (part in _TYPE_NAMES or "[" in part or part[:1].isupper()
            or part.startswith(("literal", "function-", "constrained-")))


_TAGS_BY_LIST = {
    "messages": {"system", "developer", "user", "assistant", "tool", "function"},
    "content": {"text", "refusal"},
}
_TYPE_NAMES = {"str", "int", "float", "bool", "dict", "list"}


def _too_large(limit: int) -> PayloadTooLarge:
    return PayloadTooLarge(f"Der Anfragetext ist größer als das Limit von {limit // 1024} KiB.")
