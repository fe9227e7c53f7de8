"""The 60-second variant of bench/soak.py: steady load with redaction, Redis quota and audit on."""

from __future__ import annotations

import pytest

from bench.soak import run_soak

pytestmark = pytest.mark.slow


def test_one_minute_soak_has_no_errors_bounded_memory_and_consistent_books(tmp_path, redis_url):
    result = run_soak(seconds=60, rate=8, stream_share=0.3, rss_bound_mib=64, redis_url=redis_url,
                      directory=tmp_path)
    assert result.requests >= 400
    assert result.failures == []
    assert result.audit_accepted == result.audit_completed == result.requests
    assert result.quota_tokens == result.upstream_tokens > 0
