"""Build `corpus.jsonl`: generated documents from `templates.py` plus the handwritten ones.

Deterministic: the same seed gives byte-identical output, so the committed file can be checked
(`python -m tests.corpus.generate --check`) and every benchmark run sees the same documents.
Run from the repository root: `.venv/bin/python -m tests.corpus.generate`.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path
from typing import Any

from .handwritten import handwritten_documents
from .markup import render
from .templates import TEMPLATES
from .values import Values

SEED = 20250301
DOCS_PER_TEMPLATE = 13
CORPUS_PATH = Path(__file__).with_name("corpus.jsonl")


def generate(seed: int = SEED, per_template: int = DOCS_PER_TEMPLATE) -> list[dict[str, Any]]:
    docs: list[dict[str, Any]] = []
    for t_index, template in enumerate(TEMPLATES):
        # One RNG per template: adding or changing a template leaves the others' documents unchanged.
        rng = random.Random(seed * 1000 + t_index)
        values = Values(rng)
        for i in range(per_template):
            text, entities, keeps = render(template.build(values))
            docs.append({
                "id": f"{template.id}-{i:03d}", "kind": template.kind, "template": template.id,
                "split": template.split, "source": "generated", "text": text,
                "entities": entities, "keep": keeps,
            })
    docs.extend(handwritten_documents())
    return docs


def dumps(docs: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(d, ensure_ascii=False, sort_keys=True) + "\n" for d in docs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Erzeugt das Evaluationskorpus (corpus.jsonl).")
    parser.add_argument("--check", action="store_true", help="nur prüfen, ob corpus.jsonl aktuell ist")
    args = parser.parse_args(argv)
    content = dumps(generate())
    if args.check:
        current = CORPUS_PATH.read_text(encoding="utf-8") if CORPUS_PATH.exists() else ""
        if current != content:
            print("corpus.jsonl ist veraltet: bitte neu erzeugen.", file=sys.stderr)
            return 1
        print("corpus.jsonl ist aktuell.")
        return 0
    CORPUS_PATH.write_text(content, encoding="utf-8")
    print(f"{content.count(chr(10))} Dokumente nach {CORPUS_PATH} geschrieben.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
