"""Common machinery of our regex recognizers: patterns, validation, and our own context words.

Presidio's context enhancement needs lemmas, which a blank spaCy pipeline does not produce;
so each recognizer here looks at the text just before (and shortly after) a match itself.
A recognizer declares:

- `ENTITY`: the canonical entity type,
- `PATTERNS`: (regex, score) pairs; a named group `v` marks the value inside a larger match,
- `CONTEXT`: lower-case words that make a match more likely (searched `CONTEXT_WINDOW`
  characters before and `CONTEXT_AFTER` after the value),
- `validate(value)`: True = checksum or structure proves it (score 1.0), False = reject,
  None = cannot tell (pattern score, plus `CONTEXT_BOOST` with context).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import ClassVar

import regex
from presidio_analyzer import LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts


class RegexRecognizer(LocalRecognizer):
    ENTITY: ClassVar[str] = ""
    PATTERNS: ClassVar[list[tuple[str, float]]] = []
    CONTEXT: ClassVar[tuple[str, ...]] = ()
    CONTEXT_WINDOW: ClassVar[int] = 60
    CONTEXT_AFTER: ClassVar[int] = 0
    CONTEXT_BOOST: ClassVar[float] = 0.35
    FLAGS: ClassVar[int] = 0

    def __init__(self) -> None:
        self._compiled = [(regex.compile(p, self.FLAGS), s) for p, s in self.PATTERNS]
        super().__init__(
            supported_entities=[self.ENTITY],
            supported_language="de",
            name=type(self).__name__,
            context=list(self.CONTEXT),
        )

    def load(self) -> None:
        """Patterns are compiled in __init__; nothing to load."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        results: list[RecognizerResult] = []
        seen: set[tuple[int, int]] = set()
        for pattern, base in self._compiled:
            for match in self.matches(pattern, text):
                start, end = match.span("v") if "v" in pattern.groupindex else match.span()
                if (start, end) in seen or start == end:
                    continue
                for found in self.evaluate(text, start, end, base):
                    seen.add((found.start, found.end))
                    results.append(found)
        return results

    def matches(self, pattern: regex.Pattern[str], text: str) -> Iterator[regex.Match[str]]:
        """The pattern's matches; subclasses may find the same ones faster (tests/redaction/test_shortcuts.py)."""
        return pattern.finditer(text)

    def evaluate(self, text: str, start: int, end: int, base: float) -> list[RecognizerResult]:
        """Score one candidate; subclasses may override to adjust the span or the entity type."""
        verdict = self.validate(text[start:end])
        if verdict is False:
            return []
        score = 1.0 if verdict else base
        if verdict is None and self.has_context(text, start, end):
            score = min(1.0, score + self.CONTEXT_BOOST)
        return [self.result(start, end, score)]

    def validate(self, value: str) -> bool | None:
        return None

    def has_context(self, text: str, start: int, end: int, words: tuple[str, ...] | None = None) -> bool:
        words = self.CONTEXT if words is None else words
        if not words:
            return False
        before = text[max(0, start - self.CONTEXT_WINDOW) : start].lower()
        after = text[end : end + self.CONTEXT_AFTER].lower() if self.CONTEXT_AFTER else ""
        return any(w in before or (after and w in after) for w in words)

    def result(self, start: int, end: int, score: float, entity: str | None = None) -> RecognizerResult:
        return RecognizerResult(entity_type=entity or self.ENTITY, start=start, end=end, score=score)


def compact(value: str) -> str:
    """Drop the separators people put into numbers ("DE89 3704 …", "12 345 678 901")."""
    return "".join(c for c in value if c.isalnum()).upper()


def leftmost_matches(pattern: regex.Pattern[str], text: str, starts: Iterable[int]) -> Iterator[regex.Match[str]]:
    """What `pattern.finditer(text)` finds, trying the pattern only at `starts`.

    `starts` must be ascending and hold every position where a match can start; the pattern
    must not match the empty string.
    """
    pos = 0
    for start in starts:
        if start < pos:
            continue
        match = pattern.match(text, start)
        if match is not None:
            yield match
            pos = match.end()
