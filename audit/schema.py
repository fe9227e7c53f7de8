"""Tables of the audit store (the migrations in audit/migrations create exactly these).

Each event field is its own typed column so reports can aggregate in SQL; times are fixed-width
UTC text (see events.format_time) so SQLite and PostgreSQL compare and hash them identically.
`stream` is stored as 0/1 and hashed as stored, so no value can change without breaking the chain.
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

events = sa.Table(
    "audit_events",
    metadata,
    sa.Column("seq", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("time", sa.String(27), nullable=False),
    sa.Column("request_id", sa.String(128)),
    sa.Column("event_type", sa.String(32), nullable=False),
    sa.Column("user", sa.String(64)),
    sa.Column("department", sa.String(63)),
    sa.Column("model", sa.String(128)),
    sa.Column("provider", sa.String(64)),
    sa.Column("endpoint", sa.String(128)),
    sa.Column("stream", sa.SmallInteger),
    sa.Column("outcome", sa.String(64)),
    sa.Column("error_class", sa.String(128)),
    sa.Column("prompt_tokens", sa.BigInteger),
    sa.Column("completion_tokens", sa.BigInteger),
    sa.Column("cost_eur", sa.Float),
    sa.Column("latency_ms", sa.Float),
    sa.Column("ttft_ms", sa.Float),
    sa.Column("entity_counts", sa.Text),
    sa.Column("policy_decision", sa.String(64)),
    sa.Column("policy_hash", sa.String(128)),
    sa.Column("client_name", sa.String(64)),
    sa.Column("key_id", sa.String(64)),
    sa.Column("role", sa.String(64)),
    sa.Column("config_hash", sa.String(128)),
    sa.Column("record_count", sa.BigInteger),
    sa.Column("seq_through", sa.BigInteger),
    sa.Column("period_from", sa.String(27)),
    sa.Column("period_to", sa.String(27)),
    sa.Column("case_ref", sa.String(64)),
    sa.Column("prev_hash", sa.String(64), nullable=False),
    sa.Column("hash", sa.String(64), nullable=False),
)
sa.Index("ix_audit_events_time", events.c.time)
sa.Index("ix_audit_events_type_time", events.c.event_type, events.c.time)

checkpoints = sa.Table(
    "audit_checkpoints",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("seq", sa.BigInteger, nullable=False),
    sa.Column("head_hash", sa.String(64), nullable=False),
    sa.Column("time", sa.String(27), nullable=False),
    # "periodic" or "retention" (the anchor a purge leaves behind for verify to start from).
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("key_id", sa.String(16), nullable=False),
    sa.Column("signature", sa.Text, nullable=False),
)
sa.Index("ix_audit_checkpoints_seq", checkpoints.c.seq)

# Opt-in redacted request texts (see RedactedTextSettings): NOT part of the chain, own retention.
redacted_texts = sa.Table(
    "audit_redacted_texts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("time", sa.String(27), nullable=False),
    sa.Column("request_id", sa.String(128), nullable=False),
    sa.Column("department", sa.String(63), nullable=False),
    sa.Column("text", sa.Text, nullable=False),
)
sa.Index("ix_audit_redacted_texts_time", redacted_texts.c.time)

# Usage rollups (audit/rollup.py): derived from the events, NOT part of the chain, rebuildable
# (`gateway audit rebuild-rollup`). Maintained by `store.append` in the same transaction as the
# events they summarise, and reduced by the retention purge in the purge's transaction. Absent
# department/model/error_class are stored as "(ohne)", an absent user as "" (key columns must not
# be NULL for ON CONFLICT to match).
usage_monthly = sa.Table(
    "audit_usage_monthly",
    metadata,
    sa.Column("month", sa.String(7), nullable=False),  # Europe/Berlin calendar month, "2025-03"
    sa.Column("department", sa.String(63), nullable=False),
    sa.Column("model", sa.String(128), nullable=False),
    sa.Column("event_type", sa.String(32), nullable=False),
    sa.Column("error_class", sa.String(128), nullable=False),
    sa.Column("user", sa.String(64), nullable=False),
    sa.Column("requests", sa.BigInteger, nullable=False),
    sa.Column("prompt_tokens", sa.BigInteger, nullable=False),
    sa.Column("completion_tokens", sa.BigInteger, nullable=False),
    sa.Column("cost_eur", sa.Float, nullable=False),
    sa.Column("latency_sum", sa.Float, nullable=False),
    sa.Column("latency_count", sa.BigInteger, nullable=False),
    sa.Column("entity_events", sa.BigInteger, nullable=False),  # events that carried entity counts
    sa.PrimaryKeyConstraint("month", "department", "model", "event_type", "error_class", "user"),
    sqlite_with_rowid=False,  # the key is the table: month scans read no second b-tree
)

usage_daily = sa.Table(
    "audit_usage_daily",
    metadata,
    sa.Column("day", sa.String(10), nullable=False),  # Europe/Berlin calendar day, "2025-03-30"
    sa.Column("user", sa.String(64), nullable=False),
    sa.Column("requests", sa.BigInteger, nullable=False),  # completed + failed
    sa.Column("tokens", sa.BigInteger, nullable=False),
    sa.Column("cost_eur", sa.Float, nullable=False),
    sa.Column("entity_events", sa.BigInteger, nullable=False),
    sa.PrimaryKeyConstraint("day", "user"),
    sqlite_with_rowid=False,  # the key is the table: month scans read no second b-tree
)

entities_daily = sa.Table(
    "audit_entities_daily",
    metadata,
    sa.Column("day", sa.String(10), nullable=False),
    sa.Column("department", sa.String(63), nullable=False),
    sa.Column("entity_type", sa.String(64), nullable=False),
    sa.Column("count", sa.BigInteger, nullable=False),
    sa.PrimaryKeyConstraint("day", "department", "entity_type"),
    sqlite_with_rowid=False,  # the key is the table: month scans read no second b-tree
)
