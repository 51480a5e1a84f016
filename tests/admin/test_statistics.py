"""Statistics from real rows (both backends) and the SVG charts drawn from them."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from rejoinder.domain import CommentStatus, Decision, NewComment
from rejoinder.services.statistics import DayStats, StatisticsService
from rejoinder.storage import Store
from rejoinder.storage.base import SpamCheckRecord
from rejoinder.web.admin import charts


async def test_daily_counts_corrections_and_precision(store: Store) -> None:
    site = await store.create_site("Planet", "https://planet.example")
    n = 0
    for decision, count in (
        (Decision.HAM, 3),
        (Decision.PENDING, 2),
        (Decision.SPAM, 1),
        (Decision.DISCARD, 1),
    ):
        for _ in range(count):
            n += 1
            record = SpamCheckRecord(
                f"guid-{n}", site.id, None, None, {"comment_content": "x"}, 0.5, decision
            )
            await store.record_check(record)
    test_traffic = SpamCheckRecord("guid-test", site.id, None, None, {}, 0.9, Decision.SPAM, is_test=True)
    await store.record_check(test_traffic)  # is_test: never counts
    # a moderator approves one held comment (false positive) and marks one published (missed spam);
    # a third correction is undone and must not count
    await store.add_learning_event(site.id, {"comment_content": "x"}, False, "dashboard", actor="mo")
    await store.add_learning_event(site.id, {"comment_content": "y"}, True, "dashboard", actor="mo")
    thread = await store.get_or_create_thread(site.id, "/a")
    for decision in (Decision.HAM, Decision.PENDING):  # marked spam: a miss only if it was published
        status = CommentStatus.SPAM
        new = NewComment(thread.id, None, "A", "", "", str(decision), "<p>x</p>", status, 0.5, decision)
        comment = await store.insert_comment(new)
        await store.add_learning_event(site.id, {}, True, "dashboard", comment_id=comment.id, actor="mo")
    undone = await store.add_learning_event(site.id, {"comment_content": "z"}, False, "akismet")
    await store.undo_learning_event(undone.id)

    stats = await StatisticsService(store).daily(site.id, days=7)
    assert len(stats.days) == 7
    assert stats.days[-1].day == datetime.now(UTC).date().isoformat()
    today = stats.days[-1]
    assert today.by_decision == {Decision.HAM: 3, Decision.PENDING: 2, Decision.SPAM: 1, Decision.DISCARD: 1}
    assert (today.held, today.false_positives, today.missed_spam) == (4, 1, 2)
    assert today.precision == 0.75
    assert stats.spam_caught == 3
    assert stats.precision == 0.75
    assert stats.comments == 7
    assert all(d.precision is None for d in stats.days[:-1])  # nothing held: no precision to speak of

    everywhere = await StatisticsService(store).daily(None, days=7)
    assert everywhere.days[-1] == today


def test_stacked_bars_draw_one_segment_per_nonzero_value_and_escape_text() -> None:
    labels = ["2026-11-27", "2026-11-28"]
    svg = charts.stacked_bars(
        "<Per day>",
        labels,
        [charts.Series("ham & co", "c-ham", [2, 0]), charts.Series("spam", "c-spam", [1, 3])],
    )
    assert len(re.findall(r'<rect class="c-[a-z]+" x=', svg)) == 3
    assert "&lt;Per day&gt;" in svg
    assert "<Per day>" not in svg
    assert "2026-11-27: 2 ham &amp; co" in svg
    heights = [
        float(h)
        for h in re.findall(r'<rect class="[^"]+" x="[^"]+" y="[^"]+" width="[^"]+" height="([^"]+)"', svg)
    ]
    assert max(heights) > min(heights) > 0


def test_a_line_breaks_where_there_is_no_value() -> None:
    days = [DayStats("2026-11-2" + str(i)) for i in range(5)]
    svg = charts.line(
        "Precision", [d.day for d in days], [charts.Series("precision", "c-p", [0.9, 1.0, None, 0.5, 0.6])]
    )
    assert svg.count("<circle") == 4
    assert svg.count("<polyline") == 2
    assert "90%" in svg
