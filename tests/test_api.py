"""The OpenAI-compatible API through the running gateway, with the official SDK as client."""

from __future__ import annotations

import json

import httpx
import openai
import pytest


def _post(gateway, path: str, key: str | None, content: bytes | str, headers: dict | None = None) -> httpx.Response:
    all_headers = {"content-type": "application/json", **(headers or {})}
    if key:
        all_headers["authorization"] = f"Bearer {key}"
    return httpx.post(gateway.url + path, content=content, headers=all_headers, timeout=30)


def _assert_openai_error(response: httpx.Response, status: int, param: str | None = None) -> dict:
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert set(error) == {"message", "type", "param", "code"}
    assert error["message"] and "Traceback" not in error["message"]
    if param is not None:
        assert error["param"] == param
    return error


def test_chat_completion_non_streaming(client, upstream):
    upstream.reset()
    result = client.chat.completions.create(
        model="gpt-test", messages=[{"role": "user", "content": "Wie beantrage ich einen Bewohnerparkausweis?"}]
    )
    assert result.choices[0].message.content == "Antwort: Wie beantrage ich einen Bewohnerparkausweis?"
    assert result.usage.prompt_tokens > 0 and result.usage.completion_tokens > 0
    assert result.model == "gpt-test"
    # The provider got the configured upstream model and key, and a pseudonymous user field.
    sent = upstream.received[-1]
    assert sent["model"] == "mock-echo"
    assert upstream.headers[-1]["authorization"] == "Bearer sk-upstream-secret"
    assert sent["user"].startswith("u-") and "erika" not in sent["user"]


def test_chat_completion_streaming_matches_non_streaming(client):
    messages = [{"role": "user", "content": "Bitte fasse den Vermerk zur Sitzung des Bauausschusses zusammen."}]
    stream = client.chat.completions.create(model="gpt-test", messages=messages, stream=True)
    pieces = [c.choices[0].delta.content or "" for c in stream if c.choices]
    assert len(pieces) > 3
    assert "".join(pieces) == "Antwort: " + messages[0]["content"]


def test_stream_usage_only_when_asked(client, upstream):
    messages = [{"role": "user", "content": "Kurze Frage zum Haushalt."}]
    plain = list(client.chat.completions.create(model="gpt-test", messages=messages, stream=True))
    assert all(c.usage is None for c in plain)
    # ...although the gateway asked the provider for usage (for quota settlement).
    assert upstream.received[-1]["stream_options"] == {"include_usage": True}
    with_usage = list(client.chat.completions.create(
        model="gpt-test", messages=messages, stream=True, stream_options={"include_usage": True}))
    assert with_usage[-1].usage is not None and with_usage[-1].usage.completion_tokens > 0


def test_stream_wire_format_is_openai_sse(gateway, api_key):
    body = {"model": "gpt-test", "stream": True, "messages": [{"role": "user", "content": "Hallo"}]}
    with httpx.stream("POST", gateway.url + "/chat/completions", json=body,
                      headers={"authorization": f"Bearer {api_key}"}, timeout=30) as response:
        raw = b"".join(response.iter_bytes())
    assert response.headers["content-type"].startswith("text/event-stream")
    events = raw.split(b"\n\n")
    assert events[-1] == b"" and events[-2] == b"data: [DONE]"
    for event in events[:-2]:
        assert event.startswith(b"data: {")
        json.loads(event[6:])


def test_litellm_adapter_non_streaming_and_streaming(client):
    messages = [{"role": "user", "content": "Übersetze bitte ins Englische: Guten Tag"}]
    result = client.chat.completions.create(model="gpt-litellm", messages=messages)
    assert result.choices[0].message.content == "Antwort: Übersetze bitte ins Englische: Guten Tag"
    streamed = "".join(c.choices[0].delta.content or "" for c in
                       client.chat.completions.create(model="gpt-litellm", messages=messages, stream=True)
                       if c.choices)
    assert streamed == result.choices[0].message.content


def test_tool_calls_round_trip(client, upstream):
    tools = [{"type": "function", "function": {"name": "lookup", "description": "Aktenzeichen suchen",
                                                "parameters": {"type": "object",
                                                               "properties": {"q": {"type": "string"}}}}}]
    result = client.chat.completions.create(
        model="gpt-tool", messages=[{"role": "user", "content": "Az. 50.2-123/24"}], tools=tools, tool_choice="auto")
    call = result.choices[0].message.tool_calls[0]
    assert call.function.name == "lookup"
    assert json.loads(call.function.arguments) == {"q": "Az. 50.2-123/24"}
    # Second turn with the tool result in the history.
    follow_up = client.chat.completions.create(model="gpt-test", tools=tools, messages=[
        {"role": "user", "content": "Az. 50.2-123/24"},
        {"role": "assistant", "tool_calls": [call.model_dump()]},
        {"role": "tool", "tool_call_id": call.id, "content": "Vorgang gefunden"},
        {"role": "user", "content": "Danke"},
    ])
    assert follow_up.choices[0].message.content == "Antwort: Danke"
    assert upstream.received[-1]["messages"][2]["role"] == "tool"


def test_parameters_are_forwarded(client, upstream):
    client.chat.completions.create(
        model="gpt-test", messages=[{"role": "user", "content": "x"}], temperature=0.2, max_tokens=50, n=2,
        stop=["\n\n"], response_format={"type": "json_object"}, seed=7)
    sent = upstream.received[-1]
    assert (sent["temperature"], sent["max_tokens"], sent["n"], sent["stop"], sent["seed"]) == (0.2, 50, 2, ["\n\n"], 7)
    assert sent["response_format"] == {"type": "json_object"}


def test_embeddings(client, upstream):
    result = client.embeddings.create(model="embed-test", input=["Antrag auf Wohngeld", "Bauantrag"])
    assert len(result.data) == 2 and result.data[0].embedding
    assert upstream.received[-1]["model"] == "mock-embed"


def test_models_only_those_of_the_department(gateway, client):
    ids = {m.id for m in client.models.list()}
    assert "gpt-test" in ids and "demo" in ids
    other = openai.OpenAI(base_url=gateway.url, api_key=gateway.issue_key("bau.user", "fb-bau"), max_retries=0)
    assert {m.id for m in other.models.list()} == {"demo"}
    assert other.models.retrieve("demo").id == "demo"
    with pytest.raises(openai.PermissionDeniedError):
        other.models.retrieve("gpt-test")
    with pytest.raises(openai.NotFoundError):
        other.models.retrieve("gibt-es-nicht")


def test_model_not_allowed_for_department_is_403(gateway, upstream):
    other = openai.OpenAI(base_url=gateway.url, api_key=gateway.issue_key("bau.user2", "fb-bau"), max_retries=0)
    upstream.reset()
    with pytest.raises(openai.PermissionDeniedError) as info:
        other.chat.completions.create(model="gpt-test", messages=[{"role": "user", "content": "x"}])
    assert info.value.body["param"] == "model"
    assert upstream.received == []


def test_unknown_model_is_404(client):
    with pytest.raises(openai.NotFoundError) as info:
        client.chat.completions.create(model="gpt-99", messages=[{"role": "user", "content": "x"}])
    assert info.value.body["code"] == "model_not_found"


def test_demo_model_describes_request(client):
    result = client.chat.completions.create(model="demo", messages=[{"role": "user", "content": "Guten Morgen"}])
    assert "1 Nachricht" in result.choices[0].message.content
    assert "Guten Morgen" in result.choices[0].message.content
    streamed = "".join(c.choices[0].delta.content or "" for c in client.chat.completions.create(
        model="demo", messages=[{"role": "user", "content": "Guten Morgen"}], stream=True) if c.choices)
    assert streamed == result.choices[0].message.content


# --- authentication --------------------------------------------------------------------------------
@pytest.mark.parametrize("header", [None, "Bearer", "Bearer sk-gw-falsch", "Basic abc", "Bearer sk-gw-abcdefgh_x"])
def test_missing_or_invalid_key_is_401(gateway, header):
    headers = {"authorization": header} if header else {}
    response = httpx.post(gateway.url + "/chat/completions", headers=headers, timeout=10,
                          json={"model": "gpt-test", "messages": [{"role": "user", "content": "x"}]})
    error = _assert_openai_error(response, 401)
    assert error["code"] == "invalid_api_key"


def test_revoked_key_stops_working_without_restart(gateway, upstream):
    from gateway.admin import KeyAdmin

    key = gateway.issue_key("max.mustermann", "fb-soziales")
    sdk = openai.OpenAI(base_url=gateway.url, api_key=key, max_retries=0)
    sdk.chat.completions.create(model="gpt-test", messages=[{"role": "user", "content": "vorher"}])
    key_id = key[len("sk-gw-"):].split("_")[0]
    with KeyAdmin.open(gateway.settings) as admin:
        assert admin.revoke(key_id)
    with pytest.raises(openai.AuthenticationError):
        sdk.chat.completions.create(model="gpt-test", messages=[{"role": "user", "content": "nachher"}])


def test_key_with_right_id_but_wrong_secret_is_401(gateway, api_key):
    tampered = api_key[:-4] + ("AAAA" if not api_key.endswith("AAAA") else "BBBB")
    response = _post(gateway, "/models", None, b"", headers={"authorization": f"Bearer {tampered}"})
    assert response.status_code in (401, 405)
    response = httpx.get(gateway.url + "/models", headers={"authorization": f"Bearer {tampered}"})
    _assert_openai_error(response, 401)


# --- bad input ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(("body", "param", "code"), [
    (b"{not json", None, "invalid_json"),
    (b"[1, 2]", None, "invalid_json"),
    (b"\xff\xfe{}", None, "invalid_json"),
    (b"", None, "invalid_json"),
    (json.dumps({"messages": [{"role": "user", "content": "x"}]}).encode(), "model", "missing_parameter"),
    (json.dumps({"model": "gpt-test", "messages": "hallo"}).encode(), "messages", "invalid_value"),
    (json.dumps({"model": "gpt-test", "messages": [{"role": "user", "content": 5}]}).encode(),
     "messages[0].content", "invalid_value"),
    (json.dumps({"model": "gpt-test", "messages": [{"role": "user", "content": "x"}], "temperature": "hot"}).encode(),
     "temperature", "invalid_value"),
    (json.dumps({"model": "gpt-test", "messages": [{"role": "user", "content": "x"}], "foo": 1}).encode(),
     "foo", "unknown_parameter"),
    (json.dumps({"model": "gpt-test", "messages": [{"role": "user", "content": "x", "bar": {}}]}).encode(),
     "messages[0].bar", "unknown_parameter"),
    (json.dumps({"model": "gpt-test", "messages": [{"role": "user", "content": "x"}],
                 "api_base": "http://169.254.169.254/"}).encode(), "api_base", "forbidden_parameter"),
    (json.dumps({"model": "gpt-test", "messages": [{"role": "user", "content": "x"}],
                 "base_url": "http://evil/"}).encode(), "base_url", "forbidden_parameter"),
    (json.dumps({"model": "gpt-test", "messages": [{"role": "user", "content": "x"}],
                 "extra_headers": {"x": "y"}}).encode(), "extra_headers", "forbidden_parameter"),
    (json.dumps({"model": "gpt-test", "messages": [{"role": "user", "content": "x"}],
                 "tools": [{"type": "function", "function": {"name": "f", "parameters": {
                     "deep": {"nested": [{"api_key": "sk-steal"}]}}}}]}).encode(),
     "tools[0].function.parameters.deep.nested[0].api_key", "forbidden_parameter"),
    (json.dumps({"model": "gpt-test", "messages": [{"role": "user", "content": [
        {"type": "image_url", "image_url": {"url": "http://x/a.png"}}]}]}).encode(),
     "messages[0].content[0]", "unsupported_content"),
    (json.dumps({"model": "gpt-test", "messages": [{"role": "wizard", "content": "x"}]}).encode(),
     "messages[0].role", "invalid_value"),
    (json.dumps({"model": "gpt-test", "messages": [{"role": "user", "content": "x"}], "n": 1000}).encode(),
     "n", "invalid_value"),
    (json.dumps({"model": "gpt-test", "messages": []}).encode(), "messages", "invalid_value"),
])
def test_bad_requests_are_400_naming_the_field(gateway, api_key, upstream, body, param, code):
    upstream.reset()
    error = _assert_openai_error(_post(gateway, "/chat/completions", api_key, body), 400, param)
    assert error["code"] == code
    assert upstream.received == []


def test_deeply_nested_json_is_400(gateway, api_key):
    nested = "[" * 5000 + "]" * 5000
    body = '{"model": "gpt-test", "messages": [{"role": "user", "content": "x"}], "logit_bias": ' + nested + "}"
    _assert_openai_error(_post(gateway, "/chat/completions", api_key, body), 400)


def test_body_over_limit_is_413(gateway, api_key, upstream):
    upstream.reset()
    big = json.dumps({"model": "gpt-test", "messages": [{"role": "user", "content": "a" * (3 * 1024 * 1024)}]})
    _assert_openai_error(_post(gateway, "/chat/completions", api_key, big), 413)
    assert upstream.received == []


def test_unknown_route_and_method(gateway, api_key):
    _assert_openai_error(httpx.get(gateway.url + "/nope"), 404)
    _assert_openai_error(httpx.get(gateway.url + "/chat/completions", headers={"authorization": f"Bearer {api_key}"}),
                         405)


def test_embeddings_bad_input(gateway, api_key):
    error = _assert_openai_error(_post(gateway, "/embeddings", api_key,
                                       json.dumps({"model": "embed-test", "input": {"a": 1}})), 400, "input")
    assert error["code"] == "invalid_value"
    _assert_openai_error(_post(gateway, "/embeddings", api_key,
                               json.dumps({"model": "gpt-test", "input": "x"})), 404)


# --- provider failures -------------------------------------------------------------------------------
@pytest.mark.parametrize(("model", "status", "sdk_error"), [
    ("gpt-500", 502, openai.InternalServerError),
    ("gpt-reset", 502, openai.InternalServerError),
    ("gpt-slow", 504, openai.InternalServerError),
    ("gpt-429", 429, openai.RateLimitError),
    ("gpt-400", 400, openai.BadRequestError),
])
def test_provider_errors_map_to_status_without_details(client, model, status, sdk_error):
    with pytest.raises(sdk_error) as info:
        client.chat.completions.create(model=model, messages=[{"role": "user", "content": "x"}])
    assert info.value.status_code == status
    message = info.value.body["message"]
    assert "127.0.0.1" not in message and "sk-upstream" not in message and "mock" not in message
    if status == 429:
        assert info.value.response.headers["retry-after"] == "7"


def test_fallback_model_answers_when_primary_fails(client):
    result = client.chat.completions.create(model="gpt-fallback", messages=[{"role": "user", "content": "Hallo"}])
    assert result.choices[0].message.content == "Antwort: Hallo"


def test_malformed_stream_ends_with_error_event(client):
    with pytest.raises(openai.APIError):
        for _ in client.chat.completions.create(model="gpt-badsse", stream=True,
                                                messages=[{"role": "user", "content": "ein langer Text hier"}]):
            pass


def test_health_and_readiness(gateway):
    assert httpx.get(gateway.root + "/healthz").json() == {"status": "ok"}
    ready = httpx.get(gateway.root + "/readyz")
    assert ready.status_code == 200 and ready.json()["status"] == "ready"
