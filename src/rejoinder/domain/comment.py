"""A reader's comment, from the form to the database and back."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from rejoinder.domain.verdict import Decision, Reason


class CommentStatus(StrEnum):
    """Where a stored comment stands. ``discard`` verdicts are never stored, so they have no status."""

    APPROVED = "approved"
    PENDING = "pending"
    SPAM = "spam"
    DELETED = "deleted"


@dataclass(frozen=True, slots=True)
class NewComment:
    """What the service hands to storage to insert: everything but the id and the times."""

    thread_id: int
    parent_id: int | None
    author_name: str
    author_email: str  # private: never returned by a public endpoint
    author_url: str
    text: str  # the Markdown source
    html: str  # the sanitised HTML rendered from ``text``
    status: CommentStatus
    score: float
    decision: Decision
    reasons: tuple[Reason, ...] = ()
    ip: str = ""  # already minimised (IPv4 /24, IPv6 /48) by the service
    user_agent: str = ""


@dataclass(frozen=True, slots=True)
class Comment:
    id: int
    thread_id: int
    parent_id: int | None
    author_name: str
    author_email: str
    author_url: str
    text: str
    html: str
    status: CommentStatus
    score: float
    decision: Decision
    reasons: tuple[Reason, ...] = field(default_factory=tuple)
    ip: str = ""
    user_agent: str = ""
    created_at: datetime | None = None
    edited_at: datetime | None = None
    likes: int = 0
