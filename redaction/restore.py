"""Putting the original values back into the model's answer, whole or while it streams.

See `placeholders` for exactly which spellings are restored. Streaming restore holds back only
a trailing fragment that could still grow into a placeholder (after `[`, `[PER`, `PERSON_1`
before the next character shows whether more digits follow); everything before it is emitted
at once, so the first token reaches the client without waiting for the whole answer.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import regex

Lookup = Callable[[str, int], "str | None"]


def json_escape(value: str) -> str:
    """The value as it must appear inside a JSON string literal (tool-call arguments)."""
    return json.dumps(value, ensure_ascii=False)[1:-1]


def restore(text: str, pattern: regex.Pattern[str], lookup: Lookup, escape: bool = False) -> str:
    def replace(match: regex.Match[str]) -> str:
        value = lookup(match.group("type"), int(match.group("index")))
        if value is None:
            return match.group(0)
        return json_escape(value) if escape else value

    return pattern.sub(replace, text)


class StreamRestorer:
    """Restores one streamed field (one choice's content, or one tool call's arguments).

    Feed every delta in order; what `feed` returns may be sent to the client immediately.
    Call `flush` at the end of the stream. The concatenation of all returned pieces equals
    restoring the whole text at once, for every way of cutting it into deltas.
    """

    def __init__(self, pattern: regex.Pattern[str], lookup: Lookup, escape: bool = False) -> None:
        self._pattern = pattern
        self._lookup = lookup
        self._escape = escape
        self._held = ""
        self._before = ""  # the last emitted character: the bare form looks one character back

    # No placeholder spelling is longer than this; only the tail of this length can be held back.
    WINDOW = 64

    def feed(self, delta: str) -> str:
        if not delta:
            return ""
        text = self._before + self._held + delta
        pos = len(self._before)
        out: list[str] = []
        hold = self._hold_start(text, pos)
        while True:
            match = self._pattern.search(text, pos)
            if match is None or match.start() >= hold:
                break
            out.append(text[pos : match.start()])
            out.append(self._replacement(match))
            pos = match.end()
            if pos > hold:
                hold = self._hold_start(text, pos)
        out.append(text[pos:hold])
        self._held = text[hold:]
        if hold > 0:
            self._before = text[hold - 1]
        return "".join(out)

    def _hold_start(self, text: str, pos: int) -> int:
        """Earliest position from which the text could still become (or grow) a placeholder."""
        for start in range(max(pos, len(text) - self.WINDOW), len(text)):
            match = self._pattern.match(text, start, partial=True)
            if match is not None and (match.partial or match.end() == len(text)) and match.end() > start:
                return start
        return len(text)

    def flush(self) -> str:
        if not self._held:
            return ""
        text = self._before + self._held
        start = len(self._before)
        self._held = ""
        return self._restore_tail(text, start)

    def _restore_tail(self, text: str, start: int) -> str:
        out: list[str] = []
        pos = start
        for match in self._pattern.finditer(text, start):
            out.append(text[pos : match.start()])
            out.append(self._replacement(match))
            pos = match.end()
        out.append(text[pos:])
        return "".join(out)

    def _replacement(self, match: regex.Match[str]) -> str:
        value = self._lookup(match.group("type"), int(match.group("index")))
        if value is None:
            return match.group(0)
        return (json.dumps(value, ensure_ascii=False)[1:-1]) if self._escape else value
