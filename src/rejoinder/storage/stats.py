"""Counts the spam engine and the dashboard ask for: by status, by author, by text, by day."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, String, bindparam, func, literal_column, select

from rejoinder.domain import CommentStatus, Decision
from rejoinder.storage import rows
from rejoinder.storage.base import DailyCount
from rejoinder.storage.hosts import compared_host
from rejoinder.storage.schema import comments, spam_checks, threads
from rejoinder.storage.sql_base import SqlBase


def _site_threads(site_id: int) -> Any:
    return select(threads.c.id).where(threads.c.site_id == site_id).scalar_subquery()


_SITE_THREADS = select(threads.c.id).where(threads.c.site_id == bindparam("site_id")).scalar_subquery()
_APPROVED = CommentStatus.APPROVED.value


def unindexed(column: ColumnElement[Any]) -> ColumnElement[Any]:
    """``column`` as a value checked on rows another index found, never as an index condition.

    The spam facts' look-ups must start from their selective index (the text's hash, the author's
    e-mail). A planner without statistics (a fresh database before autovacuum's first ANALYZE, as
    in every benchmark run) walked ``ix_comments_thread_status_created`` instead, reading every
    comment of the site for each post: PostgreSQL's CPU per post grew with the table (3 ms per
    look-up at 2,000 comments). An expression (``thread_id + 0``, ``status || ''``) cannot use an
    index, so the selective one is taken whatever the statistics say."""
    if isinstance(column.type, String):
        return column.op("||")(literal_column("''"))
    return column.op("+")(literal_column("0"))


_TRUSTED = (
    select(comments.c.id)
    .where(
        comments.c.author_email == bindparam("email"),
        comments.c.author_name == bindparam("name"),
        comments.c.author_url == bindparam("url"),
        unindexed(comments.c.status) == _APPROVED,
        unindexed(comments.c.thread_id).in_(_SITE_THREADS),
    )
    .limit(1)
)
_SAME_TEXT = select(func.count()).where(
    comments.c.text_hash == bindparam("text_hash"),
    comments.c.created_at >= bindparam("since"),
    unindexed(comments.c.thread_id).in_(_SITE_THREADS),
)
_SAME_HOST = select(func.count()).where(
    comments.c.author_host == bindparam("host"),
    unindexed(comments.c.status) == _APPROVED,
    unindexed(comments.c.thread_id).in_(_SITE_THREADS),
)


class StatsMixin(SqlBase):
    async def count_by_status(self, site_id: int | None = None) -> dict[CommentStatus, int]:
        query = select(comments.c.status, func.count()).group_by(comments.c.status)
        if site_id is not None:
            query = query.where(comments.c.thread_id.in_(_site_threads(site_id)))
        counts = dict.fromkeys(CommentStatus, 0)
        async with self._db.read.connect() as conn:
            for status, count in await conn.execute(query):
                counts[CommentStatus(status)] = int(count)
        return counts

    async def has_approved_comment(self, site_id: int, name: str, email: str, url: str) -> bool:
        params = {"site_id": site_id, "name": name, "email": email, "url": url}
        return bool(await self._fetch_plain(_TRUSTED, params))

    async def count_same_text(self, site_id: int, text_hash: str, since: datetime) -> int:
        if not text_hash:
            return 0
        params = {"site_id": site_id, "text_hash": text_hash, "since": rows.to_db_time(since)}
        return int((await self._fetch_plain(_SAME_TEXT, params))[0][0])

    async def count_author_url_host(self, site_id: int, host: str) -> int:
        """Approved comments whose website has exactly this host (``comments.author_host``, indexed)."""
        host = compared_host(host)
        if not host:
            return 0
        params = {"site_id": site_id, "host": host}
        return int((await self._fetch_plain(_SAME_HOST, params))[0][0])

    async def daily_counts(self, site_id: int | None, since: datetime) -> list[DailyCount]:
        """Engine decisions per UTC day, counted over the recorded spam checks.

        Checks rather than comments: every comment the service posts is checked and recorded
        once, Akismet traffic is too, and discarded comments (never stored) still show up.
        Test traffic (``is_test``) is left out.
        """
        day = self._utc_day(spam_checks.c.created_at)
        query = (
            select(day.label("day"), spam_checks.c.decision, func.count())
            .where(spam_checks.c.created_at >= rows.to_db_time(since), spam_checks.c.is_test.is_(False))
            .group_by(day, spam_checks.c.decision)
            .order_by(day, spam_checks.c.decision)
        )
        if site_id is not None:
            query = query.where(spam_checks.c.site_id == site_id)
        async with self._db.read.connect() as conn:
            return [
                DailyCount(day=str(d), decision=Decision(decision), count=int(n))
                for d, decision, n in await conn.execute(query)
            ]

    def _utc_day(self, column: Any) -> ColumnElement[Any]:
        """'YYYY-MM-DD' of a stored UTC time. SQLite keeps UTC text; PostgreSQL needs the zone named."""
        if self._db.backend == "postgresql":
            return func.to_char(func.timezone("UTC", column), "YYYY-MM-DD")
        return func.date(column)
