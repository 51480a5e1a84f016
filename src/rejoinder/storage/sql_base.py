"""What every part of ``SqlStore`` shares: the engines, the upsert dialect and the version bump.

``SqlStore`` is assembled from one mixin per concern (sites, comments, search, privacy,
learning, moderation); each mixin reaches the database only through ``SqlBase``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Table, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from rejoinder.storage.engine import Engines
from rejoinder.storage.schema import threads


class SqlBase:
    """Holds the engines. ``_read`` for queries, ``_write`` for transactions that change rows."""

    _db: Engines

    def __init__(self, engines: Engines) -> None:
        self._db = engines

    @property
    def backend(self) -> str:
        return self._db.backend

    def _upsert(self, table: Table) -> Any:
        """``INSERT`` that understands ``ON CONFLICT`` on this backend (both dialects spell it alike)."""
        if self._db.backend == "postgresql":
            return postgresql.insert(table)
        return sqlite.insert(table)

    @staticmethod
    async def _bump_threads(conn: AsyncConnection, thread_ids: Iterable[int]) -> None:
        """Tell read caches that these threads changed, in the caller's transaction."""
        ids = sorted(set(thread_ids))
        if ids:
            await conn.execute(
                update(threads).where(threads.c.id.in_(ids)).values(version=threads.c.version + 1)
            )
