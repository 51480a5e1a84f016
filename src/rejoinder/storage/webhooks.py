"""Webhook delivery state: which comments a site's hook has been sent, and who is sending now.

Delivery follows the database, not the request that wrote the comment: a comment is sent once
it is committed, whichever server process wrote it and even if that process died just after.
Every process runs the delivery loop; a lease on the site's cursor row (``claim_webhook``) lets one
of them at a time send, so the same comment is not sent by two. A failed delivery backs off and
is retried; the cursor only moves past a comment once its delivery got a 2xx (at least once).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from rejoinder.domain import Comment, CommentStatus, Thread
from rejoinder.storage import rows
from rejoinder.storage.comments import THREAD_LABELLED
from rejoinder.storage.schema import comments, threads, webhook_cursors
from rejoinder.storage.sql_base import SqlBase

NOTIFIED = (CommentStatus.APPROVED.value, CommentStatus.PENDING.value)


class WebhooksMixin(SqlBase):
    async def claim_webhook(self, site_id: int, now: int, lease_seconds: int) -> tuple[int, datetime] | None:
        """Take the site's delivery lease if it is free and no back-off is running.

        Returns (the last comment delivered, the time the hook was set) or ``None`` when another
        process holds the lease or the site waits out a back-off. The first claim starts the
        cursor at the site's newest comment: a new hook is sent what comes next, not the past.
        """
        async with self._db.write.begin() as conn:
            await _start_cursor(conn, site_id)
            claimed = await conn.execute(
                update(webhook_cursors)
                .where(
                    webhook_cursors.c.site_id == site_id,
                    webhook_cursors.c.lease_until <= now,
                    webhook_cursors.c.retry_at <= now,
                )
                .values(lease_until=now + lease_seconds)
                .returning(webhook_cursors.c.last_comment_id, webhook_cursors.c.since)
            )
            row = claimed.first()
        return (int(row[0]), rows.to_db_time(row[1])) if row is not None else None

    async def webhook_cursor(self, site_id: int) -> tuple[int, datetime] | None:
        """(last comment delivered, when the hook was set), read without taking anything."""
        query = select(webhook_cursors.c.last_comment_id, webhook_cursors.c.since).where(
            webhook_cursors.c.site_id == site_id
        )
        async with self._db.read.connect() as conn:
            row = (await conn.execute(query)).first()
        return (int(row[0]), rows.to_db_time(row[1])) if row is not None else None

    async def comments_to_send(
        self, site_id: int, after_id: int, since: datetime, settled_before: datetime, limit: int
    ) -> list[tuple[Comment, Thread]]:
        """The site's approved or held comments after ``after_id``, oldest first.

        Only comments written since the hook was set (imports bring older ones), and only those
        older than ``settled_before``: ids are handed out before commits, so a comment committed a
        moment late could otherwise be passed by the cursor for good.
        """
        query = (
            select(comments, *THREAD_LABELLED)
            .join_from(comments, threads)
            .where(
                threads.c.site_id == site_id,
                comments.c.id > after_id,
                comments.c.status.in_(NOTIFIED),
                comments.c.created_at >= since,
                comments.c.created_at < settled_before,
            )
            .order_by(comments.c.id)
            .limit(limit)
        )
        async with self._db.read.connect() as conn:
            found = (await conn.execute(query)).all()
        return [(rows.comment(r), rows.thread(r, rows.JOINED_THREAD)) for r in found]

    async def webhook_delivered(self, site_id: int, comment_id: int) -> None:
        """Move the cursor past a comment whose delivery succeeded (the lease is kept)."""
        async with self._db.write.begin() as conn:
            await conn.execute(
                update(webhook_cursors)
                .where(webhook_cursors.c.site_id == site_id)
                .values(last_comment_id=comment_id, failures=0, retry_at=0, last_error="")
            )

    async def release_webhook(self, site_id: int, *, retry_at: int = 0, error: str = "") -> None:
        """Give the lease back; after a failure, with the time to try again and what went wrong."""
        values: dict[str, object] = {"lease_until": 0}
        if error:
            values |= {
                "retry_at": retry_at,
                "failures": webhook_cursors.c.failures + 1,
                "last_error": error[:500],
            }
        async with self._db.write.begin() as conn:
            await conn.execute(
                update(webhook_cursors).where(webhook_cursors.c.site_id == site_id).values(**values)
            )

    async def webhook_failures(self, site_id: int) -> tuple[int, str]:
        """(failed deliveries in a row, the last error) for the dashboard."""
        async with self._db.read.connect() as conn:
            row = (
                await conn.execute(
                    select(webhook_cursors.c.failures, webhook_cursors.c.last_error).where(
                        webhook_cursors.c.site_id == site_id
                    )
                )
            ).first()
        return (int(row[0]), str(row[1])) if row is not None else (0, "")


async def _start_cursor(conn: AsyncConnection, site_id: int) -> None:
    """The cursor row, made on the first claim at the site's newest comment."""
    if (
        await conn.execute(select(webhook_cursors.c.site_id).where(webhook_cursors.c.site_id == site_id))
    ).first():
        return
    newest = select(func.coalesce(func.max(comments.c.id), 0)).join_from(comments, threads)
    newest = newest.where(threads.c.site_id == site_id)
    last = int((await conn.execute(newest)).scalar_one())
    try:
        async with conn.begin_nested():
            await conn.execute(
                webhook_cursors.insert().values(
                    site_id=site_id,
                    last_comment_id=last,
                    since=rows.utcnow(),
                    lease_until=0,
                    retry_at=0,
                    failures=0,
                    last_error="",
                )
            )
    except IntegrityError:
        pass  # another process started it first
