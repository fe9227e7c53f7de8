"""Evaluate the PII detector against the labelled corpus (tests/corpus).

    .venv/bin/python -m bench.redaction_eval [--split holdout|tune|all] [--no-latency] [--json FILE]

Uses only the detector's public API (`Redactor(RedactionSettings(), department_ids=[]).analyze`).
The holdout split is the honest figure: its templates and handwritten texts are never used for
tuning, and this tool refuses to list individual misses for it.

Scoring rules (also in tests/corpus/README.md):
- *covered*: every character of a gold span, except whitespace and punctuation, lies inside some
  detected span. Recall per gold type counts covered entities, whatever type the detector gave
  (a Steuer-ID redacted as a phone number does not leave the building). `typed recall` counts only
  detections of the same or a compatible type.
- *leak*: a gold entity that is not covered. A document is leak-free when none of its gold
  entities leaks. The looser end-to-end rule ("the redacted text still contains the gold value as
  a substring") is reported beside it.
- *precision* per detected type: share of detected spans overlapping at least one gold entity.
- *keep survival*: a keep term (amount, deadline, legal reference, authority, street without a
  number...) survives when no detected span overlaps it.
- *latency*: analyze() wall time per KB of UTF-8 text over the split, and the median of several
  runs on synthetic 1 KB / 10 KB / 100 KB documents built from corpus text.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.corpus.load import load_corpus  # noqa: E402
from tests.corpus.markup import ENTITY_TYPES  # noqa: E402

Span = tuple[str, int, int]
Analyze = Callable[[str], Iterable[Any]]

# Detector types that count as the same thing as a gold type (for typed recall only).
COMPATIBLE: dict[str, set[str]] = {
    "PERSON": {"PERSON", "PER"},
    "ADDRESS": {"ADDRESS", "LOCATION", "STREET_ADDRESS", "DE_ADDRESS"},
    "DATE_OF_BIRTH": {"DATE_OF_BIRTH", "DATE_TIME", "BIRTH_DATE"},
    "DE_ID_CARD": {"DE_ID_CARD", "DE_PASSPORT"},  # same 9-character format; only context differs
    "DE_PASSPORT": {"DE_PASSPORT", "DE_ID_CARD"},
    "IBAN_CODE": {"IBAN_CODE", "IBAN"},
    "DE_KFZ": {"DE_KFZ", "DE_LICENSE_PLATE"},
}

HIGH_FLOOR_TYPES = {"EMAIL_ADDRESS", "IBAN_CODE", "CREDIT_CARD", "DE_TAX_ID", "DE_SOCIAL_SECURITY",
                    "DE_ID_CARD", "DE_PASSPORT", "DE_HEALTH_INSURANCE", "PHONE_NUMBER"}
FLOORS = {t: 0.99 for t in HIGH_FLOOR_TYPES} | {"PERSON": 0.97, "ADDRESS": 0.97}
LEAK_FREE_FLOOR = 0.95
KEEP_FLOOR = 0.97
_IGNORABLE = set(" \t\r\n.,;:-/()[]{}\"'<>")


def normalise(found: Iterable[Any]) -> list[Span]:
    """Accept DetectedEntity-like objects, dicts or (type, start, end[, score]) tuples."""
    spans: list[Span] = []
    for f in found:
        if isinstance(f, dict):
            spans.append((str(f["type"]), int(f["start"]), int(f["end"])))
        elif isinstance(f, tuple | list):
            spans.append((str(f[0]), int(f[1]), int(f[2])))
        else:
            spans.append((str(f.type), int(f.start), int(f.end)))
    return spans


def covered(text: str, start: int, end: int, spans: Sequence[Span]) -> bool:
    mask = [False] * (end - start)
    for _, s, e in spans:
        for i in range(max(s, start), min(e, end)):
            mask[i - start] = True
    return all(m or text[start + i] in _IGNORABLE for i, m in enumerate(mask))


def redact(text: str, spans: Sequence[Span]) -> str:
    """What the provider would roughly see: detected spans (merged) replaced by a marker."""
    out, pos = [], 0
    for _, s, e in sorted(spans, key=lambda x: (x[1], -x[2])):
        if e <= pos:
            continue
        s = max(s, pos)
        out.append(text[pos:s])
        out.append("<PII>")
        pos = e
    out.append(text[pos:])
    return "".join(out)


@dataclass
class TypeStats:
    gold: int = 0
    covered: int = 0
    typed: int = 0
    detected: int = 0
    detected_on_gold: int = 0


@dataclass
class Report:
    split: str
    docs: int = 0
    leak_free: int = 0
    leak_free_substring: int = 0
    keep_total: int = 0
    keep_survived: int = 0
    bytes_total: int = 0
    seconds_total: float = 0.0
    types: dict[str, TypeStats] = field(default_factory=dict)
    detected_types: dict[str, TypeStats] = field(default_factory=dict)
    kinds: dict[str, list[int]] = field(default_factory=dict)  # kind -> [docs, leak_free]
    misses: list[tuple[str, str, str]] = field(default_factory=list)  # (doc id, type, value)
    scaling_ms: dict[str, float] = field(default_factory=dict)

    def recall(self, t: str) -> float | None:
        s = self.types.get(t)
        return s.covered / s.gold if s and s.gold else None

    @property
    def leak_free_share(self) -> float:
        return self.leak_free / self.docs if self.docs else 0.0

    @property
    def keep_survival(self) -> float:
        return self.keep_survived / self.keep_total if self.keep_total else 1.0

    @property
    def ms_per_kb(self) -> float:
        return 1000 * self.seconds_total / (self.bytes_total / 1024) if self.bytes_total else 0.0


def evaluate(docs: Sequence[dict[str, Any]], analyze: Analyze, split: str = "all") -> Report:
    report = Report(split=split, types={t: TypeStats() for t in ENTITY_TYPES})
    for doc in docs:
        text = doc["text"]
        t0 = time.perf_counter()
        spans = normalise(analyze(text))
        report.seconds_total += time.perf_counter() - t0
        report.bytes_total += len(text.encode("utf-8"))
        report.docs += 1
        leaked = False
        for g in doc["entities"]:
            stats = report.types.setdefault(g["type"], TypeStats())
            stats.gold += 1
            if covered(text, g["start"], g["end"], spans):
                stats.covered += 1
            else:
                leaked = True
                report.misses.append((doc["id"], g["type"], text[g["start"]:g["end"]]))
            ok_types = COMPATIBLE.get(g["type"], {g["type"]})
            if covered(text, g["start"], g["end"], [s for s in spans if s[0] in ok_types]):
                stats.typed += 1
        for t, s, e in spans:
            d = report.detected_types.setdefault(t, TypeStats())
            d.detected += 1
            if any(s < g["end"] and g["start"] < e for g in doc["entities"]):
                d.detected_on_gold += 1
        redacted = redact(text, spans)
        values = {text[g["start"]:g["end"]] for g in doc["entities"]}
        if not any(v in redacted for v in values):
            report.leak_free_substring += 1
        if not leaked:
            report.leak_free += 1
        kind = report.kinds.setdefault(doc["kind"], [0, 0])
        kind[0] += 1
        kind[1] += 0 if leaked else 1
        for k in doc["keep"]:
            report.keep_total += 1
            if not any(s < k["end"] and k["start"] < e for _, s, e in spans):
                report.keep_survived += 1
    return report


def measure_scaling(docs: Sequence[dict[str, Any]], analyze: Analyze, runs: int = 5) -> dict[str, float]:
    """Median analyze() time in ms for synthetic documents of about 1, 10 and 100 KB."""
    pool = "\n\n".join(d["text"] for d in docs)
    while len(pool.encode("utf-8")) < 100 * 1024:
        pool += "\n\n" + pool
    result: dict[str, float] = {}
    for kb in (1, 10, 100):
        text = pool.encode("utf-8")[: kb * 1024].decode("utf-8", errors="ignore")
        analyze(text)  # warm-up
        times = []
        for _ in range(runs if kb < 100 else max(3, runs // 2)):
            t0 = time.perf_counter()
            analyze(text)
            times.append(time.perf_counter() - t0)
        result[f"{kb} KB"] = 1000 * statistics.median(times)
    return result


def _fmt(x: float | None) -> str:
    return "—" if x is None else f"{x:.3f}"


def format_report(r: Report) -> str:
    lines = [f"### Split: {r.split} ({r.docs} Dokumente)", "",
             "| Typ | Gold | Recall | Typed recall | Floor | ok |", "|---|---:|---:|---:|---:|:-:|"]
    for t, s in r.types.items():
        if not s.gold:
            continue
        rec = s.covered / s.gold
        floor = FLOORS.get(t)
        ok = "—" if floor is None else ("✓" if rec >= floor else "✗")
        lines.append(f"| {t} | {s.gold} | {rec:.3f} | {s.typed / s.gold:.3f} | {_fmt(floor)} | {ok} |")
    lines += ["", "| Erkannter Typ | Spans | Precision |", "|---|---:|---:|"]
    for t, d in sorted(r.detected_types.items()):
        lines.append(f"| {t} | {d.detected} | {d.detected_on_gold / d.detected:.3f} |")
    all_det = sum(d.detected for d in r.detected_types.values())
    all_tp = sum(d.detected_on_gold for d in r.detected_types.values())
    lines.append(f"| (alle) | {all_det} | {_fmt(all_tp / all_det if all_det else None)} |")
    lf_ok = "✓" if r.leak_free_share >= LEAK_FREE_FLOOR else "✗"
    keep_ok = "✓" if r.keep_survival >= KEEP_FLOOR else "✗"
    lines += ["", "| Kennzahl | Wert | Floor | ok |", "|---|---:|---:|:-:|",
              f"| Dokumente ohne Leck (Abdeckung) | {r.leak_free_share:.3f} ({r.leak_free}/{r.docs}) "
              f"| {LEAK_FREE_FLOOR} | {lf_ok} |",
              f"| Dokumente ohne Leck (Teilstring) | {r.leak_free_substring / max(r.docs, 1):.3f} | — | — |",
              f"| Keep-Begriffe erhalten | {r.keep_survival:.3f} ({r.keep_survived}/{r.keep_total}) "
              f"| {KEEP_FLOOR} | {keep_ok} |",
              f"| Latenz (ms/KB, Korpus) | {r.ms_per_kb:.2f} | — | — |"]
    for size, ms in r.scaling_ms.items():
        floor = {"1 KB": 5.0, "100 KB": 500.0}.get(size)
        ok = "—" if floor is None else ("✓" if ms <= floor else "✗")
        lines.append(f"| Latenz {size} (Median, ms) | {ms:.1f} | {floor if floor else '—'} | {ok} |")
    lines += ["", "| Dokumentart | Dokumente | ohne Leck |", "|---|---:|---:|"]
    for kind, (n, ok_n) in sorted(r.kinds.items()):
        lines.append(f"| {kind} | {n} | {ok_n / n:.3f} |")
    return "\n".join(lines)


def load_detector() -> Analyze:
    from redaction import Redactor  # imported late: the benchmark must load without a detector
    from redaction.config import RedactionSettings

    redactor = Redactor(RedactionSettings(), department_ids=[])
    return redactor.analyze


def report_json(r: Report) -> dict[str, Any]:
    return {
        "split": r.split, "docs": r.docs, "leak_free_share": r.leak_free_share,
        "leak_free_substring_share": r.leak_free_substring / max(r.docs, 1),
        "keep_survival": r.keep_survival, "ms_per_kb": r.ms_per_kb, "scaling_ms": r.scaling_ms,
        "recall": {t: r.recall(t) for t in r.types if r.types[t].gold},
        "typed_recall": {t: s.typed / s.gold for t, s in r.types.items() if s.gold},
        "precision": {t: d.detected_on_gold / d.detected for t, d in r.detected_types.items()},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Misst den PII-Detektor am gelabelten Korpus.")
    parser.add_argument("--split", choices=["holdout", "tune", "all"], default="all")
    parser.add_argument("--no-latency", action="store_true", help="Skalierungsmessung überspringen")
    parser.add_argument("--json", type=Path, help="Ergebnisse zusätzlich als JSON schreiben")
    parser.add_argument("--show-misses", type=int, default=0, metavar="N",
                        help="bis zu N verpasste Werte zeigen (nur für den tune-Split)")
    args = parser.parse_args(argv)
    if args.show_misses and args.split != "tune":
        parser.error("--show-misses ist nur mit --split tune erlaubt (Holdout bleibt ungesehen).")
    analyze = load_detector()
    splits = ["holdout", "tune"] if args.split == "all" else [args.split]
    reports = []
    for split in splits:
        docs = load_corpus(split)
        for d in docs[:5]:  # warm-up outside the measurement
            analyze(d["text"])
        rep = evaluate(docs, analyze, split)
        if not args.no_latency:
            rep.scaling_ms = measure_scaling(docs, analyze)
        reports.append(rep)
        print(format_report(rep))
        print()
        for doc_id, t, value in rep.misses[: args.show_misses]:
            print(f"- {doc_id} {t}: {value!r}")
    if args.json:
        args.json.write_text(json.dumps([report_json(r) for r in reports], indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
