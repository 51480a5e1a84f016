"""E-mail notifications: who is told of a new comment (``planning``), the messages
(``messages``), the mail server (``smtp``), the outbox loop (``delivery``), and readers'
reply subscriptions with their unsubscribe links (``subscriptions``)."""

from rejoinder.services.notifications.delivery import MailLoop
from rejoinder.services.notifications.links import MailLinks
from rejoinder.services.notifications.subscriptions import ReplySubscriptions

__all__ = ["MailLinks", "MailLoop", "ReplySubscriptions"]
