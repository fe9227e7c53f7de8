"""The `gateway` command as operators use it: a real process, a real config file, a real database."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import openai
import pytest
import yaml

from tests.mock_upstream import free_port

ROOT = Path(__file__).resolve().parents[1]


def gateway(config: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gateway.cli", "--config", str(config), *args],
        input=stdin, capture_output=True, text=True, timeout=120, cwd=ROOT,
    )


@pytest.fixture(scope="module")
def demo_config(tmp_path_factory) -> Path:
    """config/demo.yaml with its data directory moved into a temporary folder."""
    directory = tmp_path_factory.mktemp("demo")
    text = (ROOT / "config" / "demo.yaml").read_text(encoding="utf-8").replace("data/", f"{directory}/data/")
    config = yaml.safe_load(text)
    config["server"]["port"] = free_port()
    path = directory / "demo.yaml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True))
    result = gateway(path, "init")
    assert result.returncode == 0, result.stderr
    return path


def test_keys_create_prints_key_last_and_list_never_shows_it(demo_config):
    result = gateway(demo_config, "keys", "create", "--user", "erika", "--department", "fb-buergerservice")
    assert result.returncode == 0, result.stderr
    key = result.stdout.strip().splitlines()[-1]
    assert re.fullmatch(r"sk-gw-[a-z2-9]{8}_[A-Za-z0-9_-]{43}", key)  # 256 random bits after the id
    listing = gateway(demo_config, "keys", "list")
    assert listing.returncode == 0
    assert key not in listing.stdout and key.split("_", 1)[1] not in listing.stdout
    assert key[6:14] in listing.stdout and "aktiv" in listing.stdout


def test_keys_create_rejects_unknown_department_and_role(demo_config):
    assert gateway(demo_config, "keys", "create", "--user", "x", "--department", "fb-gibtsnicht").returncode == 2
    bad_role = gateway(demo_config, "keys", "create", "--user", "x", "--department", "fb-personal",
                       "--role", "superuser")
    assert bad_role.returncode == 2


def test_revoke_unknown_key_fails(demo_config):
    assert gateway(demo_config, "keys", "revoke", "zzzzzzzz").returncode == 1


def test_invalid_config_names_file_and_field(demo_config, tmp_path):
    config = yaml.safe_load(demo_config.read_text())
    config["server"]["port"] = "achtzig"
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump(config))
    result = gateway(path, "keys", "list")
    assert result.returncode == 2
    assert str(path) in result.stderr and "server.port" in result.stderr


def test_missing_secret_variable_is_named(demo_config, tmp_path):
    path = tmp_path / "env.yaml"
    config = yaml.safe_load(demo_config.read_text())
    config["secrets"]["key_hmac_secret"] = "env:GW_TEST_SECRET_THAT_IS_NOT_SET"
    path.write_text(yaml.safe_dump(config))
    result = gateway(path, "keys", "list")
    assert result.returncode == 2
    assert "secrets.key_hmac_secret" in result.stderr and "GW_TEST_SECRET_THAT_IS_NOT_SET" in result.stderr


@pytest.mark.slow
def test_serve_demo_config_answers_sdk_and_stops_on_sigterm(demo_config):
    """What `make run` does: serve config/demo.yaml, answer the official SDK, stream included."""
    key = gateway(demo_config, "keys", "create", "--user", "erika", "--department", "fb-buergerservice")
    key = key.stdout.strip().splitlines()[-1]
    port = yaml.safe_load(demo_config.read_text())["server"]["port"]
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "gateway.cli", "--config", str(demo_config), "serve"],
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=os.environ.copy())
    try:
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert process.poll() is None, process.stderr.read().decode() if process.stderr else ""
            assert time.perf_counter() - started < 60
            time.sleep(0.1)
        sdk = openai.OpenAI(base_url=f"http://127.0.0.1:{port}/v1", api_key=key, max_retries=0)
        answer = sdk.chat.completions.create(model="demo", messages=[{"role": "user", "content": "Guten Tag"}])
        assert "Guten Tag" in answer.choices[0].message.content
        streamed = "".join(c.choices[0].delta.content or "" for c in sdk.chat.completions.create(
            model="demo", messages=[{"role": "user", "content": "Guten Tag"}], stream=True) if c.choices)
        assert streamed == answer.choices[0].message.content
    finally:
        process.send_signal(signal.SIGTERM)
        # uvicorn shuts down gracefully, then re-raises the signal to the default handler.
        assert process.wait(timeout=30) in (0, -signal.SIGTERM)


def test_redact_stdin_and_jsonl_contract(demo_config):
    text = "Bitte rufen Sie Frau Katarzyna Nowak unter 0171 2345678 an."
    plain = gateway(demo_config, "redact", "--department", "fb-buergerservice", stdin=text)
    assert plain.returncode == 0, plain.stderr
    assert "Nowak" not in plain.stdout and "0171 2345678" not in plain.stdout and "Bitte rufen Sie" in plain.stdout
    lines = '{"id": 1, "text": "' + text + '"}\n{"id": "b", "text": "Keine Daten hier."}\n'
    result = gateway(demo_config, "redact", "--jsonl", stdin=lines)
    assert result.returncode == 0, result.stderr
    first, second = (json.loads(line) for line in result.stdout.splitlines())
    assert first["id"] == 1 and "Nowak" not in first["text"]
    spans = {text[e["start"]:e["end"]]: e["type"] for e in first["entities"]}
    assert spans.get("0171 2345678") == "PHONE_NUMBER" and "Nowak" in " ".join(spans)
    assert all(set(e) == {"type", "start", "end", "score"} for e in first["entities"])
    assert second == {"id": "b", "text": "Keine Daten hier.", "blocked": [], "entities": []}


def test_redact_jsonl_rejects_malformed_line(demo_config):
    result = gateway(demo_config, "redact", "--jsonl", stdin="not json\n")
    assert result.returncode == 2 and "Zeile 1" in result.stderr
