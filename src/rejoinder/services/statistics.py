"""How the filter is doing, day by day: comments by decision, spam caught, and the mistakes
moderators found.

The engine's decisions are counted over the recorded checks (``Store.daily_counts``: comments
posted here and Akismet calls alike, discarded ones included, test traffic left out). A
moderator's correction is a learning event: approving a held comment is a false positive;
marking one the engine had published is missed spam; marking a held one as spam confirms the
engine and is neither. The filter's precision on a day is ``(held - false positives) / held``:
of what it held, how much was really spam. Undone corrections do not count.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from rejoinder.domain import Decision
from rejoinder.errors import NotFound
from rejoinder.storage.base import LearningEvent, Store

HELD = (Decision.PENDING, Decision.SPAM, Decision.DISCARD)


@dataclass(frozen=True, slots=True)
class DayStats:
    day: str  # "2026-11-28"
    by_decision: dict[Decision, int] = field(default_factory=dict)
    false_positives: int = 0
    missed_spam: int = 0

    @property
    def total(self) -> int:
        return sum(self.by_decision.values())

    @property
    def held(self) -> int:
        return sum(self.by_decision.get(d, 0) for d in HELD)

    @property
    def precision(self) -> float | None:
        """None on a day the filter held nothing: no precision to speak of."""
        if not self.held:
            return None
        return max(0.0, (self.held - self.false_positives) / self.held)


@dataclass(frozen=True, slots=True)
class Statistics:
    days: tuple[DayStats, ...]

    @property
    def comments(self) -> int:
        """Comments checked in the period, whatever the decision."""
        return sum(d.total for d in self.days)

    @property
    def spam_caught(self) -> int:
        """Comments the engine held that no moderator let through."""
        return max(0, sum(d.held for d in self.days) - self.false_positives)

    @property
    def false_positives(self) -> int:
        return sum(d.false_positives for d in self.days)

    @property
    def missed_spam(self) -> int:
        return sum(d.missed_spam for d in self.days)

    @property
    def precision(self) -> float | None:
        held = sum(d.held for d in self.days)
        return None if not held else max(0.0, (held - self.false_positives) / held)


class StatisticsService:
    def __init__(self, store: Store, clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self.store = store
        self._clock = clock

    async def daily(self, site_id: int | None, days: int = 30) -> Statistics:
        """The last ``days`` days, today included, every day present even when empty."""
        days = max(1, min(days, 366))
        today = self._clock().astimezone(UTC).date()
        first = today - timedelta(days=days - 1)
        since = datetime(first.year, first.month, first.day, tzinfo=UTC)
        counts: dict[str, dict[Decision, int]] = {_day(first, i): {} for i in range(days)}
        for row in await self.store.daily_counts(site_id, since):
            if row.day in counts:
                counts[row.day][row.decision] = counts[row.day].get(row.decision, 0) + row.count
        fps = dict.fromkeys(counts, 0)
        missed = dict.fromkeys(counts, 0)
        site_ids = [site_id] if site_id is not None else [s.id for s in await self.store.list_sites()]
        for sid in site_ids:
            for event in await self.store.learning_events(sid):
                if event.undone_at is not None or event.created_at is None:
                    continue
                day = event.created_at.astimezone(UTC).date().isoformat()
                if day not in counts:
                    continue
                if not event.is_spam:
                    fps[day] += 1
                elif await self._was_published(event):
                    missed[day] += 1
        return Statistics(tuple(DayStats(d, counts[d], fps[d], missed[d]) for d in counts))

    async def _was_published(self, event: LearningEvent) -> bool:
        """A spam mark is missed spam only if the engine had let the comment through. Marking a
        held comment as spam confirms the engine; an Akismet submit-spam names a miss by itself."""
        if event.comment_id is None:
            return True
        try:
            comment = await self.store.get_comment(event.comment_id)
        except NotFound:
            return True
        return comment.decision is Decision.HAM


def _day(first: date, offset: int) -> str:
    return (first + timedelta(days=offset)).isoformat()
