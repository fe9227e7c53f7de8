"""Cheap prompt token counts for reservations (and for completions when a stream has no usage).

The count only sizes a reservation; settlement uses the provider's own numbers when it gives
them. We use tiktoken's cl100k_base for every model: exact for older OpenAI models, a close
estimate for others. Its BPE file ships inside litellm (litellm_core_utils/tokenizers, named by
tiktoken's cache key), so it is loaded from there and never downloaded. If it cannot be loaded,
a conservative estimate of one token per three characters is used instead.
"""

from __future__ import annotations

import importlib.util
import logging
import math
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

if TYPE_CHECKING:
    from gateway.settings import ModelSettings

log = logging.getLogger(__name__)

# tiktoken's cache file name for cl100k_base: sha1 of its download URL.
_CL100K_FILE = "9b5ad71b2ce5302211f9c61530b329a4922fc6a4"
_CL100K_SHA256 = "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7"
# Same split pattern as tiktoken_ext.openai_public.cl100k_base.
_CL100K_PATTERN = (
    r"""'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+"""
    r"""|\s++$|\s*[\r\n]|\s+(?!\S)|\s"""
)
# OpenAI's chat format adds a few tokens per message and primes the reply.
_PER_MESSAGE = 4
_REPLY_PRIMING = 3
# Images and other non-text parts: a flat, generous estimate (a high-detail 1024px image is ~765).
_PER_NON_TEXT_PART = 1_000


def _estimate(text: str) -> int:
    return math.ceil(len(text) / 3)


@cache
def encoder() -> Callable[[str], int]:
    """The token counter for text; loaded once per process (about 0.3 s)."""
    try:
        import tiktoken
        from tiktoken.load import load_tiktoken_bpe

        spec = importlib.util.find_spec("litellm")
        if spec is None or not spec.submodule_search_locations:
            raise FileNotFoundError("litellm package not found")
        package = Path(next(iter(spec.submodule_search_locations)))
        path = package / "litellm_core_utils" / "tokenizers" / _CL100K_FILE
        ranks = load_tiktoken_bpe(str(path), expected_hash=_CL100K_SHA256)
        encoding = tiktoken.Encoding(**_cl100k_params(ranks))
    except Exception as exc:  # noqa: BLE001 - any failure means: fall back to the estimate
        reason = type(exc).__name__
        log.warning("cl100k_base tokenizer unavailable (%s); estimating 1 token per 3 characters", reason)
        return _estimate

    def count(text: str) -> int:
        return len(encoding.encode_ordinary(text))

    return count


def _cl100k_params(ranks: dict[bytes, int]) -> dict[str, Any]:
    from tiktoken_ext.openai_public import ENDOFPROMPT, ENDOFTEXT, FIM_MIDDLE, FIM_PREFIX, FIM_SUFFIX

    return {
        "name": "cl100k_base",
        "pat_str": _CL100K_PATTERN,
        "mergeable_ranks": ranks,
        "special_tokens": {
            ENDOFTEXT: 100257,
            FIM_PREFIX: 100258,
            FIM_MIDDLE: 100259,
            FIM_SUFFIX: 100260,
            ENDOFPROMPT: 100276,
        },
    }


def count_text_tokens(text: str) -> int:
    return encoder()(text) if text else 0


def count_prompt_tokens(model_settings: ModelSettings | None, messages_or_input: Any) -> int:
    """Tokens of a chat `messages` list or an embeddings `input` (string, list of strings or token ids).

    `model_settings` is accepted so a model-specific tokenizer can be chosen later; today every
    model is counted with cl100k_base.
    """
    count = encoder()
    if isinstance(messages_or_input, str):
        return count(messages_or_input)
    if not isinstance(messages_or_input, list):
        return count(orjson.dumps(messages_or_input).decode()) if messages_or_input is not None else 0
    if messages_or_input and all(isinstance(x, int) for x in messages_or_input):
        return len(messages_or_input)  # embeddings input given as token ids
    total = 0
    is_chat = any(isinstance(x, dict) for x in messages_or_input)
    for item in messages_or_input:
        if isinstance(item, dict):
            total += _PER_MESSAGE + _message_tokens(item, count)
        elif isinstance(item, str):
            total += count(item)
        elif isinstance(item, list) and all(isinstance(x, int) for x in item):
            total += len(item)
        else:
            total += count(orjson.dumps(item).decode())
    return total + (_REPLY_PRIMING if is_chat else 0)


def _message_tokens(message: dict[str, Any], count: Callable[[str], int]) -> int:
    total = 0
    for key, value in message.items():
        if value is None:
            continue
        if key == "content":
            total += _content_tokens(value, count)
        elif isinstance(value, str):
            total += count(value)  # role, name, tool_call_id
        else:
            total += count(orjson.dumps(value).decode())  # tool_calls, function_call, ...
    return total


def _content_tokens(content: Any, count: Callable[[str], int]) -> int:
    if isinstance(content, str):
        return count(content)
    if not isinstance(content, list):
        return count(orjson.dumps(content).decode())
    total = 0
    for part in content:
        if isinstance(part, dict) and isinstance(part.get("text"), str):
            total += count(part["text"])
        elif isinstance(part, str):
            total += count(part)
        else:
            total += _PER_NON_TEXT_PART
    return total
