"""The links sent by e-mail: a reader's (confirm, unsubscribe) and a moderator's (approve, spam).

Each is a signed payload under its own salt, so one kind can never pass for another, and each
page that reads one asks before it acts (``web.api.mail_pages``)."""

from __future__ import annotations

from dataclasses import dataclass

from itsdangerous import BadSignature, SignatureExpired, URLSafeSerializer, URLSafeTimedSerializer

from rejoinder.errors import Forbidden
from rejoinder.i18n import msg
from rejoinder.settings import Settings

MODERATION_LINK_DAYS = 7
LINK_ACTIONS = ("approve", "spam")  # what a moderator's e-mail offers (ModerationService's words)


@dataclass(frozen=True, slots=True)
class ModerationLink:
    comment_id: int
    action: str
    moderator_email: str  # the address the link was sent to: it must still be the site's


class MailLinks:
    """The links sent by e-mail, each a signed payload under its own salt, so one kind can never
    pass for another.

    - A reader's two (confirm the subscription, end it) carry a comment id and never expire: an
      old e-mail's link must still work.
    - A moderator's (approve, mark as spam) carry the comment id, the action and the address the
      mail went to, and expire after ``MODERATION_LINK_DAYS``: they act without a login, so they
      stop working when the site's moderator address changes, and a week after they were sent.
    """

    def __init__(self, settings: Settings) -> None:
        self._unsubscribe = URLSafeSerializer(settings.secret_key, salt="rejoinder.unsubscribe")
        self._confirm = URLSafeSerializer(settings.secret_key, salt="rejoinder.confirm-replies")
        self._moderate = URLSafeTimedSerializer(settings.secret_key, salt="rejoinder.moderate-link")
        self._base = settings.public_url.rstrip("/")

    def moderate_url(self, comment_id: int, action: str, moderator_email: str) -> str:
        token = self._moderate.dumps({"c": comment_id, "a": action, "m": moderator_email})
        return f"{self._base}/mail/moderate?t={token}"

    def moderating(self, token: str) -> ModerationLink:
        """What a moderator's link asks for, or ``Forbidden`` (forged, damaged or expired)."""
        try:
            value = self._moderate.loads(token, max_age=MODERATION_LINK_DAYS * 86400)
        except SignatureExpired:
            raise Forbidden("This link has expired: moderate the comment in the dashboard.") from None
        except BadSignature:
            value = None
        if not (
            isinstance(value, dict) and isinstance(value.get("c"), int) and value.get("a") in LINK_ACTIONS
        ):
            raise Forbidden("This link is not valid: copy the whole link from the e-mail.")
        return ModerationLink(int(value["c"]), str(value["a"]), str(value.get("m", "")))

    def unsubscribe_url(self, comment_id: int) -> str:
        return f"{self._base}/mail/unsubscribe?t={self.unsubscribe_token(comment_id)}"

    def confirm_url(self, comment_id: int) -> str:
        return f"{self._base}/mail/confirm?t={self._confirm.dumps(comment_id)}"

    def unsubscribe_token(self, comment_id: int) -> str:
        return str(self._unsubscribe.dumps(comment_id))

    def confirm_token(self, comment_id: int) -> str:
        return str(self._confirm.dumps(comment_id))

    def unsubscribing(self, token: str) -> int:
        """The comment id an unsubscribe link names, or ``Forbidden``."""
        return _comment_of(self._unsubscribe, token)

    def confirming(self, token: str) -> int:
        """The comment id a confirmation link names, or ``Forbidden``."""
        return _comment_of(self._confirm, token)


def _comment_of(signer: URLSafeSerializer, token: str) -> int:
    try:
        value = signer.loads(token)
    except BadSignature:
        value = None
    if not isinstance(value, int) or isinstance(value, bool):
        raise Forbidden(msg("This link is not valid: copy the whole link from the e-mail."))
    return value
