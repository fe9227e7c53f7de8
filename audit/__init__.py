"""Tamper-evident audit log, retention, exports and reports. Never imports `gateway`."""
