"""E-mail notification state: the planning cursor, reply subscriptions and the outbox.

Planning follows the database, as webhooks do: whichever server process looks first queues the
messages new comments call for and moves the site's cursor. Queuing is idempotent (one row per
kind, comment and recipient), so processes need no lease to plan, only to send: ``claim_mail``
leases a few due rows at a time, and each row is then marked sent, retried later, given up or
skipped on its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, case, delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from rejoinder.domain import CommentStatus, MailKind, MailState, OutgoingMail, QueuedMail
from rejoinder.storage import rows
from rejoinder.storage.schema import comments, mail_cursors, mail_outbox, reply_subscriptions, threads
from rejoinder.storage.sql_base import SqlBase


def recipient_key(address: str) -> str:
    """An address as the outbox indexes it (``recipient_key``, migration 0007 froze this rule)."""
    return address.strip().lower()


def mail_to(address: str) -> ColumnElement[bool]:
    """The outbox rows addressed to ``address``, whatever its case: the outbox keeps an address as
    the commenter typed it, and a reader's erasure or access request finds their comments by the
    address regardless of case, so their mail must be found the same way, and the daily cap must
    count it the same way. A stored, indexed key, not ``lower(recipient)``: no index answers that
    (see migration 0007)."""
    return mail_outbox.c.recipient_key == recipient_key(address)


class NotificationsMixin(SqlBase):
    # -- planning ---------------------------------------------------------------------------------
    async def mail_cursor(self, site_id: int) -> tuple[int, datetime]:
        """(the last comment planned, since when mail is on); started at the site's newest comment
        the first time, so switching mail on never mails a site's history."""
        async with self._db.read.connect() as conn:
            row = (await conn.execute(_cursor_of(site_id))).first()
        if row is None:
            async with self._db.write.begin() as conn:
                await _start_cursor(conn, self._upsert(mail_cursors), site_id)
                row = (await conn.execute(_cursor_of(site_id))).first()
        assert row is not None
        return int(row[0]), rows.to_db_time(row[1])

    async def plan_mail(self, site_id: int, mails: Sequence[OutgoingMail], through_id: int) -> None:
        """Queue ``mails`` and move the site's cursor to ``through_id`` (never back), together."""
        async with self._db.write.begin() as conn:
            await self._queue(conn, mails)
            last = mail_cursors.c.last_comment_id
            await conn.execute(
                update(mail_cursors)
                .where(mail_cursors.c.site_id == site_id)
                .values(last_comment_id=case((last < through_id, through_id), else_=last))
            )

    async def queue_mail(self, mails: Sequence[OutgoingMail]) -> None:
        """Queue messages outside planning (a moderator approved a held reply)."""
        if mails:
            async with self._db.write.begin() as conn:
                await self._queue(conn, mails)

    async def _queue(self, conn: AsyncConnection, mails: Sequence[OutgoingMail]) -> None:
        if not mails:
            return
        now = rows.utcnow()
        values: list[dict[str, Any]] = [
            {
                "site_id": m.site_id,
                "kind": m.kind.value,
                "comment_id": m.comment_id,
                "recipient": m.recipient,
                "recipient_key": recipient_key(m.recipient),
                "state": MailState.QUEUED.value,
                "created_at": now,
                "attempts": 0,
                "next_try_at": 0,
                "lease_until": 0,
                "last_error": "",
            }
            for m in mails
        ]
        await conn.execute(self._upsert(mail_outbox).on_conflict_do_nothing(), values)

    async def reply_recipients(self, parent_ids: Sequence[int]) -> dict[int, str]:
        """Of these comments, those whose author asked for replies and confirmed the address:
        comment id -> that address."""
        if not parent_ids:
            return {}
        query = (
            select(comments.c.id, comments.c.author_email)
            .join_from(reply_subscriptions, comments)
            .where(
                reply_subscriptions.c.comment_id.in_(sorted(set(parent_ids))),
                reply_subscriptions.c.confirmed_at.is_not(None),
                comments.c.author_email != "",
                comments.c.status != CommentStatus.DELETED.value,
            )
        )
        async with self._db.read.connect() as conn:
            return {int(r[0]): str(r[1]) for r in await conn.execute(query)}

    # -- subscriptions ----------------------------------------------------------------------------
    async def subscribe_replies(self, comment_id: int, *, confirmed: bool, language: str = "") -> bool:
        """Record the wish, in the reader's ``language`` ("" if not known); ``True`` if it is
        confirmed (now or by an earlier confirmation). Asking again changes nothing."""
        now = rows.utcnow()
        async with self._db.write.begin() as conn:
            await conn.execute(
                self._upsert(reply_subscriptions)
                .values(
                    comment_id=comment_id,
                    created_at=now,
                    confirmed_at=now if confirmed else None,
                    language=language,
                )
                .on_conflict_do_nothing()
            )
            row = (await conn.execute(_subscription_of(comment_id))).first()
        return row is not None and row[0] is not None

    async def confirm_replies(self, comment_id: int) -> bool:
        """Confirm a subscription (its address answered the confirmation e-mail); ``False`` if
        there is none (it was ended, or the comment erased)."""
        async with self._db.write.begin() as conn:
            await conn.execute(
                update(reply_subscriptions)
                .where(
                    reply_subscriptions.c.comment_id == comment_id,
                    reply_subscriptions.c.confirmed_at.is_(None),
                )
                .values(confirmed_at=rows.utcnow())
            )
            row = (await conn.execute(_subscription_of(comment_id))).first()
        return row is not None

    async def address_confirmed(self, site_id: int, email: str) -> bool:
        """Has ``email`` confirmed any reply subscription on this site before? Then a new one
        needs no second confirmation e-mail."""
        query = (
            select(reply_subscriptions.c.comment_id)
            .join_from(reply_subscriptions, comments)
            .join_from(comments, threads)
            .where(
                threads.c.site_id == site_id,
                comments.c.author_email == email,
                reply_subscriptions.c.confirmed_at.is_not(None),
            )
            .limit(1)
        )
        async with self._db.read.connect() as conn:
            return (await conn.execute(query)).first() is not None

    async def subscription_state(self, comment_id: int) -> bool | None:
        """``None``: not subscribed; ``False``: waiting for confirmation; ``True``: confirmed."""
        async with self._db.read.connect() as conn:
            row = (await conn.execute(_subscription_of(comment_id))).first()
        return None if row is None else row[0] is not None

    async def subscription_language(self, comment_id: int) -> str:
        """The language the comment's subscription was asked for in; "" if not known or none."""
        query = select(reply_subscriptions.c.language).where(reply_subscriptions.c.comment_id == comment_id)
        async with self._db.read.connect() as conn:
            return str((await conn.execute(query)).scalar() or "")

    async def unsubscribe_replies(self, comment_id: int) -> bool:
        """End a subscription and skip what it still had queued; ``False`` if there was none."""
        async with self._db.write.begin() as conn:
            gone = await conn.execute(
                delete(reply_subscriptions).where(reply_subscriptions.c.comment_id == comment_id)
            )
            replies = select(comments.c.id).where(comments.c.parent_id == comment_id)
            await conn.execute(
                update(mail_outbox)
                .where(
                    mail_outbox.c.state == MailState.QUEUED.value,
                    or_(
                        and_(
                            mail_outbox.c.kind == MailKind.REPLY.value, mail_outbox.c.comment_id.in_(replies)
                        ),
                        and_(
                            mail_outbox.c.kind == MailKind.CONFIRM.value,
                            mail_outbox.c.comment_id == comment_id,
                        ),
                    ),
                )
                .values(state=MailState.SKIPPED.value, last_error="unsubscribed")
            )
        return bool(gone.rowcount)

    # -- sending ----------------------------------------------------------------------------------
    async def claim_mail(self, now: int, lease_seconds: int, limit: int) -> list[QueuedMail]:
        """Lease up to ``limit`` messages that are due, oldest first. A row leased by another
        process is passed over: PostgreSQL re-checks ``lease_until`` on the locked row, and SQLite
        runs one writer at a time."""
        due = (
            select(mail_outbox.c.id)
            .where(
                mail_outbox.c.state == MailState.QUEUED.value,
                mail_outbox.c.next_try_at <= now,
                mail_outbox.c.lease_until <= now,
            )
            .order_by(mail_outbox.c.id)
            .limit(limit)
        )
        claim = (
            update(mail_outbox)
            .where(mail_outbox.c.id.in_(due.scalar_subquery()), mail_outbox.c.lease_until <= now)
            .values(lease_until=now + lease_seconds)
            .returning(
                mail_outbox.c.id,
                mail_outbox.c.site_id,
                mail_outbox.c.kind,
                mail_outbox.c.comment_id,
                mail_outbox.c.recipient,
                mail_outbox.c.attempts,
            )
        )
        async with self._db.write.begin() as conn:
            found = (await conn.execute(claim)).all()
        mails = [
            QueuedMail(int(r[0]), int(r[1]), MailKind(r[2]), int(r[3]), str(r[4]), int(r[5])) for r in found
        ]
        return sorted(mails, key=lambda m: m.id)

    async def finish_mail(
        self, mail_id: int, state: MailState, *, error: str = "", retry_at: int = 0
    ) -> None:
        """Record how a try ended. ``QUEUED`` with ``retry_at`` means: failed, try again then."""
        values: dict[str, Any] = {"state": state.value, "lease_until": 0, "last_error": error[:500]}
        if state is MailState.SENT:
            values["sent_at"] = rows.utcnow()
        if state in (MailState.QUEUED, MailState.FAILED):
            values |= {"attempts": mail_outbox.c.attempts + 1, "next_try_at": retry_at}
        async with self._db.write.begin() as conn:
            await conn.execute(update(mail_outbox).where(mail_outbox.c.id == mail_id).values(**values))

    async def count_mail_to(self, recipient: str, kinds: Sequence[MailKind], since: datetime) -> int:
        """Messages of these kinds sent to ``recipient`` since ``since`` (the per-address cap)."""
        query = select(func.count()).where(
            mail_to(recipient),
            mail_outbox.c.kind.in_([kind.value for kind in kinds]),
            mail_outbox.c.state == MailState.SENT.value,
            mail_outbox.c.sent_at >= since,
        )
        async with self._db.read.connect() as conn:
            return int((await conn.execute(query)).scalar_one())

    async def mail_problems(self, site_id: int, since: datetime) -> tuple[int, str]:
        """(messages given up on since ``since``, the last error of any failed try) for the dashboard."""
        failed = select(func.count()).where(
            mail_outbox.c.site_id == site_id,
            mail_outbox.c.state == MailState.FAILED.value,
            mail_outbox.c.created_at >= since,
        )
        last = (
            select(mail_outbox.c.last_error)
            .where(
                mail_outbox.c.site_id == site_id,
                mail_outbox.c.state.in_((MailState.FAILED.value, MailState.QUEUED.value)),
                mail_outbox.c.last_error != "",
            )
            .order_by(mail_outbox.c.id.desc())
            .limit(1)
        )
        async with self._db.read.connect() as conn:
            count = int((await conn.execute(failed)).scalar_one())
            error = (await conn.execute(last)).scalar()
        return count, str(error or "")

    async def forget_mail_to(self, recipient: str) -> int:
        """Delete every e-mail record to ``recipient`` (erasure): queued ones are not sent."""
        if not recipient.strip():
            return 0
        async with self._db.write.begin() as conn:
            done = await conn.execute(delete(mail_outbox).where(mail_to(recipient)))
        return int(done.rowcount or 0)

    async def purge_mail(self, before: datetime) -> int:
        """Delete finished messages (sent, failed, skipped) queued before ``before``: an address
        is kept no longer than the notice says."""
        async with self._db.write.begin() as conn:
            done = await conn.execute(
                delete(mail_outbox).where(
                    and_(mail_outbox.c.state != MailState.QUEUED.value, mail_outbox.c.created_at < before)
                )
            )
        return int(done.rowcount or 0)


def _subscription_of(comment_id: int) -> Any:
    return select(reply_subscriptions.c.confirmed_at).where(reply_subscriptions.c.comment_id == comment_id)


def _cursor_of(site_id: int) -> Any:
    return select(mail_cursors.c.last_comment_id, mail_cursors.c.since).where(
        mail_cursors.c.site_id == site_id
    )


async def _start_cursor(conn: AsyncConnection, insert: Any, site_id: int) -> None:
    newest = (
        select(func.coalesce(func.max(comments.c.id), 0))
        .join_from(comments, threads)
        .where(threads.c.site_id == site_id)
        .scalar_subquery()
    )
    await conn.execute(
        insert.values(site_id=site_id, last_comment_id=newest, since=rows.utcnow()).on_conflict_do_nothing()
    )
