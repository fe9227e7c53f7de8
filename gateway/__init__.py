"""HTTP edge and wiring of the secure LLM gateway."""
