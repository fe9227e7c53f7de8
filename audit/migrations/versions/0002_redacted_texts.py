"""Opt-in store for redacted request texts (outside the chain, own retention).

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_redacted_texts",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("time", sa.String(27), nullable=False),
        sa.Column("request_id", sa.String(128), nullable=False),
        sa.Column("department", sa.String(63), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
    )
    op.create_index("ix_audit_redacted_texts_time", "audit_redacted_texts", ["time"])
