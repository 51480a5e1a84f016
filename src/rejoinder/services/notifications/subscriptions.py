"""Readers' "e-mail me replies to my comment", and the link in every such e-mail that ends it.

Subscribing is a request of its own, made by the widget just after the comment is posted and
proved by the comment's edit token: the post itself stays as it was, and a reader who never
ticks the box never has their address used for anything but the moderator's eyes. The
unsubscribe link carries a signed comment id and never expires: an old e-mail's link must still
work. It needs no login and no cookie. Before the first reply is sent to an address, the
address confirms by a link of its own (double opt-in).
"""

from __future__ import annotations

from rejoinder.domain import MailKind, OutgoingMail
from rejoinder.errors import Conflict
from rejoinder.i18n import LANGUAGES, msg
from rejoinder.services.comments import authored_comment
from rejoinder.services.notifications.delivery import queue_published_replies
from rejoinder.services.notifications.links import MailLinks
from rejoinder.services.notifications.planning import replies_offered
from rejoinder.services.placing import place
from rejoinder.services.tokens import Tokens
from rejoinder.settings import Settings
from rejoinder.storage import Store


class ReplySubscriptions:
    def __init__(self, store: Store, settings: Settings) -> None:
        self.store = store
        self.settings = settings
        self.tokens = Tokens(settings.secret_key)
        self.links = MailLinks(settings)

    async def subscribe(self, comment_id: int, edit_token: str, language: str = "") -> bool:
        """Start e-mailing the comment's author its replies; the edit token proves authorship.

        Returns whether the subscription is confirmed. An address that has not confirmed one on
        this site before is first sent a confirmation e-mail, and nothing else until it answers:
        the edit token proves who wrote the comment, not who owns the address typed into it.
        ``language`` is the reader's (the subscribing request's): the confirmation, the replies
        and the pages of their links speak it; one we do not translate into is kept as not known."""
        comment = await authored_comment(self.store, self.tokens, comment_id, edit_token)
        if not comment.author_email:
            raise Conflict(msg("The comment has no e-mail address to send replies to."), field="author_email")
        site = (await place(self.store, comment)).site
        if not replies_offered(site, self.settings):
            raise Conflict(msg("This site does not send reply notifications."))
        known = await self.store.address_confirmed(site.id, comment.author_email)
        spoken = language if language in LANGUAGES else ""
        confirmed = await self.store.subscribe_replies(comment_id, confirmed=known, language=spoken)
        if not confirmed:
            await self.store.queue_mail(
                [OutgoingMail(site.id, MailKind.CONFIRM, comment_id, comment.author_email)]
            )
        return confirmed

    async def confirm_with_link(self, token: str) -> bool:
        """Confirm what an e-mail's link names; ``False`` if the subscription has since ended.

        Replies published while the address was unconfirmed were passed over by planning (nobody
        was to be mailed yet); they are queued now, so confirming late loses none of them."""
        comment_id = self.links.confirming(token)
        if not await self.store.confirm_replies(comment_id):
            return False
        comment = await self.store.get_comment(comment_id)
        thread = await self.store.list_thread_comments(comment.thread_id)
        waiting = [c for c in thread if c.parent_id == comment_id]
        await queue_published_replies(self.store, self.settings, waiting)
        return True

    async def language(self, comment_id: int) -> str:
        """The language the comment's subscription was made in; "" if not known or none."""
        return await self.store.subscription_language(comment_id)

    async def unsubscribe_with_edit_token(self, comment_id: int, edit_token: str) -> bool:
        await authored_comment(self.store, self.tokens, comment_id, edit_token)
        return await self.store.unsubscribe_replies(comment_id)

    async def unsubscribe_with_link(self, token: str) -> bool:
        """End what an e-mail's link names; ``False`` if it had already ended (no error: a second
        click, or a mail scanner's, must not alarm anyone)."""
        return await self.store.unsubscribe_replies(self.links.unsubscribing(token))
