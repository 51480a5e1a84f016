"""A commenter's data: what is kept and for how long, and how it is exported, erased or purged.

The data-processing notice is built from ``notice_for(site, settings)``, i.e. from the real
configuration, so it cannot drift from what the code does. ``purge`` is what enforces the
retention promises the notice makes: every server runs it at start-up and hourly
(``services.retention``), and ``rejoinder privacy purge`` runs it once by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from rejoinder.domain import Comment, CommentStatus, ModeratorMail, RequiredField, Site, Thread
from rejoinder.services.ip import IPV4_PREFIX, IPV6_PREFIX
from rejoinder.services.notifications.planning import moderator_mail_on, replies_offered
from rejoinder.settings import Settings
from rejoinder.storage.base import Store

SPAM_RETENTION_DAYS = 30  # spam and deleted comments, whatever the site keeps otherwise
MAIL_RETENTION_DAYS = 30  # the record of an e-mail sent (to whom, about which comment)


@dataclass(frozen=True, slots=True)
class Notice:
    """Every fact the privacy page states, taken from the configuration."""

    site_name: str
    site_url: str
    required: tuple[str, ...]
    optional: tuple[str, ...]
    retention_days: int  # 0: kept until deleted
    spam_retention_days: int
    ip_retention_days: int
    check_retention_days: int
    ipv4_prefix: int
    ipv6_prefix: int
    edit_window_minutes: int
    trusts_returning_commenters: bool
    moderation: str
    webhook_host: str = ""  # where new comments are sent to notify the moderators ("" = nowhere)
    moderator_mail: bool = False  # new comments are e-mailed to the site's moderators
    reply_mail: bool = False  # readers may ask to be e-mailed replies to their comment
    mail_retention_days: int = 0
    moderator_mail_all: bool = False  # published comments too, not only held ones
    reply_mail_cap: int = 0  # reply e-mails one address is sent a day at most
    likes: bool = False  # readers may like comments
    reports_to_hold: int = 0  # readers' reports that hold a comment for the moderators (0: never)


def notice_for(site: Site, settings: Settings) -> Notice:
    s = site.settings
    labels = {
        RequiredField.NAME: "name",
        RequiredField.EMAIL: "e-mail address",
        RequiredField.WEBSITE: "website",
    }
    required = tuple(labels[f] for f in RequiredField if f in s.required_fields)
    optional = tuple(labels[f] for f in RequiredField if f not in s.required_fields)
    return Notice(
        site_name=site.name,
        site_url=site.url,
        required=required,
        optional=optional,
        retention_days=s.retention_days,
        spam_retention_days=SPAM_RETENTION_DAYS,
        ip_retention_days=settings.ip_retention_days,
        check_retention_days=settings.check_retention_days,
        ipv4_prefix=IPV4_PREFIX,
        ipv6_prefix=IPV6_PREFIX,
        edit_window_minutes=s.edit_window_seconds // 60,
        trusts_returning_commenters=s.trust_approved_commenters,
        moderation=s.moderation.value,
        webhook_host=urlsplit(s.webhook_url).hostname or "" if s.webhook_url else "",
        moderator_mail=settings.mail_enabled and moderator_mail_on(s),
        reply_mail=replies_offered(site, settings),
        mail_retention_days=MAIL_RETENTION_DAYS,
        moderator_mail_all=s.moderator_mail is ModeratorMail.ALL,
        reply_mail_cap=settings.mail_per_address_per_day,
        likes=s.likes,
        reports_to_hold=s.reports_to_hold,
    )


@dataclass(frozen=True, slots=True)
class PurgeReport:
    spam_and_deleted: int
    expired: int
    ips_erased: int
    checks: int = 0  # recorded spam checks deleted
    learning_minimised: int = 0  # learning events whose IP and user agent were blanked
    mail: int = 0  # records of sent (or abandoned) e-mails deleted
    reactions: int = 0  # records of who liked or reported a comment deleted (the counts stay)


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _comment_record(c: Comment, t: Thread) -> dict[str, Any]:
    return {
        "id": c.id,
        "site_id": t.site_id,
        "uri": t.uri,
        "title": t.title,
        "author": c.author_name,
        "email": c.author_email,
        "website": c.author_url,
        "text": c.text,
        "status": c.status.value,
        "ip_network": c.ip,
        "user_agent": c.user_agent,
        "created_at": _iso(c.created_at),
        "edited_at": _iso(c.edited_at),
    }


class PrivacyService:
    def __init__(self, store: Store, settings: Settings) -> None:
        self.store = store
        self.settings = settings

    async def export(self, email: str) -> dict[str, list[dict[str, Any]]]:
        """Everything stored about the author of ``email``, as JSON-ready records: the comments, and
        every other record their fields sit in (an access request must be answered in full)."""
        email = email.strip()
        records = await self.store.export_records(email)
        return {
            "comments": [_comment_record(c, t) for c, t in await self.store.export_commenter(email)],
            "spam_checks": [
                {
                    "guid": c.guid,
                    "site_id": c.site_id,
                    "comment_id": c.comment_id,
                    "fields": dict(c.payload),
                    "score": c.score,
                    "decision": c.decision.value,
                    "checked_at": _iso(c.created_at),
                }
                for c in records.checks
            ],
            "learning_events": [
                {
                    "site_id": e.site_id,
                    "comment_id": e.comment_id,
                    "fields": dict(e.payload),
                    "taught": "spam" if e.is_spam else "not spam",
                    "source": e.source,
                    "at": _iso(e.created_at),
                    "undone_at": _iso(e.undone_at),
                }
                for e in records.events
            ],
            "reply_subscriptions": [
                {
                    "comment_id": s.comment_id,
                    "asked_at": _iso(s.created_at),
                    "confirmed_at": _iso(s.confirmed_at),
                    "language": s.language,
                }
                for s in records.subscriptions
            ],
            "mail": [
                {
                    "kind": m.kind.value,
                    "comment_id": m.comment_id,
                    "state": m.state.value,
                    "queued_at": _iso(m.created_at),
                    "sent_at": _iso(m.sent_at),
                }
                for m in records.mail
            ],
        }

    async def erase(self, email: str) -> int:
        """Erase the commenter's comments' personal fields and every e-mail record to them."""
        await self.store.forget_mail_to(email.strip())
        return await self.store.erase_commenter(email.strip())

    async def purge(self, now: datetime | None = None) -> PurgeReport:
        """Apply every retention rule once: spam and deleted after 30 days, each site's own
        retention for the rest, recorded spam checks after ``check_retention_days``, and the IP
        networks (of comments, and inside learning events) after ``ip_retention_days``."""
        now = now or datetime.now(UTC)
        junk = await self.store.purge(
            (CommentStatus.SPAM, CommentStatus.DELETED), now - timedelta(days=SPAM_RETENTION_DAYS)
        )
        expired = 0
        for site in await self.store.list_sites():
            days = site.settings.retention_days
            if days > 0:
                expired += await self.store.purge(
                    (CommentStatus.APPROVED, CommentStatus.PENDING),
                    now - timedelta(days=days),
                    site_id=site.id,
                )
        ip_cutoff = now - timedelta(days=self.settings.ip_retention_days)
        ips = await self.store.minimise_ips(ip_cutoff)
        checks = await self.store.purge_checks(now - timedelta(days=self.settings.check_retention_days))
        learning = await self.store.minimise_learning_payloads(ip_cutoff)
        mail = await self.store.purge_mail(now - timedelta(days=MAIL_RETENTION_DAYS))
        reactions = await self.store.purge_reactions(ip_cutoff)  # their key is made from the IP
        return PurgeReport(
            spam_and_deleted=junk,
            expired=expired,
            ips_erased=ips,
            checks=checks,
            learning_minimised=learning,
            mail=mail,
            reactions=reactions,
        )
