"""Errors raised to the gateway. Their messages never contain personal data: only entity types."""

from __future__ import annotations


class RedactionBlocked(Exception):
    """The policy says "block" for an entity type found in the request (gateway answers 400)."""

    def __init__(self, entity_types: list[str]) -> None:
        self.entity_types = sorted(set(entity_types))
        super().__init__("Anfrage blockiert: enthält " + ", ".join(self.entity_types))


class RedactionUnavailable(Exception):
    """Detection failed or ran past its time budget; fail closed (gateway answers 503)."""
