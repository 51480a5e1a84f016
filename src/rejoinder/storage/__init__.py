"""Storage: one async ``Store`` interface, two real backends (SQLite, PostgreSQL) behind it.

``open_store(url)`` is the only place that chooses a backend from the database URL:
``sqlite:///path.db`` opens the embedded SQLite file (created with its folder if missing),
``postgresql://`` or ``postgres://`` a PostgreSQL server. Anything else is a ``ValidationError``
that names the scheme. Call ``await store.migrate()`` before first use.
"""

from rejoinder.storage.base import Store

__all__ = ["Store", "open_store"]


async def open_store(url: str, *, statement_timeout: float | None = None) -> Store:
    """``statement_timeout``: seconds to wait for PostgreSQL to answer a statement or a new connection
    before giving up with ``TimeoutError`` (the server sets it; ``None``, for commands, waits)."""
    from rejoinder.storage.sql_store import SqlStore  # SQLAlchemy loads only when a store is opened

    return SqlStore.from_url(url, statement_timeout=statement_timeout)
