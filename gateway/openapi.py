"""The OpenAPI 3.1 document of the public API, built from the request schemas themselves.

Request bodies come straight from the pydantic models in `gateway.schemas` (so the document
cannot drift from what the gateway accepts); responses are described as far as clients rely
on them: the OpenAI shapes of answers and the one error format every refusal uses. Served at
`/openapi.json` without authentication: it holds no configuration, models or departments.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from gateway.schemas import ChatCompletionRequest, EmbeddingRequest

REF = "#/components/schemas/{model}"

ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {"error": {
        "type": "object",
        "required": ["message", "type", "param", "code"],
        "properties": {
            "message": {"type": "string", "description": "German, for the pilot user"},
            "type": {"type": "string"},
            "param": {"type": ["string", "null"]},
            "code": {"type": ["string", "null"]},
        },
    }},
}

USAGE = {
    "type": "object",
    "required": ["prompt_tokens", "total_tokens"],
    "properties": {"prompt_tokens": {"type": "integer"}, "completion_tokens": {"type": "integer"},
                   "total_tokens": {"type": "integer"}},
}

CHAT_COMPLETION = {
    "type": "object",
    "required": ["id", "object", "created", "model", "choices"],
    "properties": {
        "id": {"type": "string"},
        "object": {"const": "chat.completion"},
        "created": {"type": "integer"},
        "model": {"type": "string"},
        "choices": {"type": "array", "items": {
            "type": "object",
            "required": ["index", "message"],
            "properties": {"index": {"type": "integer"}, "message": {"type": "object"},
                           "finish_reason": {"type": ["string", "null"]}},
        }},
        "usage": {"$ref": "#/components/schemas/Usage"},
    },
}

EMBEDDING_LIST = {
    "type": "object",
    "required": ["object", "data", "model"],
    "properties": {
        "object": {"const": "list"},
        "data": {"type": "array", "items": {"type": "object", "required": ["index", "embedding"],
                                            "properties": {"index": {"type": "integer"},
                                                           "embedding": {"type": ["array", "string"]}}}},
        "model": {"type": "string"},
        "usage": {"$ref": "#/components/schemas/Usage"},
    },
}

MODEL = {
    "type": "object",
    "required": ["id", "object", "created", "owned_by"],
    "properties": {"id": {"type": "string"}, "object": {"const": "model"}, "created": {"type": "integer"},
                   "owned_by": {"type": "string"}},
}

MODEL_LIST = {
    "type": "object",
    "required": ["object", "data"],
    "properties": {"object": {"const": "list"},
                   "data": {"type": "array", "items": {"$ref": "#/components/schemas/Model"}}},
}

LIMIT_USAGE = {
    "type": "object",
    "required": ["object", "department", "limits"],
    "properties": {
        "object": {"const": "usage"},
        "department": {"type": "string"},
        "limits": {"type": "array", "items": {
            "type": "object",
            "required": ["scope", "name", "unit", "limit", "used", "reserved", "remaining", "period", "resets_at"],
            "properties": {
                "scope": {"enum": ["department", "user", "model"]},
                "label": {"type": "string"},
                "name": {"type": "string"},
                "unit": {"type": "string"},
                "model": {"type": ["string", "null"]},
                "limit": {"type": ["number", "null"]},
                "used": {"type": "number"},
                "reserved": {"type": "number"},
                "remaining": {"type": ["number", "null"]},
                "period": {"type": ["string", "null"]},
                "resets_at": {"type": ["string", "null"]},
            },
        }},
    },
}

_ERROR_STATUSES = {
    "400": "Invalid request (names the field in `param`)",
    "401": "Missing, invalid or revoked API key",
    "403": "Model not allowed for the department",
    "404": "Unknown model",
    "413": "Body larger than the configured limit",
    "429": "Quota or rate limit (Retry-After and X-RateLimit-* headers), or provider rate limit",
    "502": "Provider failed",
    "503": "Quota store, audit store or redaction unavailable: nothing was sent",
    "504": "Provider did not answer in time",
}


def _errors(*statuses: str) -> dict[str, Any]:
    return {s: {"description": _ERROR_STATUSES[s], "content": {"application/json": {
        "schema": {"$ref": "#/components/schemas/Error"}}}} for s in statuses}


def _ok(schema: str, description: str, stream: bool = False) -> dict[str, Any]:
    content: dict[str, Any] = {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}}
    if stream:
        content["text/event-stream"] = {"schema": {"type": "string"},
                                        "description": "`data: <chunk JSON>` events, then `data: [DONE]`"}
    return {"200": {"description": description, "content": content}}


def _request_schema(model: type[BaseModel], components: dict[str, Any]) -> dict[str, Any]:
    schema = model.model_json_schema(ref_template=REF, mode="validation")
    components.update(schema.pop("$defs", {}))
    components[model.__name__] = schema
    return {"$ref": f"#/components/schemas/{model.__name__}"}


def build_openapi(server_url: str | None = None) -> dict[str, Any]:
    """The document; `server_url` (e.g. "https://ki.example.de") is added as its only server."""
    components: dict[str, Any] = {"Error": ERROR, "Usage": USAGE, "ChatCompletion": CHAT_COMPLETION,
                                  "EmbeddingList": EMBEDDING_LIST, "Model": MODEL, "ModelList": MODEL_LIST,
                                  "LimitUsage": LIMIT_USAGE}
    chat = _request_schema(ChatCompletionRequest, components)
    embedding = _request_schema(EmbeddingRequest, components)
    body_errors = ("400", "401", "403", "404", "413", "429", "502", "503", "504")
    document: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {"title": "Sicheres LLM-Gateway", "version": "1",
                 "description": "OpenAI-compatible API. Personal data is pseudonymised before any provider "
                                "sees it; every request is audited; budgets per department."},
        "security": [{"bearer": []}],
        "paths": {
            "/v1/chat/completions": {"post": {
                "operationId": "createChatCompletion",
                "requestBody": {"required": True, "content": {"application/json": {"schema": chat}}},
                "responses": {**_ok("ChatCompletion", "The answer, placeholders restored", stream=True),
                              **_errors(*body_errors)},
            }},
            "/v1/embeddings": {"post": {
                "operationId": "createEmbedding",
                "requestBody": {"required": True, "content": {"application/json": {"schema": embedding}}},
                "responses": {**_ok("EmbeddingList", "Embeddings of the redacted input"), **_errors(*body_errors)},
            }},
            "/v1/models": {"get": {
                "operationId": "listModels",
                "responses": {**_ok("ModelList", "Models the caller's department may use"),
                              **_errors("401", "503")},
            }},
            "/v1/models/{model_id}": {"get": {
                "operationId": "retrieveModel",
                "parameters": [{"name": "model_id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {**_ok("Model", "One model"), **_errors("401", "403", "404", "503")},
            }},
            "/v1/usage": {"get": {
                "operationId": "getUsage",
                "responses": {**_ok("LimitUsage", "The caller's own limits and what is left of them"),
                              **_errors("401", "503")},
            }},
        },
        "components": {
            "schemas": components,
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer",
                                           "description": "API key from `gateway keys create`"}},
        },
    }
    if server_url:
        document["servers"] = [{"url": server_url}]
    return document
