"""Comments brought over from another system, written a thread at a time with their own dates.

An import is not a stream of new posts: it is a site's history, so each comment keeps the time
it was written, and a thread's comments go in within one transaction (a half-imported thread is
never visible). Re-running the same import must be harmless, because a large export that fails
halfway is simply run again: a comment already in the thread with the same author, time and text
is not inserted twice, and its existing id is reused for its replies.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from rejoinder.domain import ImportedComment
from rejoinder.errors import NotFound, ValidationError
from rejoinder.storage import rows
from rejoinder.storage.base import ImportedIds
from rejoinder.storage.schema import comments, threads
from rejoinder.storage.sql_base import SqlBase

# What makes two comments "the same comment" across runs of an import.
Identity = tuple[str, str, str]


def identity(author_name: str, created_at: datetime, text: str) -> Identity:
    """Author, the time to the second (sources store no finer) in UTC, and the text."""
    when = rows.to_db_time(created_at).replace(microsecond=0).isoformat()
    return (author_name, when, text)


class ImportMixin(SqlBase):
    async def import_comments(self, thread_id: int, items: Sequence[ImportedComment]) -> ImportedIds:
        """Insert ``items`` (parents before their replies) into the thread in one transaction."""
        ids: dict[str, int] = {}
        inserted: set[str] = set()
        async with self._db.write.begin() as conn:
            if (await conn.execute(select(threads.c.id).where(threads.c.id == thread_id))).first() is None:
                raise NotFound(f"no thread with id {thread_id}", field="thread_id")
            present = await _present(conn, thread_id)
            for item in items:
                known = len(present)
                ids[item.key] = await _insert_once(conn, thread_id, item, _parent_id(item, ids), present)
                if len(present) > known:
                    inserted.add(item.key)
            await self._bump_threads(conn, [thread_id])
        return ImportedIds(ids, frozenset(inserted))


def _parent_id(item: ImportedComment, ids: dict[str, int]) -> int | None:
    if item.parent_key is None:
        return None
    if item.parent_key not in ids:
        raise ValidationError(
            f"comment {item.key!r} replies to {item.parent_key!r}, which is not before it in the import",
            field="parent_key",
        )
    return ids[item.parent_key]


async def _present(conn: AsyncConnection, thread_id: int) -> dict[Identity, int]:
    """The thread's comments as they stand, by identity."""
    result = await conn.execute(
        select(comments.c.id, comments.c.author_name, comments.c.created_at, comments.c.text).where(
            comments.c.thread_id == thread_id
        )
    )
    return {identity(name, created, text): id_ for id_, name, created, text in result}


async def _insert_once(
    conn: AsyncConnection,
    thread_id: int,
    item: ImportedComment,
    parent_id: int | None,
    present: dict[Identity, int],
) -> int:
    key = identity(item.comment.author_name, item.created_at, item.comment.text)
    if key in present:
        return present[key]
    new = replace(item.comment, thread_id=thread_id, parent_id=parent_id)
    values = rows.comment_values(new, item.text_hash, rows.to_db_time(item.created_at))
    comment_id = int(
        (await conn.execute(comments.insert().values(**values).returning(comments.c.id))).scalar_one()
    )
    present[key] = comment_id
    return comment_id
