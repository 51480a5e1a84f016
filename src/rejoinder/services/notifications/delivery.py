"""The mail loop: each round, plan what new comments call for, then send what is due.

One loop per server process (started with the app when a mail server is configured). Planning
reads the comments written since the site's cursor, as webhooks do, so mail follows what was
committed, whichever process wrote it. Sending leases a few queued messages at a time, so two
processes never send the same one. A failed try backs off (1 minute to 6 hours) and is given up
after ``MAX_ATTEMPTS``, or at once when the server refuses the recipient for good; the
dashboard shows both. Before a message goes out its comment is read again: a reply that was
removed, or a subscription that ended, sends nothing.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from typing import Protocol

from rejoinder.domain import Comment, CommentStatus, MailKind, MailState, QueuedMail, Site
from rejoinder.errors import NotFound
from rejoinder.services.notifications import messages
from rejoinder.services.notifications.links import MailLinks
from rejoinder.services.notifications.planning import (
    moderator_mail_on,
    moderator_mails,
    parents_of,
    replies_offered,
    reply_mails,
)
from rejoinder.services.notifications.smtp import MailFailed, SmtpMailer
from rejoinder.services.placing import place
from rejoinder.settings import Settings
from rejoinder.storage import Store

log = logging.getLogger(__name__)

POLL_SECONDS = 2.0
LEASE_SECONDS = 120
BATCH = 20
SETTLE = timedelta(seconds=2)  # ids are handed out before commits: let late commits land first
MAX_AGE = timedelta(days=1)  # mail switched back on is not sent last month's comments
BACKOFF_SECONDS = (60, 300, 900, 3600, 6 * 3600)
MAX_ATTEMPTS = 6
CAP_WINDOW = timedelta(days=1)
READER_MAIL = (MailKind.REPLY, MailKind.CONFIRM)  # what the daily cap per address counts


class Mailer(Protocol):
    async def send(self, message: EmailMessage) -> None: ...


class Skip(Exception):
    """The message is no longer due; the reason is recorded on its row."""


class MailLoop:
    def __init__(
        self,
        store: Store,
        settings: Settings,
        mailer: Mailer | None = None,
        *,
        settle: timedelta = SETTLE,
        backoff_seconds: tuple[int, ...] = BACKOFF_SECONDS,
    ) -> None:
        self.store = store
        self.settings = settings
        self.mailer: Mailer = mailer or SmtpMailer(settings)
        self.settle = settle
        self.backoff = backoff_seconds
        self.links = MailLinks(settings)

    async def run_forever(self) -> None:
        while True:
            try:
                await self.round()
            except Exception:  # the database may be away for a moment: the next round retries
                log.exception("mail round failed")
            await asyncio.sleep(POLL_SECONDS)

    async def round(self) -> int:
        """Plan every site, then send what is due; returns how many messages went out."""
        for site in await self.store.list_sites():
            if moderator_mail_on(site.settings) or replies_offered(site, self.settings):
                try:
                    await self.plan_site(site)
                except Exception:  # one site's trouble must not hold up every other site's mail
                    log.exception("mail planning for site %s failed", site.id)
        return await self.send_due()

    async def plan_site(self, site: Site) -> None:
        last, since = await self.store.mail_cursor(site.id)
        wall = datetime.now(UTC)
        due = await self.store.comments_to_send(
            site.id, last, max(since, wall - MAX_AGE), wall - self.settle, BATCH
        )
        if not due:
            return
        new = [comment for comment, _ in due]
        recipients = await self.store.reply_recipients(parents_of(new))
        mails = moderator_mails(site, new) + reply_mails(site, self.settings, new, recipients)
        await self.store.plan_mail(site.id, mails, new[-1].id)

    async def send_due(self) -> int:
        now = int(time.time())
        sent = 0
        for mail in await self.store.claim_mail(now, LEASE_SECONDS, BATCH):
            sent += await self._send_one(mail, now)
        return sent

    async def _send_one(self, mail: QueuedMail, now: int) -> int:
        try:
            message = await self._compose(mail)
        except Skip as why:
            await self.store.finish_mail(mail.id, MailState.SKIPPED, error=str(why))
            return 0
        try:
            await self.mailer.send(message)
        except MailFailed as exc:
            tries = mail.attempts + 1
            if exc.permanent or tries >= MAX_ATTEMPTS:
                log.warning("mail %s given up after %s tries: %s", mail.id, tries, exc)
                await self.store.finish_mail(mail.id, MailState.FAILED, error=str(exc))
            else:
                wait = self.backoff[min(mail.attempts, len(self.backoff) - 1)]
                log.warning("mail %s: %s; next try in %s s", mail.id, exc, wait)
                await self.store.finish_mail(mail.id, MailState.QUEUED, error=str(exc), retry_at=now + wait)
            return 0
        await self.store.finish_mail(mail.id, MailState.SENT)
        return 1

    async def _compose(self, mail: QueuedMail) -> EmailMessage:
        try:
            comment = await self.store.get_comment(mail.comment_id)
        except NotFound:
            raise Skip("the comment is gone") from None
        placed = await place(self.store, comment)
        thread, site = placed.thread, placed.site
        sender = self.settings.mail_from
        if mail.kind is MailKind.MODERATOR:
            if comment.status not in (CommentStatus.PENDING, CommentStatus.APPROVED):
                raise Skip(f"the comment is {comment.status.value} now")
            return messages.moderator_message(
                site,
                thread,
                comment,
                sender=sender,
                to=mail.recipient,
                dashboard_url=self.settings.dashboard_url,
                actions=self._moderation_links(comment, mail.recipient),
                reports=(await self.store.reports_of([comment.id])).get(comment.id),
            )
        await self._within_cap(mail.recipient)
        if mail.kind is MailKind.CONFIRM:
            if (
                await self.store.subscription_state(comment.id) is not False
                or comment.author_email != mail.recipient
            ):
                raise Skip("no subscription waits for this confirmation")
            return messages.confirm_message(
                site,
                thread,
                comment,
                sender=sender,
                to=mail.recipient,
                confirm_url=self.links.confirm_url(comment.id),
                language=await self._language_of(comment.id),
            )
        parent = await self._subscribed_parent(comment, mail.recipient)
        return messages.reply_message(
            site,
            thread,
            comment,
            parent,
            sender=sender,
            to=mail.recipient,
            unsubscribe_url=self.links.unsubscribe_url(parent.id),
            language=await self._language_of(parent.id),
        )

    async def _language_of(self, subscribed_id: int) -> str:
        """The language a reader's mail is written in: their subscription's, English if not known
        (a subscription older than migration 0008 keeps the English it always had)."""
        return await self.store.subscription_language(subscribed_id) or "en"

    def _moderation_links(self, comment: Comment, moderator: str) -> dict[str, str]:
        """Approve and mark-as-spam links for a held comment; mark-as-spam for a published one."""
        if not self.settings.public_url:
            return {}
        offered = [("Approve", "approve"), ("Mark as spam", "spam")]
        if comment.status is CommentStatus.APPROVED:
            offered = offered[1:]
        return {label: self.links.moderate_url(comment.id, action, moderator) for label, action in offered}

    async def _within_cap(self, recipient: str) -> None:
        """Mail a reader did not ask for (someone typed their address) is bounded per day."""
        since = datetime.now(UTC) - CAP_WINDOW
        if (
            await self.store.count_mail_to(recipient, READER_MAIL, since)
            >= self.settings.mail_per_address_per_day
        ):
            raise Skip("the address had its daily number of e-mails")

    async def _subscribed_parent(self, reply: Comment, recipient: str) -> Comment:
        """The parent a reply mail is about, if it is still published, still subscribed and still
        that reader's (an erased commenter's address is gone from their comments)."""
        if reply.status is not CommentStatus.APPROVED or reply.parent_id is None:
            raise Skip(f"the reply is {reply.status.value} now")
        recipients = await self.store.reply_recipients([reply.parent_id])
        if recipients.get(reply.parent_id, "").casefold() != recipient.casefold():
            raise Skip("the reader unsubscribed")
        return await self.store.get_comment(reply.parent_id)


async def queue_published_replies(store: Store, settings: Settings, published: Sequence[Comment]) -> None:
    """Queue reply mail for comments a moderator has just approved (planning met them held)."""
    if not published:
        return
    recipients = await store.reply_recipients(parents_of(published))
    if not recipients:
        return
    by_site: dict[int, list[Comment]] = {}
    for comment in published:
        thread = await store.get_thread_by_id(comment.thread_id)
        by_site.setdefault(thread.site_id, []).append(comment)
    for site_id, comments in by_site.items():
        site = await store.get_site(site_id)
        await store.queue_mail(reply_mails(site, settings, comments, recipients))
