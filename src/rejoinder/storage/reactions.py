"""Readers' likes and reports: one row per (comment, kind, reader), the like count on the comment.

Adding and withdrawing are single transactions that also move ``comments.likes`` and bump the
thread's version, so the cached thread a reader sees next already counts their like. A second
like by the same reader changes nothing (the row's key refuses it), which is what makes the
count honest without any lock.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from rejoinder.domain import CommentStatus, Reaction, ReactionKind, ReactionTally, ReportReason, Reports
from rejoinder.errors import NotFound
from rejoinder.storage import rows
from rejoinder.storage.schema import comments, reactions
from rejoinder.storage.sql_base import SqlBase


class ReactionsMixin(SqlBase):
    async def add_reaction(self, reaction: Reaction) -> ReactionTally:
        """Record the reader's like or report (once); the comment's counts after it."""
        try:
            return await self._add_reaction(reaction)
        except IntegrityError as exc:  # the comment was erased a moment ago
            raise NotFound(f"no comment with id {reaction.comment_id}", field="comment_id") from exc

    async def _add_reaction(self, reaction: Reaction) -> ReactionTally:
        async with self._db.write.begin() as conn:
            if reaction.kind is ReactionKind.REPORT and await _dismissed(conn, reaction):
                return await _tally(conn, reaction.comment_id, False)
            added = await conn.execute(
                self._upsert(reactions)
                .values(
                    comment_id=reaction.comment_id,
                    kind=reaction.kind.value,
                    voter=reaction.voter,
                    reason=reaction.reason.value if reaction.reason else "",
                    created_at=rows.utcnow(),
                )
                .on_conflict_do_nothing()
            )
            changed = added.rowcount == 1
            if changed:
                await _moved(conn, reaction, +1)
            return await _tally(conn, reaction.comment_id, changed)

    async def remove_reaction(self, reaction: Reaction) -> ReactionTally:
        """Withdraw the reader's like (or report); the comment's counts after it."""
        async with self._db.write.begin() as conn:
            removed = await conn.execute(
                delete(reactions).where(
                    reactions.c.comment_id == reaction.comment_id,
                    reactions.c.kind == reaction.kind.value,
                    reactions.c.voter == reaction.voter,
                )
            )
            changed = removed.rowcount == 1
            if changed:
                await _moved(conn, reaction, -1)
            return await _tally(conn, reaction.comment_id, changed)

    async def reports_of(self, comment_ids: Sequence[int]) -> dict[int, Reports]:
        """The reports of each of these comments that has any, counted by reason."""
        if not comment_ids:
            return {}
        query = (
            select(reactions.c.comment_id, reactions.c.reason, func.count())
            .where(
                reactions.c.kind == ReactionKind.REPORT.value,
                reactions.c.comment_id.in_(sorted(set(comment_ids))),
            )
            .group_by(reactions.c.comment_id, reactions.c.reason)
        )
        found: dict[int, dict[ReportReason, int]] = {}
        async with self._db.read.connect() as conn:
            for comment_id, reason, count in await conn.execute(query):
                found.setdefault(int(comment_id), {})[_reason(reason)] = int(count)
        order = list(ReportReason)  # the same order on every backend, whatever the query's
        return {
            cid: Reports(cid, dict(sorted(by_reason.items(), key=lambda kv: order.index(kv[0]))))
            for cid, by_reason in found.items()
        }

    async def dismiss_reports(self, comment_ids: Sequence[int]) -> int:
        """A moderator has judged these comments: their reports stop counting, and the readers who
        made them cannot report them again (else three readers could hide a comment forever, one
        approval at a time). Returns the count dismissed."""
        if not comment_ids:
            return 0
        async with self._db.write.begin() as conn:
            result = await conn.execute(
                update(reactions)
                .where(
                    reactions.c.kind == ReactionKind.REPORT.value,
                    reactions.c.comment_id.in_(sorted(set(comment_ids))),
                )
                .values(kind=ReactionKind.DISMISSED.value)
            )
        return int(result.rowcount)

    async def hold_reported(self, comment_id: int, at_least: int) -> bool:
        """Hold the comment for a moderator if it is still published and still has ``at_least``
        standing reports; ``True`` if this call held it.

        One conditional statement, not a read and a write: a moderator who marks the comment as
        spam, deletes it or answers its reports at the same moment is never overruled by readers."""
        standing = (
            select(func.count())
            .select_from(reactions)
            .where(reactions.c.comment_id == comment_id, reactions.c.kind == ReactionKind.REPORT.value)
            .scalar_subquery()
        )
        async with self._db.write.begin() as conn:
            held = await conn.execute(
                update(comments)
                .where(
                    comments.c.id == comment_id,
                    comments.c.status == CommentStatus.APPROVED.value,
                    standing >= at_least,
                )
                .values(status=CommentStatus.PENDING.value)
                .returning(comments.c.thread_id)
            )
            thread_id = held.scalar()
            if thread_id is None:
                return False
            await SqlBase._bump_threads(conn, [int(thread_id)])
        return True

    async def purge_reactions(self, before: datetime) -> int:
        """Drop who-did-what older than ``before``; the like counts on the comments stay."""
        async with self._db.write.begin() as conn:
            result = await conn.execute(delete(reactions).where(reactions.c.created_at < before))
        return int(result.rowcount)


async def _moved(conn: AsyncConnection, reaction: Reaction, step: int) -> None:
    """Keep ``comments.likes`` and the thread's version in step with the row just added/removed."""
    if reaction.kind is ReactionKind.LIKE:
        await conn.execute(
            update(comments).where(comments.c.id == reaction.comment_id).values(likes=comments.c.likes + step)
        )
    thread_id = (
        await conn.execute(select(comments.c.thread_id).where(comments.c.id == reaction.comment_id))
    ).scalar_one()
    await SqlBase._bump_threads(conn, [int(thread_id)])


async def _dismissed(conn: AsyncConnection, reaction: Reaction) -> bool:
    """Has a moderator already answered this reader's report of this comment?"""
    query = select(reactions.c.voter).where(
        reactions.c.comment_id == reaction.comment_id,
        reactions.c.kind == ReactionKind.DISMISSED.value,
        reactions.c.voter == reaction.voter,
    )
    return (await conn.execute(query)).first() is not None


async def _tally(conn: AsyncConnection, comment_id: int, changed: bool) -> ReactionTally:
    likes = (await conn.execute(select(comments.c.likes).where(comments.c.id == comment_id))).scalar()
    if likes is None:
        raise NotFound(f"no comment with id {comment_id}", field="comment_id")
    reports = (
        await conn.execute(
            select(func.count())
            .select_from(reactions)
            .where(reactions.c.comment_id == comment_id, reactions.c.kind == ReactionKind.REPORT.value)
        )
    ).scalar_one()
    return ReactionTally(comment_id, int(likes), int(reports), changed)


def _reason(raw: str) -> ReportReason:
    try:
        return ReportReason(raw)
    except ValueError:  # a reason this version no longer offers still counts, as "other"
        return ReportReason.OTHER
