"""The published OpenAPI document against the running gateway (schemathesis, bounded).

Generated requests, valid and invalid, go to the real gateway over HTTP (uvicorn, mock
upstream). Whatever they contain: no 5xx, and every response matches the document (status
code listed, content type, body schema). Half of the generated bodies are pointed at a real
model, so the provider path is exercised too, not only "unknown model".
"""

from __future__ import annotations

import zlib

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from gateway.openapi import build_openapi

schema = schemathesis.openapi.from_dict(build_openapi())
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance,
          response_headers_conformance]
REAL_MODELS = {"createChatCompletion": "gpt-test", "createEmbedding": "embed-test"}


def test_openapi_document_is_served_and_lists_the_public_routes(gateway):
    response = httpx.get(gateway.root + "/openapi.json", timeout=10)
    assert response.status_code == 200 and response.headers["content-type"] == "application/json"
    document = response.json()
    assert document["openapi"].startswith("3.1")
    assert set(document["paths"]) == {"/v1/chat/completions", "/v1/embeddings", "/v1/models",
                                      "/v1/models/{model_id}", "/v1/usage"}
    assert document == build_openapi()
    # The request schema forbids unknown fields, as the gateway does (no api_base smuggling).
    assert document["components"]["schemas"]["ChatCompletionRequest"]["additionalProperties"] is False


@pytest.mark.slow
@schema.parametrize()
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
def test_generated_requests_never_cause_5xx_and_match_the_schema(case, gateway, api_key):
    body = case.body
    real = REAL_MODELS.get(case.operation.definition.raw.get("operationId", ""))
    if real and isinstance(body, dict) and "model" in body and zlib.crc32(repr(body).encode()) % 2 == 0:
        body["model"] = real
    if isinstance(body, dict) and body.get("stream") is True:
        body["stream"] = False  # streamed answers are checked in test_api/test_resilience_e2e
    case.call_and_validate(base_url=gateway.root, headers={"Authorization": f"Bearer {api_key}"},
                           checks=CHECKS, timeout=30)


@pytest.mark.parametrize("path", ["/v1/models", "/v1/usage"])
def test_documented_errors_without_key(gateway, path):
    response = httpx.get(gateway.root + path, timeout=10)
    assert response.status_code == 401
    operation = build_openapi()["paths"][path]["get"]
    assert "401" in operation["responses"]
