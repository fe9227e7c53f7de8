"""Prices (config EUR, litellm USD x rate, free) and the offline prompt token counter."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import tiktoken

from gateway.quota import QuotaService, count_prompt_tokens, count_text_tokens
from gateway.quota.memory_store import MemoryQuotaStore
from gateway.quota.pricing import litellm_cost_map
from tests.quota.conftest import make_settings

LITELLM_DIR = Path(tiktoken.__file__).parents[1] / "litellm"


def service(models: list[dict], usd_to_eur: float = 0.9) -> QuotaService:
    names = [m["name"] for m in models]
    departments = [{"id": "fb-x", "name": "X", "models": names}]
    settings = make_settings(models=models, departments=departments, quota={"usd_to_eur": usd_to_eur})
    return QuotaService(MemoryQuotaStore(), settings)


def test_model_without_any_price_is_refused_by_name() -> None:
    quota = service(
        [
            {
                "name": "priced",
                "litellm_model": "openai/x",
                "input_eur_per_million": 1,
                "output_eur_per_million": 2,
            },
            {"name": "mystery", "litellm_model": "openai/no-such-model-anywhere"},
            {"name": "local", "litellm_model": "openai/no-such-model-either", "free": True},
        ]
    )
    with pytest.raises(ValueError, match="'mystery'") as refused:
        quota.check_prices()
    assert "local" not in str(refused.value)
    assert quota.cost_eur("local", 10**6, 10**6) == 0.0


def test_litellm_usd_price_times_exchange_rate() -> None:
    entry = json.loads((LITELLM_DIR / "model_prices_and_context_window_backup.json").read_text())[
        "gpt-4o-mini"
    ]
    quota = service([{"name": "mini", "litellm_model": "openai/gpt-4o-mini"}], usd_to_eur=0.9)
    quota.check_prices()
    expected = (entry["input_cost_per_token"] * 10**6 + entry["output_cost_per_token"] * 10**6) * 0.9
    assert quota.cost_eur("mini", 10**6, 10**6) == pytest.approx(expected, abs=1e-6)
    assert litellm_cost_map()["gpt-4o-mini"] == entry


def test_config_price_wins_per_side_and_litellm_fills_the_other() -> None:
    entry = litellm_cost_map()["gpt-4o-mini"]
    quota = service([{"name": "mini", "litellm_model": "openai/gpt-4o-mini", "input_eur_per_million": 7.0}])
    assert quota.cost_eur("mini", 10**6, 0) == pytest.approx(7.0)
    assert quota.cost_eur("mini", 0, 10**6) == pytest.approx(entry["output_cost_per_token"] * 10**6 * 0.9)


def test_cost_is_rounded_up_to_whole_micro_euros() -> None:
    quota = service(
        [
            {
                "name": "cheap",
                "litellm_model": "x/y",
                "input_eur_per_million": 0.15,
                "output_eur_per_million": 0.6,
            }
        ]
    )
    assert quota.cost_eur("cheap", 10, 0) == 2e-6  # 1.5 micro-euros
    assert quota.cost_eur("cheap", 1000, 1000) == pytest.approx(750e-6)


def test_token_counts_match_tiktoken_cl100k(monkeypatch: pytest.MonkeyPatch) -> None:
    # The reference: tiktoken's own loader pointed at litellm's bundled copy (no download).
    monkeypatch.setitem(
        os.environ, "TIKTOKEN_CACHE_DIR", str(LITELLM_DIR / "litellm_core_utils" / "tokenizers")
    )
    reference = tiktoken.get_encoding("cl100k_base")
    for text in ["Sehr geehrte Frau Müller,", "Aktenzeichen 4711/2026 – Straße über Öffnung", "  \n\t x"]:
        assert count_text_tokens(text) == len(reference.encode_ordinary(text))


def test_prompt_counts_cover_messages_parts_tools_and_embedding_inputs() -> None:
    text = "Bitte fassen Sie den Antrag zusammen."
    base = count_text_tokens(text)
    plain = count_prompt_tokens(None, [{"role": "user", "content": text}])
    assert plain == base + count_text_tokens("user") + 4 + 3
    parts = count_prompt_tokens(None, [{"role": "user", "content": [{"type": "text", "text": text}]}])
    assert parts == plain
    with_image = count_prompt_tokens(
        None,
        [
            {
                "role": "user",
                "content": [{"type": "text", "text": text}, {"type": "image_url", "image_url": {}}],
            }
        ],
    )
    assert with_image > plain + 500
    tool = count_prompt_tokens(
        None,
        [
            {
                "role": "assistant",
                "content": None,
                "tool_calls": [{"function": {"arguments": '{"az": "4711"}'}}],
            }
        ],
    )
    assert tool > 10
    assert count_prompt_tokens(None, text) == base
    assert count_prompt_tokens(None, [text, text]) == 2 * base
    assert count_prompt_tokens(None, [1, 2, 3]) == 3
    assert count_prompt_tokens(None, [[1, 2], [3]]) == 3
