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
class ImportedComment:
    """A comment brought over from another system (WordPress, Disqus): what an import knows that a
    new comment does not. Its ``comment.thread_id`` and ``comment.parent_id`` are ignored: storage
    puts it in the thread it is given and finds its parent by ``parent_key``, because the parent's
    id is only known once the parent itself is stored."""

    comment: NewComment
    created_at: datetime  # the source's time, so the thread keeps its order and the dates stay true
    key: str  # the source's id for the comment, unique within one import
    parent_key: str | None = None
    text_hash: str = ""  # for duplicate detection, as the comment service computes it


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
