"""A presidio NlpEngine on `spacy.blank("de")`: tokenisation only, no model, no download.

The engine is what presidio's AnalyzerEngine is built on; see `empty_artifacts` for why the
Redactor normally skips the tokenisation.

Why not presidio's SpacyNlpEngine: it calls `spacy.cli.download()` for any model name that is
not an installed package, and no German model is installed (none may be downloaded at run
time). A blank pipeline has no lemmas and no NER, so presidio's lemma-based context words never
fire; our recognizers look at their context themselves (see `recognizers.base`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import spacy
from presidio_analyzer.nlp_engine import NlpArtifacts, NlpEngine


class BlankGermanNlpEngine(NlpEngine):
    """Tokens from spaCy's German rule-based tokenizer; no entities, no lemmas."""

    LANGUAGE = "de"

    def __init__(self) -> None:
        self._nlp: Any = None

    def load(self) -> None:
        self._nlp = spacy.blank(self.LANGUAGE)

    def is_loaded(self) -> bool:
        return self._nlp is not None

    def process_text(self, text: str, language: str) -> NlpArtifacts:
        self._check_language(language)
        doc = self._nlp.make_doc(text)
        return NlpArtifacts(
            entities=[],
            tokens=doc,
            tokens_indices=[token.idx for token in doc],
            lemmas=[token.text.lower() for token in doc],
            nlp_engine=self,
            language=language,
            scores=[],
        )

    def empty_artifacts(self) -> NlpArtifacts:
        """Artifacts without tokens, for analyses whose recognizers all tokenise themselves.

        All recognizers in our registry work on the raw text; spaCy's tokenizer would cost
        ~4 ms per KB on varied German text for nothing, so the Redactor passes these instead.
        """
        return NlpArtifacts(
            entities=[], tokens=self._nlp.make_doc(""), tokens_indices=[], lemmas=[], nlp_engine=self,
            language=self.LANGUAGE, scores=[],
        )

    def process_batch(
        self, texts: Iterable[str], language: str, batch_size: int = 1, n_process: int = 1, **kwargs: Any
    ) -> Iterator[tuple[str, NlpArtifacts]]:
        for text in texts:
            yield text, self.process_text(text, language)

    def is_stopword(self, word: str, language: str) -> bool:
        self._check_language(language)
        return bool(self._nlp.vocab[word].is_stop)

    def is_punct(self, word: str, language: str) -> bool:
        self._check_language(language)
        return bool(self._nlp.vocab[word].is_punct)

    def get_supported_entities(self) -> list[str]:
        return []

    def get_supported_languages(self) -> list[str]:
        return [self.LANGUAGE]

    def _check_language(self, language: str) -> None:
        if language != self.LANGUAGE:
            raise ValueError(f"unsupported language {language!r}")
        if self._nlp is None:
            self.load()
