"""The name lists and the word lists that keep ordinary words from being taken for names.

Loaded once per process from `redaction/data/` (built by `data/build_names.py`, sources in
`data/SOURCES.md`). Lookups are exact and case-sensitive, with a fallback for all-caps
tokens (`MÜLLER`) and genitive endings (`Müllers`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from spacy.lang.de.stop_words import STOP_WORDS

DATA = Path(__file__).parent / "data"


def _read(name: str) -> frozenset[str]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


@dataclass(frozen=True)
class NameLists:
    first_names: frozenset[str]
    surnames: frozenset[str]
    not_names: frozenset[str]

    def is_first_name(self, token: str) -> bool:
        return self._lookup(token, self.first_names)

    def is_surname(self, token: str) -> bool:
        return self._lookup(token, self.surnames)

    def is_known(self, token: str) -> bool:
        return self.is_first_name(token) or self.is_surname(token)

    def is_common_word(self, token: str) -> bool:
        return token in self.not_names or (token.isupper() and token.capitalize() in self.not_names)

    @staticmethod
    def _lookup(token: str, names: frozenset[str]) -> bool:
        if token in names:
            return True
        if token.isupper() and len(token) > 3 and token.capitalize() in names:
            return True
        return token.endswith("s") and len(token) > 3 and token[:-1] in names


@cache
def load_name_lists() -> NameLists:
    stop = {w.capitalize() for w in STOP_WORDS} | set(STOP_WORDS)
    not_names = _read("common_words.txt") | _read("places.txt") | frozenset(stop)
    return NameLists(
        first_names=_read("first_names.txt"),
        surnames=_read("surnames.txt"),
        not_names=not_names,
    )
