"""Who is told of a comment: the rules, kept apart from the loop and the database.

- The site's moderator address hears of held comments (or of every new one, if asked);
  never of spam: the filter already dealt with it.
- A commenter who ticked "e-mail me replies" hears of each *published* reply to that comment:
  a held reply is mailed only once a moderator approves it, and spam never (Waline #857 is
  the bug this avoids). Nobody is mailed about their own reply.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from rejoinder.domain import Comment, CommentStatus, MailKind, ModeratorMail, OutgoingMail, Site, SiteSettings
from rejoinder.settings import Settings


def moderator_mail_on(s: SiteSettings) -> bool:
    """The site has a moderator address and wants mail at it."""
    return bool(s.moderator_email) and s.moderator_mail is not ModeratorMail.OFF


def replies_offered(site: Site, settings: Settings) -> bool:
    """Readers may ask for reply e-mails: the site offers them, a mail server is set, and the
    server knows its public address (every reply e-mail carries an unsubscribe link to it)."""
    return site.settings.reply_notifications and settings.mail_enabled and bool(settings.public_url)


def moderator_mails(site: Site, new: Iterable[Comment]) -> list[OutgoingMail]:
    """What the site's moderator is sent about these newly written comments."""
    s = site.settings
    if not moderator_mail_on(s):
        return []
    wanted = (
        {CommentStatus.PENDING}
        if s.moderator_mail is ModeratorMail.HELD
        else {
            CommentStatus.PENDING,
            CommentStatus.APPROVED,
        }
    )
    return [
        OutgoingMail(site.id, MailKind.MODERATOR, c.id, s.moderator_email) for c in new if c.status in wanted
    ]


def reply_mails(
    site: Site, settings: Settings, published: Iterable[Comment], recipients: Mapping[int, str]
) -> list[OutgoingMail]:
    """What subscribed parents' authors are sent about these published replies.

    ``recipients`` maps a subscribed parent comment's id to its author's address."""
    if not replies_offered(site, settings):
        return []
    mails = []
    for reply in published:
        to = recipients.get(reply.parent_id or 0, "")
        if reply.status is CommentStatus.APPROVED and to and to.casefold() != reply.author_email.casefold():
            mails.append(OutgoingMail(site.id, MailKind.REPLY, reply.id, to))
    return mails


def parents_of(comments: Iterable[Comment]) -> list[int]:
    return sorted({c.parent_id for c in comments if c.parent_id is not None})
