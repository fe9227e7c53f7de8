"""German recognizers, one small documented class per entity type; `registry.yaml` lists them."""

from __future__ import annotations

import importlib
from pathlib import Path

import yaml
from presidio_analyzer import EntityRecognizer

REGISTRY_FILE = Path(__file__).parent / "registry.yaml"


def load_registry(path: Path = REGISTRY_FILE) -> list[EntityRecognizer]:
    """Instantiate every recognizer listed in the registry file, in order."""
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))["recognizers"]
    recognizers: list[EntityRecognizer] = []
    for entry in entries:
        module_name, _, class_name = entry["class"].rpartition(".")
        cls = getattr(importlib.import_module(module_name), class_name)
        recognizer = cls()
        if entry["entity"] not in recognizer.supported_entities:
            raise ValueError(f"{entry['class']} does not detect {entry['entity']}")
        recognizers.append(recognizer)
    return recognizers
