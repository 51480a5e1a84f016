"""Batched usage counts: nothing lost between processes, flushed on close, one row per tally."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from rejoinder.services import akismet_usage
from rejoinder.services.akismet_usage import Tally, UsageCounter, current_month, period
from rejoinder.storage import Store, open_store


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


async def test_a_close_while_a_flush_waits_for_the_write_lock_loses_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker stopping while another process holds SQLite's write lock: the flush under way
    must finish (not be cancelled half-way, which lost its counts and left its BEGIN to run on a
    connection already back in the pool), and every later write must still work."""
    path = tmp_path / "usage.db"
    store = await open_store(f"sqlite:///{path}")
    await store.migrate()
    monkeypatch.setattr(akismet_usage, "FLUSH_SECONDS", 0.01)
    counter = UsageCounter(store)
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")  # another process is writing
    try:
        counter.add("abcdefabcdef", Tally.SPAM)
        await asyncio.sleep(0.3)  # the timer's flush now waits for the lock (busy timeout)
        closing = asyncio.create_task(counter.close())
        await asyncio.sleep(0.3)
        assert not closing.done()
    finally:
        blocker.execute("COMMIT")
        blocker.close()
    await asyncio.wait_for(closing, 10)
    totals = await UsageCounter(store).totals("abcdefabcdef", current_month())
    assert (totals[Tally.CALLS], totals[Tally.SPAM]) == (1, 1)
    for _ in range(3):  # no pooled connection was left inside a transaction
        await store.count_key_usage("abcdefabcdef", current_month(), add=1)
    assert await store.count_key_usage("abcdefabcdef", current_month(), add=0) == 4
    await store.close()


def test_the_current_month_turns_with_the_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """The label is kept between calls, but never past the month's last second (UTC)."""
    clock = [datetime(2026, 12, 31, 23, 59, 59, tzinfo=UTC).timestamp()]
    monkeypatch.setattr(akismet_usage.time, "time", lambda: clock[0])
    monkeypatch.setattr(akismet_usage, "_month", ("", 0.0))
    assert akismet_usage.current_month() == "2026-12"
    clock[0] += 1
    assert akismet_usage.current_month() == "2027-01"
    clock[0] += 40 * 86400
    assert akismet_usage.current_month() == "2027-02"
    assert akismet_usage.current_month(datetime(2025, 3, 9, tzinfo=UTC)) == "2025-03"
