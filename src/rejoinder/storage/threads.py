"""Threads: one page's comment section, created on first use and keyed by (site, URI)."""

from __future__ import annotations

from sqlalchemy import bindparam, select, update

from rejoinder.domain import Thread
from rejoinder.errors import NotFound
from rejoinder.storage import rows
from rejoinder.storage.schema import threads
from rejoinder.storage.sql_base import SqlBase

THREAD_COLUMNS = (
    threads.c.id,
    threads.c.site_id,
    threads.c.uri,
    threads.c.title,
    threads.c.closed,
    threads.c.created_at,
)


_BY_URI = select(*THREAD_COLUMNS).where(
    threads.c.site_id == bindparam("site_id"), threads.c.uri == bindparam("uri")
)
_BY_ID = select(*THREAD_COLUMNS).where(threads.c.id == bindparam("thread_id"))
_VERSION = select(threads.c.version).where(threads.c.id == bindparam("thread_id"))


class ThreadsMixin(SqlBase):
    async def get_or_create_thread(self, site_id: int, uri: str, title: str = "") -> Thread:
        """Safe against two processes creating the same page at once: the loser reads the winner's row."""
        existing = await self.get_thread(site_id, uri)
        if existing is not None:
            return existing
        statement = (
            self._upsert(threads)
            .values(site_id=site_id, uri=uri, title=title, closed=False, version=0, created_at=rows.utcnow())
            .on_conflict_do_nothing(index_elements=[threads.c.site_id, threads.c.uri])
        )
        async with self._db.write.begin() as conn:
            await conn.execute(statement)
            row = (
                await conn.execute(
                    select(*THREAD_COLUMNS).where(threads.c.site_id == site_id, threads.c.uri == uri)
                )
            ).one()
        return rows.thread(row)

    async def get_thread(self, site_id: int, uri: str) -> Thread | None:
        found = await self._fetch_plain(_BY_URI, {"site_id": site_id, "uri": uri})
        return rows.thread(found[0]) if found else None

    async def get_thread_by_id(self, thread_id: int) -> Thread:
        found = await self._fetch_plain(_BY_ID, {"thread_id": thread_id})
        if not found:
            raise NotFound(f"no thread with id {thread_id}", field="thread_id")
        return rows.thread(found[0])

    async def set_thread_closed(self, thread_id: int, closed: bool) -> Thread:
        """Closing changes what readers see (no form), so it bumps the version like a comment does."""
        async with self._db.write.begin() as conn:
            row = (
                await conn.execute(
                    update(threads)
                    .where(threads.c.id == thread_id)
                    .values(closed=closed, version=threads.c.version + 1)
                    .returning(*THREAD_COLUMNS)
                )
            ).first()
        if row is None:
            raise NotFound(f"no thread with id {thread_id}", field="thread_id")
        return rows.thread(row)

    async def thread_version(self, thread_id: int) -> int:
        found = await self._fetch_plain(_VERSION, {"thread_id": thread_id})
        if not found:
            raise NotFound(f"no thread with id {thread_id}", field="thread_id")
        return int(found[0][0])
