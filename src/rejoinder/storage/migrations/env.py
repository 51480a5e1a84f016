"""Alembic environment: runs on the connection that ``rejoinder.storage.migrate`` hands over.

There is no offline (SQL script) mode and no URL here: the store owns the engine, so the
migration runs in the store's own transaction with its SQLite pragmas or PostgreSQL lock.
"""

from __future__ import annotations

from alembic import context

from rejoinder.storage.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run Rejoinder's migrations through Store.migrate() (rejoinder.storage.migrate)")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters tables by copying them
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
