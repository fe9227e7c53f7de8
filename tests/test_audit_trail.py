"""The audit trail the gateway writes for each kind of request (the audit package itself is tested in tests/audit)."""

from __future__ import annotations

import httpx
import openai
import pytest
import sqlalchemy as sa

from audit.schema import events


def _events(gateway, request_id: str) -> list[dict]:
    engine = sa.create_engine(gateway.settings.audit.url)
    with engine.connect() as conn:
        rows = conn.execute(sa.select(events).where(events.c.request_id == request_id).order_by(events.c.seq))
        result = [dict(r._mapping) for r in rows]
    engine.dispose()
    return result


def _closed_trail(gateway, request_id: str, seconds: float = 5.0) -> list[dict]:
    """The trail once it has a closing record: a successful request's closing record is committed
    just after the answer (it shares the next commit), so it may land a few ms later."""
    import time

    deadline = time.monotonic() + seconds
    while True:
        trail = _events(gateway, request_id)
        closed = any(e["event_type"] in ("request.completed", "request.failed") for e in trail)
        if closed or time.monotonic() > deadline:
            return trail
        time.sleep(0.02)


def test_completed_request_has_accepted_then_completed(client, gateway):
    response = client.chat.completions.with_raw_response.create(
        model="gpt-test", messages=[{"role": "user", "content": "Rückruf an Herrn Dariusz Wiśniewski erbeten."}])
    trail = _closed_trail(gateway, response.headers["x-request-id"])
    assert [e["event_type"] for e in trail] == ["request.accepted", "request.completed"]
    done = trail[1]
    assert done["department"] == "fb-soziales" and done["model"] == "gpt-test" and done["outcome"] == "ok"
    assert done["prompt_tokens"] > 0 and done["completion_tokens"] > 0 and done["cost_eur"] > 0
    assert '"PERSON"' in done["entity_counts"]
    assert len(done["user"]) == 64 and "erika" not in str(trail)


@pytest.mark.parametrize(("body", "reason"), [
    ({"model": "gpt-test", "messages": [{"role": "user", "content": "x"}], "foo": 1}, "validation.unknown_parameter"),
    ({"model": "gpt-unbekannt", "messages": [{"role": "user", "content": "x"}]}, "validation.model_not_found"),
    ({"model": "gpt-test", "messages": [{"role": "user", "content": "x"}], "api_base": "http://x"},
     "validation.forbidden_parameter"),
])
def test_refusals_are_audited_with_reason(gateway, api_key, body, reason):
    response = httpx.post(gateway.url + "/chat/completions", json=body, headers={"authorization": f"Bearer {api_key}"})
    assert response.status_code in (400, 404)
    trail = _events(gateway, response.headers["x-request-id"])
    assert [(e["event_type"], e["error_class"], e["department"]) for e in trail] == [
        ("request.refused", reason, "fb-soziales")]


def test_invalid_key_is_audited_without_identity(gateway):
    response = httpx.get(gateway.url + "/models", headers={"authorization": "Bearer sk-gw-abcdefgh_wrong"})
    assert response.status_code == 401
    trail = _events(gateway, response.headers["x-request-id"])
    assert [(e["event_type"], e["error_class"], e["user"]) for e in trail] == [
        ("request.refused", "auth.invalid_key", None)]


def test_provider_failure_ends_with_failed(client, gateway):
    with pytest.raises(openai.InternalServerError) as info:
        client.chat.completions.create(model="gpt-500", messages=[{"role": "user", "content": "x"}])
    trail = _events(gateway, info.value.response.headers["x-request-id"])
    assert [(e["event_type"], e["error_class"]) for e in trail] == [
        ("request.accepted", None), ("request.failed", "upstream.unavailable")]


class FlakyAudit:
    """The real audit log, except that closing records fail `failures` times (store outage)."""

    def __init__(self, real, failures: int) -> None:
        self.real = real
        self.failures = failures

    async def write(self, event, **options):
        from audit import AuditUnavailable

        if event.event_type in ("request.completed", "request.failed") and self.failures > 0:
            self.failures -= 1
            raise AuditUnavailable("simulated outage")
        await self.real.write(event, **options)

    def __getattr__(self, name):
        return getattr(self.real, name)


def test_closing_record_is_written_once_the_store_is_back(upstream, tmp_path):
    import time

    from gateway.services import build_services
    from tests.harness import GatewayServer, issue_key, load, write_config

    settings = load(write_config(tmp_path, upstream.url))
    services = build_services(settings)
    services.audit = FlakyAudit(services.audit, failures=2)  # type: ignore[assignment]
    server = GatewayServer(settings, services).start()
    try:
        sdk = openai.OpenAI(base_url=server.url, api_key=issue_key(settings, "u", "fb-soziales"), max_retries=0)
        response = sdk.chat.completions.with_raw_response.create(
            model="gpt-test", messages=[{"role": "user", "content": "Hallo"}])
        request_id = response.headers["x-request-id"]
        deadline = time.time() + 10
        while time.time() < deadline and len(_events(server, request_id)) < 2:
            time.sleep(0.2)
        assert [e["event_type"] for e in _events(server, request_id)] == ["request.accepted", "request.completed"]
    finally:
        server.stop()
