"""Prometheus metrics. Labels are department, model, outcome, reason, provider, entity type —
never a user, a key or any value from a request.

With `gateway serve --workers N` every worker writes to PROMETHEUS_MULTIPROC_DIR (set by the
CLI before any worker starts) and /metrics aggregates them.
"""

from __future__ import annotations

import os
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest, multiprocess

_LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120)
_STORE_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5)

REQUESTS = Counter("gateway_requests_total", "Finished requests", ["department", "model", "outcome"])
LATENCY = Histogram("gateway_request_duration_seconds", "Request duration (to the last byte)",
                    ["department", "model", "stream"], buckets=_LATENCY_BUCKETS)
TTFB = Histogram("gateway_time_to_first_token_seconds", "Time to the first streamed token",
                 ["department", "model"], buckets=_LATENCY_BUCKETS)
TOKENS = Counter("gateway_tokens_total", "Tokens used", ["department", "model", "kind"])
COST = Counter("gateway_cost_eur_total", "Cost in EUR", ["department", "model"])
REFUSALS = Counter("gateway_refusals_total", "Refused requests by reason", ["reason"])
ENTITIES = Counter("gateway_redacted_entities_total", "Removed personal data items by type",
                   ["department", "entity_type"])
UPSTREAM_ERRORS = Counter("gateway_upstream_errors_total", "Provider failures", ["provider", "kind"])
QUOTA_STORE = Histogram("gateway_quota_store_seconds", "Quota store latency (reserve, settle)", ["operation"],
                        buckets=_STORE_BUCKETS)
AUDIT_STORE = Histogram("gateway_audit_store_seconds", "Audit write latency (until committed)",
                        buckets=_STORE_BUCKETS)


_series: dict[tuple[Any, tuple[str, ...]], Any] = {}


def series(metric: Any, *labels: str) -> Any:
    """`metric.labels(*labels)`, cached: `labels()` validates and locks on every call (~5 µs, and
    a request touches seven series). Label values are bounded (departments, models, outcomes)."""
    key = (metric, labels)
    child = _series.get(key)
    if child is None:
        child = _series[key] = metric.labels(*labels)
    return child


def render() -> tuple[bytes, str]:
    """The exposition text of this process, or of all workers in multiprocess mode."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(), CONTENT_TYPE_LATEST
