"""Privacy tools: export and erase a commenter's data, purge old comments and spam checks, forget
old IPs (of comments, and inside learning events)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Table, Text, cast, delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from rejoinder.domain import Comment, CommentStatus, MailKind, MailState, Thread
from rejoinder.storage import rows
from rejoinder.storage.base import CommenterRecords, MailRecord, SubscriptionRecord
from rejoinder.storage.comments import THREAD_LABELLED
from rejoinder.storage.notifications import mail_to
from rejoinder.storage.schema import (
    comments,
    learning_events,
    mail_outbox,
    reply_subscriptions,
    spam_checks,
    threads,
)
from rejoinder.storage.sql_base import SqlBase
from rejoinder.storage.text_match import contains

_ANONYMOUS = {
    "author_name": "",
    "author_email": "",
    "author_url": "",
    "author_host": "",
    "ip": "",
    "user_agent": "",
}

# The personal fields of a recorded check or learning payload (Akismet names, and the native API's).
# The comment text stays: the learning loop replays it, and unlearning must see what was learned.
PERSONAL_PAYLOAD_KEYS = frozenset(
    {
        "comment_author", "comment_author_email", "comment_author_url", "user_ip", "user_agent",
        "referrer", "author", "author_email", "author_url", "author_ip",
    }
)  # fmt: skip
_EMAIL_KEYS = ("comment_author_email", "author_email")
# What ``minimise_learning_payloads`` blanks: where the comment came from, not what it said.
NETWORK_PAYLOAD_KEYS = ("user_ip", "author_ip", "user_agent")
_BATCH = 500


def _written_by(payload: Any, email: str) -> bool:
    """Whether a recorded check's or learning event's fields carry ``email`` (lower case) as the author's."""
    return isinstance(payload, dict) and any(
        str(payload.get(k, "")).strip().lower() == email for k in _EMAIL_KEYS
    )


def _scrubbed(payload: Any, email: str) -> dict[str, Any] | None:
    """The payload without its personal fields if it was written by ``email``; else None."""
    if not _written_by(payload, email):
        return None
    return {k: ("" if k in PERSONAL_PAYLOAD_KEYS else v) for k, v in payload.items()}


def _without_network(payload: Any) -> dict[str, Any] | None:
    """The payload with its IP and user agent blanked, or None when there is nothing to blank."""
    if not isinstance(payload, dict) or not any(payload.get(k) for k in NETWORK_PAYLOAD_KEYS):
        return None
    return {k: ("" if k in NETWORK_PAYLOAD_KEYS else v) for k, v in payload.items()}


def _by_email(email: str) -> ColumnElement[bool]:
    return func.lower(comments.c.author_email) == email.strip().lower()


class PrivacyMixin(SqlBase):
    async def export_commenter(self, email: str) -> list[tuple[Comment, Thread]]:
        if not email.strip():
            return []
        query = (
            select(comments, *THREAD_LABELLED)
            .select_from(comments.join(threads, comments.c.thread_id == threads.c.id))
            .where(_by_email(email))
            .order_by(comments.c.created_at, comments.c.id)
        )
        async with self._db.read.connect() as conn:
            return [(rows.comment(r), rows.thread(r, rows.JOINED_THREAD)) for r in await conn.execute(query)]

    async def export_records(self, email: str) -> CommenterRecords:
        email = email.strip().lower()
        if not email:
            return CommenterRecords((), (), (), ())
        async with self._db.read.connect() as conn:
            checks = await self._payloads_of(conn, spam_checks, spam_checks.c.created_at, email)
            events = await self._payloads_of(conn, learning_events, learning_events.c.id, email)
            subscribed = await conn.execute(
                select(reply_subscriptions)
                .join(comments, comments.c.id == reply_subscriptions.c.comment_id)
                .where(_by_email(email))
                .order_by(reply_subscriptions.c.created_at)
            )
            mailed = await conn.execute(
                select(mail_outbox).where(mail_to(email)).order_by(mail_outbox.c.created_at, mail_outbox.c.id)
            )
            return CommenterRecords(
                checks=tuple(rows.spam_check(r) for r in checks),
                events=tuple(rows.learning_event(r) for r in events),
                subscriptions=tuple(
                    SubscriptionRecord(
                        comment_id=r.comment_id,
                        created_at=rows.from_db_time(r.created_at),
                        confirmed_at=rows.from_db_time(r.confirmed_at),
                        language=r.language,
                    )
                    for r in subscribed
                ),
                mail=tuple(
                    MailRecord(
                        kind=MailKind(r.kind),
                        comment_id=r.comment_id,
                        state=MailState(r.state),
                        created_at=rows.from_db_time(r.created_at),
                        sent_at=rows.from_db_time(r.sent_at),
                    )
                    for r in mailed
                ),
            )

    @staticmethod
    async def _payloads_of(conn: AsyncConnection, table: Table, order: Any, email: str) -> list[Any]:
        """The rows of ``table`` whose payload was written by ``email``: SQL narrows to the JSON texts
        that mention it, Python checks the author's field (one way on SQLite and PostgreSQL)."""
        mentions = contains(cast(table.c.payload, Text), email)
        found = await conn.execute(select(table).where(mentions).order_by(order))
        return [row for row in found if _written_by(row.payload, email)]

    async def erase_commenter(self, email: str) -> int:
        """Replies keep their context: a comment with replies keeps its text, anonymised; one without
        replies loses its text too and is marked deleted. Either way no personal field remains, in
        the comments or in the recorded checks and learning payloads this address wrote."""
        if not email.strip():
            return 0
        async with self._db.write.begin() as conn:
            for table, key in ((spam_checks, spam_checks.c.guid), (learning_events, learning_events.c.id)):
                await self._scrub_payloads(conn, table, key, email)
            found = (
                await conn.execute(select(comments.c.id, comments.c.thread_id).where(_by_email(email)))
            ).all()
            if not found:
                return 0
            ids = [row.id for row in found]
            with_replies = set(
                (
                    await conn.execute(
                        select(comments.c.parent_id).where(comments.c.parent_id.in_(ids)).distinct()
                    )
                ).scalars()
            )
            keep = [i for i in ids if i in with_replies]
            drop = [i for i in ids if i not in with_replies]
            if keep:
                await conn.execute(update(comments).where(comments.c.id.in_(keep)).values(**_ANONYMOUS))
            if drop:
                await conn.execute(
                    update(comments)
                    .where(comments.c.id.in_(drop))
                    .values(**_ANONYMOUS, text="", html="", status=CommentStatus.DELETED.value)
                )
            await self._bump_threads(conn, (row.thread_id for row in found))
        return len(ids)

    @staticmethod
    async def _scrub_payloads(conn: AsyncConnection, table: Table, key: Any, email: str) -> None:
        email = email.strip().lower()
        for row in await PrivacyMixin._payloads_of(conn, table, key, email):
            clean = _scrubbed(row.payload, email)
            await conn.execute(update(table).where(key == row._mapping[key]).values(payload=clean))

    async def purge(
        self, statuses: Sequence[CommentStatus], before: datetime, site_id: int | None = None
    ) -> int:
        if not statuses:
            return 0
        where = [
            comments.c.status.in_([s.value for s in statuses]),
            comments.c.created_at < rows.to_db_time(before),
        ]
        if site_id is not None:
            where.append(comments.c.thread_id.in_(select(threads.c.id).where(threads.c.site_id == site_id)))
        async with self._db.write.begin() as conn:
            touched = (
                (await conn.execute(select(comments.c.thread_id).where(*where).distinct())).scalars().all()
            )
            result = await conn.execute(delete(comments).where(*where))
            await self._bump_threads(conn, touched)
        return int(result.rowcount)

    async def purge_checks(self, before: datetime) -> int:
        async with self._db.write.begin() as conn:
            result = await conn.execute(
                delete(spam_checks).where(spam_checks.c.created_at < rows.to_db_time(before))
            )
        return int(result.rowcount)

    async def minimise_learning_payloads(self, before: datetime) -> int:
        """JSON is matched in Python (one way for SQLite and PostgreSQL), in id-ordered batches so
        a large log never sits in memory; the table grows by moderator actions, so it stays small."""
        changed, after = 0, 0
        while True:
            async with self._db.write.begin() as conn:
                batch = (
                    await conn.execute(
                        select(learning_events.c.id, learning_events.c.payload)
                        .where(
                            learning_events.c.created_at < rows.to_db_time(before),
                            learning_events.c.id > after,
                        )
                        .order_by(learning_events.c.id)
                        .limit(_BATCH)
                    )
                ).all()
                for event_id, payload in batch:
                    clean = _without_network(payload)
                    if clean is not None:
                        await conn.execute(
                            update(learning_events)
                            .where(learning_events.c.id == event_id)
                            .values(payload=clean)
                        )
                        changed += 1
            if len(batch) < _BATCH:
                return changed
            after = batch[-1].id

    async def minimise_ips(self, before: datetime) -> int:
        async with self._db.write.begin() as conn:
            result = await conn.execute(
                update(comments)
                .where(comments.c.created_at < rows.to_db_time(before), comments.c.ip != "")
                .values(ip="")
            )
        return int(result.rowcount)
