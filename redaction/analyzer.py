"""The Redactor: one per process, built at start-up, shared by all requests (thread-safe).

It owns the presidio AnalyzerEngine (blank German spaCy pipeline, our recognizers), the
per-department policies and the placeholder syntax. Requests get a `RedactionSession` each.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import time

import regex
from presidio_analyzer import AnalyzerEngine, EntityRecognizer, RecognizerRegistry

from .config import RedactionPolicy, RedactionSettings
from .entities import DENY_LIST_TYPE, ENTITY_TYPES, DetectedEntity
from .errors import RedactionUnavailable
from .names import load_name_lists
from .nlp import BlankGermanNlpEngine
from .placeholders import all_types, literal_pattern, placeholder_pattern
from .recognizers import load_registry
from .session import RedactionSession

LANGUAGE = "de"
_WARM_UP_TEXT = (
    "Sehr geehrte Frau Müller, Herr Dr. Hans-Peter von der Heide (geb. 03.04.1985) wohnt in der "
    "Hauptstraße 12a, 10115 Berlin, Tel. 030 12345678, anna.mueller@example.de, IBAN DE89 3704 0044 "
    "0532 0130 00, Steuer-ID 86 095 742 719, Kennzeichen B-AB 1234, IP 192.168.0.1."
)


class _AnalyzerEngine(AnalyzerEngine):
    """Presidio's engine without its context pass: our recognizers look at their context themselves.

    The pass gives each recognizer its own results back (none of ours overrides
    `enhance_using_context`; `_check_recognizers` makes sure) and then runs the lemma-based
    enhancer, which needs lemmas a blank pipeline lacks. Sorting the results out per recognizer
    on the way costs recognizers × results comparisons per text, for an unchanged list.
    """

    def _enhance_using_context(self, text, raw_results, nlp_artifacts, recognizers, context=None):  # type: ignore[no-untyped-def]
        return raw_results


class Redactor:
    def __init__(self, settings: RedactionSettings, department_ids: list[str]) -> None:
        self.settings = settings
        self._departments = set(department_ids) | set(settings.departments)
        registry = RecognizerRegistry(supported_languages=[LANGUAGE])
        for recognizer in load_registry():
            registry.add_recognizer(recognizer)
        nlp_engine = self._nlp_engine = BlankGermanNlpEngine()
        nlp_engine.load()
        self._engine = _AnalyzerEngine(registry=registry, nlp_engine=nlp_engine, supported_languages=[LANGUAGE])
        self._check_recognizers()
        self._names = load_name_lists()
        self._policies = {d: self._merge(settings.departments.get(d)) for d in self._departments}
        self._default = self._merge(None)
        self._policy_hashes: dict[str | None, str] = {}
        self._allow = {key: self._term_pattern(p.allow_list) for key, p in self._all_policies()}
        self._deny = {key: self._term_pattern(p.deny_list) for key, p in self._all_policies()}
        self.placeholder_types = all_types((*self.entity_types, DENY_LIST_TYPE))
        self.placeholder_pattern = placeholder_pattern(self.placeholder_types)
        self.literal_pattern = literal_pattern(self.placeholder_types)
        # One shared instance: nothing in our registry (no context enhancer either) reads or changes
        # it, and building it runs spaCy's make_doc on every analysed text.
        self._empty_artifacts = nlp_engine.empty_artifacts()
        # Warm-up (regex compilation, name lists, presidio caches) so the first request is not slow.
        self._engine.analyze(text=_WARM_UP_TEXT, language=LANGUAGE, nlp_artifacts=self._empty_artifacts)

    @property
    def entity_types(self) -> list[str]:
        return list(self._entities)

    # -- start-up checks -----------------------------------------------------------------------
    def _check_recognizers(self) -> None:
        wanted = list(self.settings.entities) if self.settings.entities is not None else list(ENTITY_TYPES)
        active = set(self._engine.get_supported_entities(LANGUAGE))
        for entity in wanted:
            if entity not in active:
                raise ValueError(f"redaction: no active recognizer for entity type {entity} (language de)")
        for recognizer in self._engine.registry.recognizers:
            if type(recognizer).enhance_using_context is not EntityRecognizer.enhance_using_context:
                name = type(recognizer).__name__
                raise ValueError(f"redaction: {name} needs presidio's context pass, which is skipped")
        policies = [self.settings.default_policy, *self.settings.departments.values()]
        known = set(ENTITY_TYPES) | {DENY_LIST_TYPE}
        for policy in policies:
            for entity in policy.actions:
                if entity not in known:
                    raise ValueError(f"redaction: policy names unknown entity type {entity}")
        self._entities = wanted

    # -- policies ------------------------------------------------------------------------------------
    def _merge(self, override: RedactionPolicy | None) -> RedactionPolicy:
        """Department fields override the default; actions merge per type; lists are united."""
        base = self.settings.default_policy
        if override is None:
            return base.model_copy(deep=True)
        merged = base.model_dump()
        for field in override.model_fields_set:
            value = getattr(override, field)
            if field == "actions":
                merged["actions"] = {**base.actions, **value}
            elif field in ("allow_list", "deny_list"):
                merged[field] = sorted({*getattr(base, field), *value})
            else:
                merged[field] = value
        return RedactionPolicy.model_validate(merged)

    def _all_policies(self) -> list[tuple[str | None, RedactionPolicy]]:
        return [(None, self._default), *self._policies.items()]

    def policy(self, department: str | None) -> RedactionPolicy:
        if department is None:
            return self._default.model_copy(deep=True)
        if department not in self._policies:
            raise ValueError(f"redaction: unknown department {department!r}")
        return self._policies[department].model_copy(deep=True)

    def policy_hash(self, department: str | None) -> str:
        """Every audit record carries this; policies are fixed at construction, so it is computed
        once per department (a deep copy, dump and SHA-256 cost ~0.1 ms per call)."""
        cached = self._policy_hashes.get(department)
        if cached is None:
            cached = self._policy_hashes[department] = self._compute_policy_hash(department)
        return cached

    def _compute_policy_hash(self, department: str | None) -> str:
        policy = self.policy(department).model_dump()
        policy["allow_list"] = sorted(policy["allow_list"])
        policy["deny_list"] = sorted(policy["deny_list"])
        canonical = json.dumps(
            {"policy": policy, "entities": sorted(self._entities)}, sort_keys=True, ensure_ascii=False,
            separators=(",", ":"),
        )
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()

    def new_session(self, department: str | None) -> RedactionSession:
        return RedactionSession(self, department, self.policy(department))

    # -- detection -------------------------------------------------------------------------------------
    def analyze(self, text: str, department: str | None = None) -> list[DetectedEntity]:
        """Entities after the policy's threshold, allow and deny lists; non-overlapping, by start.

        Raises RedactionUnavailable if detection fails or exceeds the time budget (fail closed).
        """
        policy = self._policies.get(department, self._default) if department else self._default
        started = time.perf_counter()
        try:
            raw = self._engine.analyze(
                text=text, language=LANGUAGE, entities=self._entities, score_threshold=0.0,
                nlp_artifacts=self._empty_artifacts,
            )
        except Exception as exc:  # noqa: BLE001 - any failure must fail closed
            raise RedactionUnavailable(f"Erkennung fehlgeschlagen ({type(exc).__name__})") from None
        if (time.perf_counter() - started) * 1000 > self.settings.time_budget_ms:
            raise RedactionUnavailable("Zeitbudget der Erkennung überschritten")
        found = [
            DetectedEntity(r.entity_type, r.start, r.end, float(r.score))
            for r in raw
            if r.score >= policy.score_threshold and r.end > r.start
        ]
        deny = self._deny.get(department) if department in self._deny else self._deny[None]
        if deny is not None:
            found += [DetectedEntity(DENY_LIST_TYPE, m.start(), m.end(), 1.0) for m in deny.finditer(text)]
        allow = self._allow.get(department) if department in self._allow else self._allow[None]
        if allow is not None:
            allowed = [(m.start(), m.end()) for m in allow.finditer(text)]
            found = [
                e for e in found
                if e.type == DENY_LIST_TYPE or not any(s <= e.start and e.end <= t for s, t in allowed)
            ]
        return _without_overlaps(found)

    def genitive_base_end(self, text: str, start: int, end: int) -> int:
        """End of a person's name without a genitive ending, so "Müllers" and "Müller" share one placeholder."""
        value = text[start:end]
        for ending in ("’s", "'s", "s", "’", "'"):
            if value.endswith(ending) and len(value) - len(ending) >= 3:
                base = value[: -len(ending)]
                last = base.split()[-1] if base.split() else base
                whole_last = value.split()[-1]
                names = self._names
                if ending != "s" or (
                    whole_last not in names.first_names and whole_last not in names.surnames
                    and (last in names.surnames or last in names.first_names)
                ):
                    return end - len(ending)
        return end

    @staticmethod
    def _term_pattern(terms: list[str]) -> regex.Pattern[str] | None:
        terms = [t.strip() for t in terms if t.strip()]
        if not terms:
            return None
        alternatives = "|".join(regex.escape(t) for t in sorted(terms, key=len, reverse=True))
        return regex.compile(rf"(?<![\p{{L}}\p{{N}}])(?:{alternatives})(?![\p{{L}}\p{{N}}])", regex.IGNORECASE)


def _without_overlaps(entities: list[DetectedEntity]) -> list[DetectedEntity]:
    """Keep the strongest of overlapping entities (deny-list terms first, then score, then length)."""
    ranked = sorted(entities, key=lambda e: (e.type != DENY_LIST_TYPE, -e.score, -(e.end - e.start), e.start))
    starts: list[int] = []  # kept entities, sorted by start; they never overlap each other
    kept: list[DetectedEntity] = []
    for entity in ranked:
        i = bisect.bisect_right(starts, entity.start)
        if i > 0 and kept[i - 1].end > entity.start:
            continue
        if i < len(kept) and kept[i].start < entity.end:
            continue
        starts.insert(i, entity.start)
        kept.insert(i, entity)
    return kept
