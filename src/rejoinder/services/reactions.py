"""Readers' likes and reports of published comments.

A like is one per reader and comment, and can be taken back; it feeds the "best" sort. A report
asks the moderators to look: once ``reports_to_hold`` readers have reported a published comment
it is held (status pending) until a moderator approves it again, which dismisses its reports (the
same readers cannot report it again; new readers can), and
the site's moderator address is told, as of any held comment (once per comment and address). A
handful of readers can thus take a comment out of sight quickly on a busy news site, and a
moderator's judgement always has the last word.

Readers are told apart by a keyed hash of their address on the site (``voter_of``): no account,
no cookie, and nothing stored from which the address could be read back. Each address may react
``REACTIONS_PER_MINUTE`` times a minute, counted across server processes like comment posts.
"""

from __future__ import annotations

import hashlib
import hmac
import json

from rejoinder.domain import (
    Comment,
    CommentStatus,
    MailKind,
    OutgoingMail,
    Reaction,
    ReactionKind,
    ReactionTally,
    ReportReason,
    Site,
)
from rejoinder.errors import Conflict, NotFound
from rejoinder.services.notifications.planning import moderator_mail_on
from rejoinder.services.rate_limit import Limit, SharedLimiter
from rejoinder.settings import Settings
from rejoinder.storage import Store

REACTIONS_PER_MINUTE = 30
READERS = "readers"  # the audit log's actor when reports hold a comment
REACTION_LIMIT = Limit(
    "reaction-ip",
    REACTIONS_PER_MINUTE,
    60,
    "Too many likes and reports from your address: wait {retry_after} s and try again.",
)


def voter_of(secret: str, site_id: int, ip: str) -> str:
    """The reader's stored identity: an HMAC of their address, per site (so no one can tell that
    two sites' readers are the same address), 32 hex digits."""
    message = f"reaction\x00{site_id}\x00{ip}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()[:32]


class Reactions:
    def __init__(self, store: Store, settings: Settings) -> None:
        self.store = store
        self.settings = settings
        self.limiter = SharedLimiter(store, settings.secret_key)

    async def site_of(self, comment_id: int) -> int:
        """The site a comment belongs to (for the origin check before acting)."""
        return (await self._site_of(await self.store.get_comment(comment_id))).id

    async def like(self, comment_id: int, ip: str) -> ReactionTally:
        comment, site = await self._liked_on(comment_id)
        await self.limiter.hit((REACTION_LIMIT, ip))
        return await self.store.add_reaction(self._reaction(site, comment, ReactionKind.LIKE, ip))

    async def unlike(self, comment_id: int, ip: str) -> ReactionTally:
        comment, site = await self._liked_on(comment_id)
        await self.limiter.hit((REACTION_LIMIT, ip))
        return await self.store.remove_reaction(self._reaction(site, comment, ReactionKind.LIKE, ip))

    async def report(self, comment_id: int, ip: str, reason: ReportReason) -> bool:
        """Record the reader's report; ``True`` if it was the one that held the comment.

        A comment already out of sight (held by earlier reports, say, while this reader's page
        still showed it) is thanked for and not recorded: there is nothing left to ask for."""
        await self.limiter.hit((REACTION_LIMIT, ip))
        comment = await self.store.get_comment(comment_id)
        if comment.status is not CommentStatus.APPROVED:
            return False
        site = await self._site_of(comment)
        tally = await self.store.add_reaction(self._reaction(site, comment, ReactionKind.REPORT, ip, reason))
        enough = site.settings.reports_to_hold
        if not (tally.changed and enough > 0 and tally.reports >= enough):
            return False
        await self.store.set_comment_status(comment.id, CommentStatus.PENDING)
        detail = json.dumps({"previous": {str(comment.id): comment.status.value}, "reports": tally.reports})
        await self.store.add_audit(READERS, "hold", f"comment {comment.id}", detail)
        if self.settings.mail_enabled and moderator_mail_on(site.settings):  # it is held: say so
            mail = OutgoingMail(site.id, MailKind.MODERATOR, comment.id, site.settings.moderator_email)
            await self.store.queue_mail([mail])
        return True

    def _reaction(
        self,
        site: Site,
        comment: Comment,
        kind: ReactionKind,
        ip: str,
        reason: ReportReason | None = None,
    ) -> Reaction:
        return Reaction(comment.id, kind, voter_of(self.settings.secret_key, site.id, ip), reason)

    async def _liked_on(self, comment_id: int) -> tuple[Comment, Site]:
        comment, site = await self._published(comment_id)
        if not site.settings.likes:
            raise Conflict("This site does not take likes.")
        return comment, site

    async def _published(self, comment_id: int) -> tuple[Comment, Site]:
        """Readers react only to what they can see: a held, spam or deleted comment is "not found"
        (saying more would tell a stranger that a hidden comment exists)."""
        comment = await self.store.get_comment(comment_id)
        if comment.status is not CommentStatus.APPROVED:
            raise NotFound(f"no comment with id {comment_id}", field="comment_id")
        return comment, await self._site_of(comment)

    async def _site_of(self, comment: Comment) -> Site:
        thread = await self.store.get_thread_by_id(comment.thread_id)
        return await self.store.get_site(thread.site_id)
