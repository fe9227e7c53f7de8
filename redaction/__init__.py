"""German PII detection and reversible pseudonymisation. No HTTP, no storage; never imports `gateway`."""
