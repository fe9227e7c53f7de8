"""Labelled German PII evaluation corpus: generator, handwritten documents, loader (see README.md)."""
