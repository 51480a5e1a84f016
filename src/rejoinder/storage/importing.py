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
    async def imported_identities(self, thread_id: int) -> set[Identity]:
        async with self._db.read.connect() as conn:
            return set(await _present(conn, thread_id))

    async def import_comments(self, thread_id: int, items: Sequence[ImportedComment]) -> ImportedIds:
        """Insert ``items`` (parents before their replies) into the thread in one transaction.

        The comments go in a reply level at a time, one multi-row insert per level: a level's
        parents are all stored (and their ids known) by the time it is written.
        """
        ids: dict[str, int] = {}
        inserted: set[str] = set()
        async with self._db.write.begin() as conn:
            if (await conn.execute(select(threads.c.id).where(threads.c.id == thread_id))).first() is None:
                raise NotFound(f"no thread with id {thread_id}", field="thread_id")
            present = await _present(conn, thread_id)
            for level in _levels(items):
                keyed = [(_identity_of(item), item) for item in level]
                fresh: dict[Identity, ImportedComment] = {}  # one per identity not yet stored
                for key, item in keyed:
                    if key not in present:
                        fresh.setdefault(key, item)
                if fresh:
                    new_ids = await _insert_level(conn, thread_id, list(fresh.values()), ids)
                    present.update(zip(fresh, new_ids, strict=True))
                    inserted.update(item.key for item in fresh.values())
                # every item, a copy of one just stored included, gets its comment's id
                ids.update((item.key, present[key]) for key, item in keyed)
            await self._bump_threads(conn, [thread_id])
        return ImportedIds(ids, frozenset(inserted))


def _levels(items: Sequence[ImportedComment]) -> list[list[ImportedComment]]:
    """Items grouped by depth in the reply tree (top-level comments first)."""
    depth: dict[str, int] = {}
    levels: list[list[ImportedComment]] = []
    for item in items:
        if item.parent_key is not None and item.parent_key not in depth:
            raise ValidationError(
                f"comment {item.key!r} replies to {item.parent_key!r}, which is not before it in the import",
                field="parent_key",
            )
        level = 0 if item.parent_key is None else depth[item.parent_key] + 1
        depth[item.key] = level
        if level == len(levels):
            levels.append([])
        levels[level].append(item)
    return levels


async def _insert_level(
    conn: AsyncConnection, thread_id: int, fresh: list[ImportedComment], ids: dict[str, int]
) -> list[int]:
    """One multi-row insert; the new comment ids, in the order of ``fresh``."""
    values = [
        rows.comment_values(
            replace(item.comment, thread_id=thread_id, parent_id=_parent_id(item, ids)),
            item.text_hash,
            rows.to_db_time(item.created_at),
        )
        for item in fresh
    ]
    statement = comments.insert().returning(comments.c.id, sort_by_parameter_order=True)
    return [int(i) for i in (await conn.execute(statement, values)).scalars().all()]


def _parent_id(item: ImportedComment, ids: dict[str, int]) -> int | None:
    return None if item.parent_key is None else ids[item.parent_key]


def _identity_of(item: ImportedComment) -> Identity:
    return identity(item.comment.author_name, item.created_at, item.comment.text)


async def _present(conn: AsyncConnection, thread_id: int) -> dict[Identity, int]:
    """The thread's comments as they stand, by identity."""
    result = await conn.execute(
        select(comments.c.id, comments.c.author_name, comments.c.created_at, comments.c.text).where(
            comments.c.thread_id == thread_id
        )
    )
    return {identity(name, created, text): id_ for id_, name, created, text in result}
