"""Who is told of a comment: the rules, kept apart from the loop and the database.

- The site's moderator address hears of held comments (or of every new one, if asked);
  never of spam: the filter already dealt with it.
- A commenter who ticked "e-mail me replies" hears of each *published* reply to that comment:
  a held reply is mailed only once a moderator approves it, and spam never (Waline #857 is
  the bug this avoids). Nobody is mailed about their own reply.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from rejoinder.domain import Comment, CommentStatus, MailKind, ModeratorMail, OutgoingMail, Site


def moderator_mails(site: Site, new: Iterable[Comment]) -> list[OutgoingMail]:
    """What the site's moderator is sent about these newly written comments."""
    s = site.settings
    if not s.moderator_email or s.moderator_mail is ModeratorMail.OFF:
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
    site: Site, published: Iterable[Comment], recipients: Mapping[int, str]
) -> list[OutgoingMail]:
    """What subscribed parents' authors are sent about these published replies.

    ``recipients`` maps a subscribed parent comment's id to its author's address."""
    if not site.settings.reply_notifications:
        return []
    mails = []
    for reply in published:
        to = recipients.get(reply.parent_id or 0, "")
        if reply.status is CommentStatus.APPROVED and to and to.casefold() != reply.author_email.casefold():
            mails.append(OutgoingMail(site.id, MailKind.REPLY, reply.id, to))
    return mails


def parents_of(comments: Iterable[Comment]) -> list[int]:
    return sorted({c.parent_id for c in comments if c.parent_id is not None})
