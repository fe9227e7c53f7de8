"""Prices per model in EUR, from the contract prices in the config or litellm's public list.

Counters hold money as integer micro-euros: a price in EUR per million tokens is exactly a
price in micro-euros per token, so costs need no floating point in the store and the sum of
what `settle` returned always equals what the counter holds.
"""

from __future__ import annotations

import importlib.util
import json
import math
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # gateway.settings imports this package's config: no runtime import back
    from gateway.settings import ModelSettings, Settings

MICRO = 1_000_000


@dataclass(frozen=True, slots=True)
class ModelPrice:
    """EUR per million tokens (= micro-euros per token)."""

    input_eur_per_million: float
    output_eur_per_million: float
    source: str  # "config", "litellm", "free" or "config+litellm"

    def micro_eur(self, prompt_tokens: int, completion_tokens: int) -> int:
        exact = prompt_tokens * self.input_eur_per_million + completion_tokens * self.output_eur_per_million
        # Rounded up so a reservation never undershoots; the tolerance keeps 3.0000000001 at 3.
        return max(0, math.ceil(exact - 1e-6))


def litellm_cost_map() -> dict[str, Any]:
    """litellm's price list without the network.

    When litellm is already imported (the gateway does, for provider calls) its `model_cost` is
    used. Otherwise the backup JSON shipped inside the litellm package is read directly: importing
    litellm costs seconds and, unless LITELLM_LOCAL_MODEL_COST_MAP is set, tries to download.
    """
    module = sys.modules.get("litellm")
    cost = getattr(module, "model_cost", None) if module is not None else None
    if isinstance(cost, dict) and cost:
        return cost
    return _bundled_cost_map()


@cache
def _bundled_cost_map() -> dict[str, Any]:
    spec = importlib.util.find_spec("litellm")
    if spec is None or not spec.submodule_search_locations:
        return {}
    path = Path(next(iter(spec.submodule_search_locations))) / "model_prices_and_context_window_backup.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _litellm_usd_per_token(litellm_model: str, cost_map: dict[str, Any]) -> tuple[float | None, float | None]:
    # "openai/gpt-4o-mini" is listed as "gpt-4o-mini"; "azure/…" and "mistral/…" keep their prefix.
    candidates = [litellm_model]
    if "/" in litellm_model:
        candidates.append(litellm_model.split("/", 1)[1])
    for name in candidates:
        entry = cost_map.get(name)
        if isinstance(entry, dict):
            return entry.get("input_cost_per_token"), entry.get("output_cost_per_token")
    return None, None


def resolve_price(model: ModelSettings, usd_to_eur: float, cost_map: dict[str, Any]) -> ModelPrice | None:
    """Config EUR price per side, else litellm's USD price x rate; None when a side has no price."""
    if model.free:
        return ModelPrice(0.0, 0.0, "free")
    inp, out = model.input_eur_per_million, model.output_eur_per_million
    sources = {"config"} if inp is not None or out is not None else set()
    if inp is None or out is None:
        usd_in, usd_out = _litellm_usd_per_token(model.litellm_model, cost_map)
        if inp is None and usd_in is not None:
            inp = float(usd_in) * MICRO * usd_to_eur
            sources.add("litellm")
        if out is None and usd_out is not None:
            out = float(usd_out) * MICRO * usd_to_eur
            sources.add("litellm")
    if inp is None or out is None:
        return None
    return ModelPrice(inp, out, "+".join(sorted(sources)))


class PriceList:
    """Prices of all configured models, resolved once at start-up."""

    def __init__(self, settings: Settings) -> None:
        cost_map = litellm_cost_map()
        self._prices: dict[str, ModelPrice | None] = {
            m.name: resolve_price(m, settings.quota.usd_to_eur, cost_map) for m in settings.models
        }

    def check(self) -> None:
        missing = [name for name, price in self._prices.items() if price is None]
        if missing:
            raise ValueError(
                f"model(s) {', '.join(repr(n) for n in missing)} have no price: set input_eur_per_million "
                "and output_eur_per_million, use a litellm model with a known price, or mark it free: true"
            )

    def price(self, model: str) -> ModelPrice:
        if model not in self._prices:
            raise KeyError(f"unknown model {model!r}")
        price = self._prices[model]
        if price is None:
            raise ValueError(f"model {model!r} has no price")
        return price
