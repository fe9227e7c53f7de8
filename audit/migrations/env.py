"""Alembic environment for the audit store; run programmatically by audit.store.migrate.

The audit store may share a PostgreSQL database with the gateway's key store, so it keeps its
own version table.
"""

from alembic import context

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=None, version_table="audit_alembic_version")
with context.begin_transaction():
    context.run_migrations()
