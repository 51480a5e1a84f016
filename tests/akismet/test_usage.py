"""Batched usage counts: nothing lost between processes, flushed on close, one row per tally."""

from __future__ import annotations

from rejoinder.services.akismet_usage import Tally, UsageCounter, current_month, period
from rejoinder.storage import Store


def test_period_labels_fit_the_seven_character_month_column() -> None:
    assert period(Tally.CALLS, "2026-11") == "2026-11"
    assert [period(t, "2026-11") for t in Tally if t is not Tally.CALLS] == [
        "s202611",
        "h202611",
        "m202611",
        "f202611",
    ]


async def test_counts_from_two_processes_add_up_and_close_flushes(store: Store) -> None:
    first, second = UsageCounter(store), UsageCounter(store)
    for _ in range(3):
        first.add("abcdefabcdef", Tally.SPAM)
    second.add("abcdefabcdef", Tally.HAM)
    second.add("abcdefabcdef")
    await second.close()  # a worker stopping writes what it holds
    totals = await first.totals("abcdefabcdef", current_month())
    assert totals == {
        Tally.CALLS: 5,
        Tally.SPAM: 3,
        Tally.HAM: 1,
        Tally.MISSED_SPAM: 0,
        Tally.FALSE_POSITIVES: 0,
    }
    assert (await UsageCounter(store).totals("abcdefabcdef", "2020-01"))[Tally.CALLS] == 0
    await first.close()
