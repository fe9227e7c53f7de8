"""Audit events (hash-chained) and signed checkpoints.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_events",
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
    op.create_index("ix_audit_events_time", "audit_events", ["time"])
    op.create_index("ix_audit_events_type_time", "audit_events", ["event_type", "time"])
    op.create_table(
        "audit_checkpoints",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("seq", sa.BigInteger, nullable=False),
        sa.Column("head_hash", sa.String(64), nullable=False),
        sa.Column("time", sa.String(27), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("key_id", sa.String(16), nullable=False),
        sa.Column("signature", sa.Text, nullable=False),
    )
    op.create_index("ix_audit_checkpoints_seq", "audit_checkpoints", ["seq"])
