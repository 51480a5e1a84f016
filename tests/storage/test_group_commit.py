"""Group commit keeps every caller's promise: committed when it returns, its own error if not."""

from __future__ import annotations

import asyncio
import sqlite3

import pytest

from rejoinder.domain import Decision
from rejoinder.errors import Conflict
from rejoinder.storage import Store
from rejoinder.storage.base import SpamCheckRecord
from rejoinder.storage.group_commit import Gathering, GroupCommit


def check(guid: str, site_id: int) -> SpamCheckRecord:
    return SpamCheckRecord(guid, site_id, "abcdef123456", None, {"n": guid}, 0.2, Decision.HAM)


async def test_concurrent_checks_are_all_recorded(store: Store) -> None:
    site = await store.create_site("News", "https://news.example.com")
    await asyncio.gather(*(store.record_check(check(f"g-{i}", site.id)) for i in range(200)))
    for i in (0, 77, 199):
        found = await store.get_check(f"g-{i}")
        assert found is not None
        assert found.payload == {"n": f"g-{i}"}


async def test_a_duplicate_in_a_batch_fails_only_its_own_caller(store: Store) -> None:
    site = await store.create_site("News", "https://news.example.com")
    await store.record_check(check("taken", site.id))
    outcomes = await asyncio.gather(
        *(store.record_check(check(guid, site.id)) for guid in ("a", "b", "taken", "c", "c")),
        return_exceptions=True,
    )
    assert outcomes[:2] == [None, None]
    assert isinstance(outcomes[2], Conflict)
    assert outcomes[3] is None
    assert isinstance(outcomes[4], Conflict)  # the same guid twice in one batch: the second loses
    for guid in ("a", "b", "c"):
        assert await store.get_check(guid) is not None


async def test_writes_are_batched_while_a_commit_is_in_flight() -> None:
    batches: list[list[int]] = []

    async def write_batch(items: list[int]) -> None:
        batches.append(items)
        await asyncio.sleep(0.01)  # the disk

    async def write_one(item: int) -> None:
        raise AssertionError("no batch failed")

    group: GroupCommit[int] = GroupCommit(write_batch, write_one)
    await asyncio.gather(*(group.submit(i) for i in range(50)))
    assert sorted(i for b in batches for i in b) == list(range(50))
    assert len(batches) < 50
    await group.submit(99)  # a lone caller is written at once, alone
    assert batches[-1] == [99]


async def test_a_cancelled_caller_does_not_break_the_others() -> None:
    written: list[int] = []

    async def write_batch(items: list[int]) -> None:
        await asyncio.sleep(0.01)
        written.extend(items)

    async def write_one(item: int) -> None:
        written.append(item)

    group: GroupCommit[int] = GroupCommit(write_batch, write_one)
    first = asyncio.create_task(group.submit(1))
    await asyncio.sleep(0)
    doomed = asyncio.create_task(group.submit(2))
    survivor = asyncio.create_task(group.submit(3))
    await asyncio.sleep(0)
    doomed.cancel()
    await first
    await survivor
    with pytest.raises(asyncio.CancelledError):
        await doomed
    assert 3 in written


def _recording(batches: list[tuple[float, list[int]]]) -> GroupCommit[int]:
    async def write_batch(items: list[int]) -> None:
        batches.append((asyncio.get_running_loop().time(), items))

    async def write_one(item: int) -> None:
        raise AssertionError("no batch failed")

    return GroupCommit(write_batch, write_one, gathering=Gathering(wait=0.05, busy_window=1.0, full=4))


async def test_a_busy_group_gathers_callers_that_arrive_one_by_one() -> None:
    batches: list[tuple[float, list[int]]] = []
    group = _recording(batches)
    loop = asyncio.get_running_loop()
    started = loop.time()
    await group.submit(0)  # idle: written at once, alone
    assert batches == [(pytest.approx(started, abs=0.03), [0])]

    async def later(item: int, delay: float) -> None:
        await asyncio.sleep(delay)
        await group.submit(item)

    arrived = loop.time()
    await asyncio.gather(later(1, 0), later(2, 0.01), later(3, 0.02))  # busy: one batch, not three
    assert [items for _, items in batches] == [[0], [1, 2, 3]]
    assert batches[1][0] - arrived >= 0.045  # it waited for company


async def test_a_full_gathering_starts_at_once_and_closing_does_not_wait() -> None:
    batches: list[tuple[float, list[int]]] = []
    group = _recording(batches)
    await group.submit(0)
    loop = asyncio.get_running_loop()
    arrived = loop.time()
    await asyncio.gather(*(group.submit(i) for i in range(1, 5)))  # four waiting: ``full``
    assert [items for _, items in batches] == [[0], [1, 2, 3, 4]]
    assert batches[1][0] - arrived < 0.04
    waiting = asyncio.create_task(group.submit(5))
    await asyncio.sleep(0)
    await group.wait_idle()  # the store closes: a gathering batch is written now
    assert batches[-1][1] == [5]
    assert batches[-1][0] - arrived < 0.04
    await waiting


async def test_a_batch_that_gave_up_waiting_for_the_lock_is_not_retried_item_by_item() -> None:
    """SQLite's "database is locked" after the busy timeout is no item's fault: retrying each item
    alone waited the whole timeout once per item (tests/recovery/test_sqlite_locked.py)."""
    tried: list[int] = []

    async def write_batch(items: list[int]) -> None:
        await asyncio.sleep(0.01)
        raise sqlite3.OperationalError("database is locked")

    async def write_one(item: int) -> None:
        tried.append(item)

    group: GroupCommit[int] = GroupCommit(write_batch, write_one)
    outcomes = await asyncio.gather(*(group.submit(i) for i in range(5)), return_exceptions=True)
    assert all(isinstance(o, sqlite3.OperationalError) for o in outcomes), outcomes
    assert tried == []
