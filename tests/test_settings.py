"""Configuration: the shipped files validate, and errors name the file and the field."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from gateway.settings import ConfigError, load_settings

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_ENV = {name: "test-secret" for name in (
    "GATEWAY_KEY_SECRET", "GATEWAY_SESSION_SECRET", "MISTRAL_API_KEY", "AZURE_API_KEY", "ANTHROPIC_API_KEY",
    "OPENAI_API_KEY", "AUDIT_PSEUDONYM_KEY")}


def _example(tmp_path: Path) -> Path:
    (tmp_path / "signing.pem").write_text("placeholder")
    text = (ROOT / "config" / "example.yaml").read_text(encoding="utf-8")
    path = tmp_path / "example.yaml"
    path.write_text(text.replace("/run/secrets/audit_signing_key.pem", str(tmp_path / "signing.pem")))
    return path


def test_example_config_validates_and_resolves_secrets(tmp_path):
    settings = load_settings(_example(tmp_path), EXAMPLE_ENV)
    assert settings.model("gpt-4o-eu").api_key.get_secret_value() == "test-secret"
    assert settings.department("fb-buergerservice").limits.eur_per_month == 500
    assert "test-secret" not in repr(settings)  # secrets stay hidden in reprs and logs


def test_deploy_config_validates(tmp_path):
    text = (ROOT / "deploy" / "gateway.yaml").read_text(encoding="utf-8").replace("/run/secrets/gateway", str(tmp_path))
    for name in ("key_hmac_secret", "session_secret", "audit_pseudonym_key", "audit_signing_key.pem"):
        (tmp_path / name).write_text("x")
    path = tmp_path / "deploy.yaml"
    path.write_text(text)
    assert load_settings(path, {"AZURE_API_KEY": "k"}).quota.backend == "redis"


@pytest.mark.parametrize(("mutate", "field"), [
    (lambda c: c["models"][0].update(timeout_seconds="lang"), "models.0.timeout_seconds"),
    (lambda c: c["models"][0].update(fallbacks=["unbekannt"]), "models.0.fallbacks"),
    (lambda c: c["departments"][0].update(models=["unbekannt"]), "departments.0.models"),
    (lambda c: c["departments"][0]["limits"].update(eur_per_monat=5), "departments.0.limits.eur_per_monat"),
    (lambda c: c["redaction"]["default_policy"].update(default_action="shred"),
     "redaction.default_policy.default_action"),
    (lambda c: c.update(unbekannt=1), "unbekannt"),
])
def test_invalid_values_name_file_and_field(tmp_path, mutate, field):
    config = yaml.safe_load(_example(tmp_path).read_text())
    mutate(config)
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True))
    with pytest.raises(ConfigError) as info:
        load_settings(path, EXAMPLE_ENV)
    assert str(path) in str(info.value) and field in str(info.value)


def test_missing_file_and_bad_yaml(tmp_path):
    with pytest.raises(ConfigError, match="cannot read"):
        load_settings(tmp_path / "fehlt.yaml")
    (tmp_path / "bad.yaml").write_text("server: [unclosed")
    with pytest.raises(ConfigError, match="invalid YAML"):
        load_settings(tmp_path / "bad.yaml")
