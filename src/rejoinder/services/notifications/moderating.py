"""Moderating from the e-mail: the "Approve" and "Spam" links of a held comment's notification.

A link acts without a login, so it is narrow: one action on one comment, for a week, and only
while the address it was sent to is still the site's moderator address. Its page shows the
comment and asks before acting (``web.api.mail_pages``); the action is the dashboard's own
(``ModerationService.act``), so it is audited under "e-mail link (address)", can be undone in the
dashboard, and teaches the site's filter exactly as a click there would.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rejoinder.domain import Comment, Site, Thread
from rejoinder.errors import Forbidden, NotFound
from rejoinder.services.notifications.links import MailLinks, ModerationLink
from rejoinder.services.placing import place
from rejoinder.storage import Store

if TYPE_CHECKING:  # moderation imports this package (approved replies queue their mail)
    from rejoinder.services.moderation import ActionResult, ModerationService


@dataclass(frozen=True, slots=True)
class LinkedComment:
    link: ModerationLink
    comment: Comment
    thread: Thread
    site: Site


class LinkModeration:
    def __init__(self, store: Store, moderation: ModerationService, links: MailLinks) -> None:
        self.store = store
        self.moderation = moderation
        self.links = links

    async def read(self, token: str) -> LinkedComment:
        """The comment a link is about, if the link still holds; ``Forbidden`` otherwise."""
        link = self.links.moderating(token)
        try:
            comment = await self.store.get_comment(link.comment_id)
        except NotFound:
            raise NotFound("The comment is gone.") from None
        placed = await place(self.store, comment)
        if not link.moderator_email or link.moderator_email != placed.site.settings.moderator_email:
            raise Forbidden("This link was sent to an address that no longer moderates this site.")
        return LinkedComment(link, comment, placed.thread, placed.site)

    async def act(self, token: str) -> ActionResult:
        linked = await self.read(token)
        actor = f"e-mail link ({linked.link.moderator_email})"
        return await self.moderation.act(actor, linked.link.action, [linked.comment.id])
