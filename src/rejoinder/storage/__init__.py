"""Storage: one async ``Store`` interface, two real backends (SQLite, PostgreSQL) behind it.

``open_store(url)`` is the only place that chooses a backend from the database URL.
"""

from rejoinder.storage.base import Store

__all__ = ["Store", "open_store"]


async def open_store(url: str) -> Store:  # placeholder; the storage owner replaces this
    raise NotImplementedError(url)
