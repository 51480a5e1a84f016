"""E-mail notifications as data: what kind of message, to whom, about which comment, and how far along."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class MailKind(StrEnum):
    REPLY = "reply"  # to a commenter who asked to be told of replies to their comment
    MODERATOR = "moderator"  # to the site's moderator address: a comment is held (or new)
    CONFIRM = "confirm"  # to a commenter who ticked "Email me replies": is this really you?


class MailState(StrEnum):
    QUEUED = "queued"  # waiting for its first or next try
    SENT = "sent"
    FAILED = "failed"  # given up after repeated failures
    SKIPPED = "skipped"  # no longer due: the comment was removed, the reader unsubscribed, a cap


@dataclass(frozen=True, slots=True)
class OutgoingMail:
    """A message to queue: the outbox keeps one per (kind, comment, recipient)."""

    site_id: int
    kind: MailKind
    comment_id: int
    recipient: str


@dataclass(frozen=True, slots=True)
class QueuedMail:
    """A message taken from the outbox to send now (its lease is held)."""

    id: int
    site_id: int
    kind: MailKind
    comment_id: int
    recipient: str
    attempts: int
