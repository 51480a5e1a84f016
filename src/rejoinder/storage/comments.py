"""Comments: insert, read a thread, edit and moderate, count per page and list the newest.

Every change to a comment bumps its thread's ``version`` in the same transaction, so a read
cache keyed on (thread, version) can never serve a page that misses an acknowledged write.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import IntegrityError

from rejoinder.domain import Comment, CommentStatus, NewComment, Thread
from rejoinder.errors import NotFound
from rejoinder.storage import rows
from rejoinder.storage.base import EditOfComment
from rejoinder.storage.schema import comments, threads
from rejoinder.storage.sql_base import SqlBase
from rejoinder.storage.threads import THREAD_COLUMNS

# A thread's columns labelled t_* so that one joined row yields both a Comment and its Thread.
THREAD_LABELLED = tuple(c.label("t_" + c.name) for c in THREAD_COLUMNS)


def _missing(comment_id: int) -> NotFound:
    return NotFound(f"no comment with id {comment_id}", field="comment_id")


class CommentsMixin(SqlBase):
    async def insert_comment(self, new: NewComment, text_hash: str = "") -> Comment:
        created = rows.utcnow()
        values = rows.comment_values(new, text_hash, created)
        try:
            async with self._db.write.begin() as conn:
                bumped = await conn.execute(
                    update(threads).where(threads.c.id == new.thread_id).values(version=threads.c.version + 1)
                )
                if bumped.rowcount == 0:
                    raise NotFound(f"no thread with id {new.thread_id}", field="thread_id")
                result = await conn.execute(comments.insert().values(**values).returning(comments.c.id))
                comment_id = int(result.scalar_one())
        except IntegrityError as exc:
            raise NotFound(f"no comment with id {new.parent_id} to reply to", field="parent_id") from exc
        return rows.inserted_comment(new, comment_id, created)

    async def get_comment(self, comment_id: int) -> Comment:
        async with self._db.read.connect() as conn:
            row = (await conn.execute(select(comments).where(comments.c.id == comment_id))).first()
        if row is None:
            raise _missing(comment_id)
        return rows.comment(row)

    async def list_thread_comments(
        self,
        thread_id: int,
        statuses: Sequence[CommentStatus] = (CommentStatus.APPROVED,),
        extra_ids: Sequence[int] = (),
    ) -> list[Comment]:
        wanted = [comments.c.status.in_([s.value for s in statuses])] if statuses else []
        if extra_ids:
            wanted.append(comments.c.id.in_(list(extra_ids)))
        if not wanted:
            return []
        query = (
            select(comments)
            .where(comments.c.thread_id == thread_id, or_(*wanted))
            .order_by(comments.c.created_at, comments.c.id)
        )
        return [rows.comment(r) for r in await self._fetch_plain(query)]  # the uncached thread read

    async def edit_comment(self, comment_id: int, edit: EditOfComment) -> Comment:
        return await self._update_comment(
            comment_id,
            text=edit.text,
            html=edit.html,
            status=edit.status.value,
            score=float(edit.score),
            decision=edit.decision.value,
            reasons=rows.reasons_to_json(edit.reasons),
            text_hash=edit.text_hash,
            edited_at=rows.utcnow(),
        )

    async def set_comment_status(self, comment_id: int, status: CommentStatus) -> Comment:
        return await self._update_comment(comment_id, status=status.value)

    async def _update_comment(self, comment_id: int, **values: object) -> Comment:
        async with self._db.write.begin() as conn:
            row = (
                await conn.execute(
                    update(comments)
                    .where(comments.c.id == comment_id)
                    .values(**values)
                    .returning(*comments.c)
                )
            ).first()
            if row is None:
                raise _missing(comment_id)
            await self._bump_threads(conn, [row._mapping["thread_id"]])
        return rows.comment(row)

    async def count_comments(self, site_id: int, uris: Sequence[str]) -> dict[str, int]:
        counts = dict.fromkeys(uris, 0)
        if not counts:
            return counts
        query = (
            select(threads.c.uri, func.count(comments.c.id))
            .select_from(threads.join(comments, comments.c.thread_id == threads.c.id))
            .where(
                threads.c.site_id == site_id,
                threads.c.uri.in_(list(counts)),
                comments.c.status == CommentStatus.APPROVED.value,
            )
            .group_by(threads.c.uri)
        )
        for uri, count in await self._fetch_plain(query):
            counts[uri] = int(count)
        return counts

    async def recent_comments(self, site_id: int, limit: int) -> list[tuple[Comment, Thread]]:
        query = (
            select(comments, *THREAD_LABELLED)
            .select_from(comments.join(threads, comments.c.thread_id == threads.c.id))
            .where(threads.c.site_id == site_id, comments.c.status == CommentStatus.APPROVED.value)
            .order_by(comments.c.created_at.desc(), comments.c.id.desc())
            .limit(max(0, limit))
        )
        async with self._db.read.connect() as conn:
            return [(rows.comment(r), rows.thread(r, rows.JOINED_THREAD)) for r in await conn.execute(query)]
