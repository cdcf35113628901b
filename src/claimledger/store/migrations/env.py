"""Alembic environment: always given a connection by claimledger.store.migrations.upgrade."""
from __future__ import annotations

from alembic import context

connection = context.config.attributes["connection"]
# Batch mode lets later revisions alter SQLite tables (which has no ALTER COLUMN) the same way as PostgreSQL.
context.configure(connection=connection, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
