"""Errors in the OpenAI error format, with German messages for pilot users.

Every refusal the gateway produces is a `GatewayError`; the app turns it into
`{"error": {"message", "type", "param", "code"}}` with the right status. Messages never
contain request content, keys, provider URLs or tracebacks: they are written here, not
copied from exceptions.
"""

from __future__ import annotations

from collections.abc import Mapping

import orjson
from starlette.responses import Response


class GatewayError(Exception):
    """A refusal with an HTTP status and an OpenAI-style error body."""

    status_code = 400
    error_type = "invalid_request_error"
    code: str | None = None

    def __init__(
        self,
        message: str,
        *,
        param: str | None = None,
        code: str | None = None,
        status_code: int | None = None,
        headers: Mapping[str, str] | None = None,
        reason: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.param = param
        if code is not None:
            self.code = code
        if status_code is not None:
            self.status_code = status_code
        self.headers = dict(headers or {})
        # Short machine-readable reason for audit and metrics (never user data).
        self.reason = reason or self.code or self.error_type

    def response(self) -> Response:
        return error_response(self.status_code, self.message, self.error_type, self.param, self.code, self.headers)


class InvalidRequest(GatewayError):
    status_code = 400
    error_type = "invalid_request_error"


class PayloadTooLarge(GatewayError):
    status_code = 413
    error_type = "invalid_request_error"
    code = "payload_too_large"


class AuthenticationFailed(GatewayError):
    status_code = 401
    error_type = "authentication_error"
    code = "invalid_api_key"


class PermissionDenied(GatewayError):
    status_code = 403
    error_type = "permission_error"
    code = "model_not_allowed"


class ModelNotFound(GatewayError):
    status_code = 404
    error_type = "invalid_request_error"
    code = "model_not_found"


class QuotaRefused(GatewayError):
    status_code = 429
    error_type = "insufficient_quota"


class ServiceUnavailable(GatewayError):
    """A dependency we must not work without (redaction, quota store, audit store) is down."""

    status_code = 503
    error_type = "service_unavailable"
    code = "service_unavailable"


class UpstreamError(GatewayError):
    """The provider failed; status 502/504/429 chosen by the provider adapter."""

    status_code = 502
    error_type = "upstream_error"
    code = "upstream_error"


def error_body(message: str, error_type: str, param: str | None = None, code: str | None = None) -> bytes:
    return orjson.dumps({"error": {"message": message, "type": error_type, "param": param, "code": code}})


def error_response(
    status_code: int,
    message: str,
    error_type: str,
    param: str | None = None,
    code: str | None = None,
    headers: Mapping[str, str] | None = None,
) -> Response:
    return Response(
        error_body(message, error_type, param, code),
        status_code=status_code,
        headers=dict(headers or {}),
        media_type="application/json",
    )
