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
    CommentStatus,
    MailKind,
    OutgoingMail,
    Reaction,
    ReactionKind,
    ReactionTally,
    ReportReason,
)
from rejoinder.errors import Conflict, NotFound
from rejoinder.i18n import msg, translatable
from rejoinder.services.notifications.planning import moderator_mail_on
from rejoinder.services.placing import Placed, place_id
from rejoinder.services.rate_limit import Limit, SharedLimiter
from rejoinder.settings import Settings
from rejoinder.storage import Store

REACTIONS_PER_MINUTE = 30
READERS = "readers"  # the audit log's actor when reports hold a comment
REACTION_LIMIT = Limit(
    "reaction-ip",
    REACTIONS_PER_MINUTE,
    60,
    translatable("Too many likes and reports from your address: wait {retry_after} s and try again."),
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

    async def target(self, comment_id: int) -> Placed:
        """The comment (whatever its status) and its site; ``NotFound`` if there is no such comment.

        Read once per request, so that the web layer checks the origin against the site and the
        service acts on the same rows."""
        return await place_id(self.store, comment_id)

    async def like(self, target: Placed, ip: str) -> ReactionTally:
        _likeable(target)
        await self.limiter.hit((REACTION_LIMIT, ip))
        return await self.store.add_reaction(self._reaction(target, ReactionKind.LIKE, ip))

    async def unlike(self, target: Placed, ip: str) -> ReactionTally:
        _likeable(target)
        await self.limiter.hit((REACTION_LIMIT, ip))
        return await self.store.remove_reaction(self._reaction(target, ReactionKind.LIKE, ip))

    async def report(self, target: Placed, ip: str, reason: ReportReason) -> bool:
        """Record the reader's report; ``True`` if it was the one that held the comment.

        A comment already out of sight (held by earlier reports, say, while this reader's page
        still showed it) is thanked for and not recorded: there is nothing left to ask for."""
        await self.limiter.hit((REACTION_LIMIT, ip))
        comment, site = target.comment, target.site
        if comment.status is not CommentStatus.APPROVED:
            return False
        tally = await self.store.add_reaction(self._reaction(target, ReactionKind.REPORT, ip, reason))
        enough = site.settings.reports_to_hold
        if not (tally.changed and enough > 0 and tally.reports >= enough):
            return False
        if not await self.store.hold_reported(comment.id, enough):
            return False  # a moderator decided in the meantime, or another report held it first
        detail = json.dumps({"previous": {str(comment.id): comment.status.value}, "reports": tally.reports})
        await self.store.add_audit(READERS, "hold", f"comment {comment.id}", detail)
        if self.settings.mail_enabled and moderator_mail_on(site.settings):  # it is held: say so
            mail = OutgoingMail(site.id, MailKind.MODERATOR, comment.id, site.settings.moderator_email)
            await self.store.queue_mail([mail])
        return True

    def _reaction(
        self, target: Placed, kind: ReactionKind, ip: str, reason: ReportReason | None = None
    ) -> Reaction:
        voter = voter_of(self.settings.secret_key, target.site.id, ip)
        return Reaction(target.comment.id, kind, voter, reason)


def _likeable(target: Placed) -> None:
    """Readers like only what they can see: a held, spam or deleted comment is "not found"
    (saying more would tell a stranger that a hidden comment exists)."""
    comment = target.comment
    if comment.status is not CommentStatus.APPROVED:
        raise NotFound(f"no comment with id {comment.id}", field="comment_id")
    if not target.site.settings.likes:
        raise Conflict(msg("This site does not take likes."))
