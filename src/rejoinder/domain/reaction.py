"""What readers do to a comment besides answering it: like it, or report it to the moderators."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class ReactionKind(StrEnum):
    LIKE = "like"
    REPORT = "report"
    DISMISSED = "dismissed"  # a report a moderator has answered: that reader cannot report it again


class ReportReason(StrEnum):
    """Why a reader reports a comment; the moderator sees the count of each."""

    SPAM = "spam"
    ABUSE = "abuse"  # insults, harassment, hate
    OFF_TOPIC = "off_topic"
    OTHER = "other"

    @property
    def label(self) -> str:
        """The words a moderator reads, the same in the dashboard and in the e-mail."""
        return _REASON_LABELS[self]


_REASON_LABELS = {
    ReportReason.SPAM: "spam",
    ReportReason.ABUSE: "abusive",
    ReportReason.OFF_TOPIC: "off topic",
    ReportReason.OTHER: "other",
}


@dataclass(frozen=True, slots=True)
class Reaction:
    """One reader's like or report of one comment.

    ``voter`` is a keyed hash of the reader's address on this site, never the address: it only
    makes "one like per reader" hold, and nobody can read an IP back out of it."""

    comment_id: int
    kind: ReactionKind
    voter: str
    reason: ReportReason | None = None


@dataclass(frozen=True, slots=True)
class ReactionTally:
    """A comment's counts after a reaction was added or withdrawn."""

    comment_id: int
    likes: int
    reports: int
    changed: bool  # False when the reader had already done (or undone) just this


@dataclass(frozen=True, slots=True)
class Reports:
    """The reports of one comment, as a moderator sees them: how many, and why."""

    comment_id: int
    by_reason: dict[ReportReason, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.by_reason.values())
