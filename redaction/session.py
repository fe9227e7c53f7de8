"""One request's pseudonymisation: the mapping lives here and nowhere else.

Create one `RedactionSession` per HTTP request (`Redactor.new_session`) and drop it when the
response is done; the mapping from placeholders to values is never stored or logged.
"""

from __future__ import annotations

import copy
import json
import time
from collections import Counter
from typing import TYPE_CHECKING, Any

from .entities import DetectedEntity
from .errors import RedactionBlocked, RedactionUnavailable
from .placeholders import LITERAL_TYPE, format_mask, format_placeholder, may_hold_placeholder
from .restore import StreamRestorer, restore

if TYPE_CHECKING:
    from .analyzer import Redactor
    from .config import RedactionPolicy


class RedactionSession:
    def __init__(self, redactor: Redactor, department: str | None, policy: RedactionPolicy) -> None:
        self._redactor = redactor
        self._department = department
        self._policy = policy
        self._pattern = redactor.placeholder_pattern
        self._literal_pattern = redactor.literal_pattern
        self._placeholders: dict[tuple[str, str], str] = {}
        self._values: dict[tuple[str, int], str] = {}
        self._next_index: Counter[str] = Counter()
        self._counts: Counter[str] = Counter()
        self._budget_s = redactor.settings.time_budget_ms / 1000
        self._spent_s = 0.0

    @property
    def entity_counts(self) -> dict[str, int]:
        """Detected entities by type (pseudonymised, masked or blocked): counts, never values."""
        return dict(self._counts)

    # -- redaction ----------------------------------------------------------------------------
    def redact_text(self, text: str) -> str:
        blocked: set[str] = set()
        out = self._redact(text, blocked, irreversible=False)
        if blocked:
            raise RedactionBlocked(sorted(blocked))
        return out

    def redact_chat_request(self, body: dict[str, Any]) -> dict[str, Any]:
        """A new OpenAI chat body with every text the provider would see redacted.

        Covered: messages of every role (`content` as string or list of parts with
        `type: text`, `name`, `refusal`, `tool_calls[*].function.arguments` and the legacy
        `function_call.arguments` as JSON with string values redacted), `tools[*].function.
        description` and the descriptions inside its parameter schema, and a legacy `prompt`.
        Non-text parts (images, audio) are passed on unchanged. Blocked entity types raise
        RedactionBlocked only after everything was scanned, naming all of them.
        """
        out = copy.deepcopy(body)
        blocked: set[str] = set()
        for message in out.get("messages") or []:
            if isinstance(message, dict):
                self._redact_message(message, blocked)
        for tool in out.get("tools") or []:
            function = tool.get("function") if isinstance(tool, dict) else None
            if isinstance(function, dict):
                if isinstance(function.get("description"), str):
                    function["description"] = self._redact(function["description"], blocked, False)
                if isinstance(function.get("parameters"), dict):
                    function["parameters"] = self._redact_schema(function["parameters"], blocked)
        if "prompt" in out:
            out["prompt"] = self._redact_value(out["prompt"], blocked, irreversible=False)
        if blocked:
            raise RedactionBlocked(sorted(blocked))
        return out

    def redact_embedding_input(self, value: Any) -> Any:
        """Embeddings input, masked irreversibly (`[PERSON]`); token-id arrays pass unchanged."""
        blocked: set[str] = set()
        if isinstance(value, str):
            result: Any = self._redact(value, blocked, irreversible=True)
        elif isinstance(value, list):
            result = [self._redact(v, blocked, True) if isinstance(v, str) else v for v in value]
        else:
            result = value
        if blocked:
            raise RedactionBlocked(sorted(blocked))
        return result

    # -- restore --------------------------------------------------------------------------------
    def restore_text(self, text: str) -> str:
        return restore(text, self._pattern, self._lookup)

    def restore_chat_response(self, body: dict[str, Any]) -> dict[str, Any]:
        """A new chat completion body with placeholders replaced by the original values.

        Restores `choices[*].message.content` (string or text parts), `refusal`,
        `tool_calls[*].function.arguments` and `function_call.arguments` (values JSON-escaped,
        so the arguments stay valid JSON), and `choices[*].text` of legacy completions.
        """
        out = copy.deepcopy(body)
        for choice in out.get("choices") or []:
            if not isinstance(choice, dict):
                continue
            if isinstance(choice.get("text"), str):
                choice["text"] = self.restore_text(choice["text"])
            message = choice.get("message")
            if isinstance(message, dict):
                self._restore_message(message)
        return out

    def stream_restorer(self, json_escape: bool = False) -> StreamRestorer:
        """One restorer per streamed field; `json_escape=True` for tool-call argument deltas."""
        return StreamRestorer(self._pattern, self._lookup, escape=json_escape)

    # -- internals ------------------------------------------------------------------------------
    def _lookup(self, entity_type: str, index: int) -> str | None:
        return self._values.get((entity_type.upper(), index))

    def _restore_message(self, message: dict[str, Any]) -> None:
        content = message.get("content")
        if isinstance(content, str):
            message["content"] = self.restore_text(content)
        elif isinstance(content, list):
            for part in content:
                if isinstance(part, dict) and isinstance(part.get("text"), str):
                    part["text"] = self.restore_text(part["text"])
        if isinstance(message.get("refusal"), str):
            message["refusal"] = self.restore_text(message["refusal"])
        calls = [c.get("function") for c in message.get("tool_calls") or [] if isinstance(c, dict)]
        calls.append(message.get("function_call"))
        for function in calls:
            if isinstance(function, dict) and isinstance(function.get("arguments"), str):
                function["arguments"] = restore(function["arguments"], self._pattern, self._lookup, escape=True)

    def _redact_message(self, message: dict[str, Any], blocked: set[str]) -> None:
        content = message.get("content")
        if isinstance(content, str):
            message["content"] = self._redact(content, blocked, False)
        elif isinstance(content, list):
            for part in content:
                if isinstance(part, dict) and isinstance(part.get("text"), str):
                    part["text"] = self._redact(part["text"], blocked, False)
        for key in ("name", "refusal"):
            if isinstance(message.get(key), str):
                message[key] = self._redact(message[key], blocked, False)
        calls = [c.get("function") for c in message.get("tool_calls") or [] if isinstance(c, dict)]
        calls.append(message.get("function_call"))
        for function in calls:
            if isinstance(function, dict) and isinstance(function.get("arguments"), str):
                function["arguments"] = self._redact_json_text(function["arguments"], blocked)

    def _redact_json_text(self, raw: str, blocked: set[str]) -> str:
        try:
            parsed = json.loads(raw)
        except ValueError:
            return self._redact(raw, blocked, False)
        return json.dumps(self._redact_value(parsed, blocked, False), ensure_ascii=False)

    def _redact_value(self, value: Any, blocked: set[str], irreversible: bool) -> Any:
        if isinstance(value, str):
            return self._redact(value, blocked, irreversible)
        if isinstance(value, list):
            return [self._redact_value(v, blocked, irreversible) for v in value]
        if isinstance(value, dict):
            return {k: self._redact_value(v, blocked, irreversible) for k, v in value.items()}
        return value

    def _redact_schema(self, schema: Any, blocked: set[str]) -> Any:
        """Only the human-written parts of a JSON schema: descriptions and examples."""
        if isinstance(schema, dict):
            out = {}
            for key, value in schema.items():
                if key in ("description", "title") and isinstance(value, str):
                    out[key] = self._redact(value, blocked, False)
                elif key in ("examples", "default", "enum", "const"):
                    out[key] = self._redact_value(value, blocked, False)
                else:
                    out[key] = self._redact_schema(value, blocked)
            return out
        if isinstance(schema, list):
            return [self._redact_schema(v, blocked) for v in schema]
        return schema

    def _detect(self, text: str) -> list[DetectedEntity]:
        started = time.perf_counter()
        found = self._redactor.analyze(text, self._department)
        self._spent_s += time.perf_counter() - started
        if self._spent_s > self._budget_s:
            raise RedactionUnavailable("Zeitbudget der Erkennung überschritten")
        return found

    def _redact(self, text: str, blocked: set[str], irreversible: bool) -> str:
        if not text:
            return text
        literals: list[tuple[int, int]] = []
        if may_hold_placeholder(text, self._redactor.placeholder_types):
            literals = [(m.start(), m.end()) for m in self._literal_pattern.finditer(text)]
        entities = self._detect(text) if self._redactor.settings.enabled else []
        if literals:
            entities = [e for e in entities if not any(s < e.end and e.start < t for s, t in literals)]
            entities += [DetectedEntity(LITERAL_TYPE, s, t, 1.0) for s, t in literals]
            entities.sort(key=lambda e: e.start)
        out: list[str] = []
        pos = 0
        for entity in entities:
            if entity.type == LITERAL_TYPE:
                action = "pseudonymize"
            else:
                action = self._policy.actions.get(entity.type, self._policy.default_action)
            if action == "allow":
                continue
            if entity.type != LITERAL_TYPE:
                self._counts[entity.type] += 1
            if action == "block":
                blocked.add(entity.type)
            start, end = entity.start, entity.end
            suffix = ""
            if entity.type == "PERSON":
                end = self._redactor.genitive_base_end(text, start, end)
            value = text[start:end]
            if action == "mask" or action == "block" or (irreversible and entity.type != LITERAL_TYPE):
                replacement = format_mask(entity.type)
            else:
                replacement = self._placeholder(entity.type, value)
            out.append(text[pos:start])
            out.append(replacement + suffix)
            pos = end
        out.append(text[pos:])
        return "".join(out)

    def _placeholder(self, entity_type: str, value: str) -> str:
        key = (entity_type, value)
        existing = self._placeholders.get(key)
        if existing is not None:
            return existing
        self._next_index[entity_type] += 1
        index = self._next_index[entity_type]
        placeholder = format_placeholder(entity_type, index)
        self._placeholders[key] = placeholder
        self._values[(entity_type, index)] = value
        return placeholder
