"""The store's rate-limit counters, on SQLite and PostgreSQL: atomic, windowed, purged.

"Atomic" is tested the way it matters: many hits at once, from one store and from two stores on
one database (two connection pools, as two server processes have), each get a distinct count.
"""

from __future__ import annotations

import asyncio
import contextlib

import pytest

from rejoinder.storage import Store, open_store
from rejoinder.storage.base import WindowHits
from rejoinder.storage.sql_store import SqlStore

W = 60
T0 = 1_800_000_000 - 1_800_000_000 % W  # a window start


async def test_hits_count_up_within_a_window(store: Store) -> None:
    assert await store.count_hit("k", T0, W) == WindowHits(T0, 1, 0)
    assert await store.count_hit("k", T0, W) == WindowHits(T0, 2, 0)
    assert await store.count_hit("k", T0, W, add=3) == WindowHits(T0, 5, 0)
    assert await store.count_hit("other", T0, W) == WindowHits(T0, 1, 0)


async def test_concurrent_hits_each_see_a_distinct_count(store: Store) -> None:
    limit = 7
    counted = await asyncio.gather(*(store.count_hit("ip:x", T0, W) for _ in range(30)))
    assert sorted(c.hits for c in counted) == list(range(1, 31))
    assert sum(c.hits <= limit for c in counted) == limit  # exactly `limit` would be let through
    assert await store.peek_hits("ip:x", T0, W) == WindowHits(T0, 30, 0)


async def test_two_stores_on_one_database_share_the_counts(store: Store, store_url: str) -> None:
    second = await open_store(store_url)  # its own pool: what another server process has
    try:
        hits = [s.count_hit("site:1", T0, W) for _ in range(20) for s in (store, second)]
        counted = await asyncio.gather(*hits)
        assert sorted(c.hits for c in counted) == list(range(1, 41))
    finally:
        await second.close()


async def test_a_mixed_batch_counts_each_key_in_arrival_order(store: Store) -> None:
    counted = await asyncio.gather(
        store.count_hit("b", T0, W), store.count_hit("a", T0, W), store.count_hit("b", T0, W, add=2)
    )
    assert [c.hits for c in counted] == [1, 1, 3]


async def test_the_next_window_carries_the_count_as_previous(store: Store) -> None:
    for _ in range(4):
        await store.count_hit("k", T0, W)
    assert await store.peek_hits("k", T0 + W, W) == WindowHits(T0 + W, 0, 4)  # a read adds nothing
    assert await store.count_hit("k", T0 + W, W) == WindowHits(T0 + W, 1, 4)
    assert await store.count_hit("k", T0 + W, W) == WindowHits(T0 + W, 2, 4)
    # a window later than the next one: both old counts are stale
    assert await store.peek_hits("k", T0 + 3 * W, W) == WindowHits(T0 + 3 * W, 0, 0)
    assert await store.count_hit("k", T0 + 3 * W, W) == WindowHits(T0 + 3 * W, 1, 0)


async def test_a_lagging_clock_counts_in_the_stored_window(store: Store) -> None:
    await store.count_hit("k", T0 + W, W)
    assert await store.count_hit("k", T0, W) == WindowHits(T0 + W, 2, 0)
    assert await store.peek_hits("k", T0, W) == WindowHits(T0 + W, 2, 0)


async def test_peek_of_an_unknown_key_is_zero_and_writes_nothing(store: Store) -> None:
    assert await store.peek_hits("nobody", T0, W) == WindowHits(T0, 0, 0)
    assert await store.purge_rate_limits(T0 + 100 * W) == 0


async def test_clear_forgets_one_key(store: Store) -> None:
    await store.count_hit("a", T0, W)
    await store.count_hit("b", T0, W)
    await store.clear_hits("a")
    assert await store.peek_hits("a", T0, W) == WindowHits(T0, 0, 0)
    assert await store.peek_hits("b", T0, W) == WindowHits(T0, 1, 0)
    assert await store.count_hit("a", T0, W) == WindowHits(T0, 1, 0)


async def test_purge_drops_counters_whose_windows_can_no_longer_matter(store: Store) -> None:
    await store.count_hit("minute", T0, W)
    await store.count_hit("quarter", T0, 900)
    # "minute" still matters during the next window (as the previous count), not after it
    assert await store.purge_rate_limits(T0 + 2 * W - 1) == 0
    assert await store.purge_rate_limits(T0 + 2 * W) == 1
    assert await store.peek_hits("minute", T0 + W, W) == WindowHits(T0 + W, 0, 0)
    assert await store.peek_hits("quarter", T0 + 900, 900) == WindowHits(T0 + 900, 0, 1)
    assert await store.purge_rate_limits(T0 + 1800) == 1


async def test_a_hit_leaves_every_pooled_sqlite_connection_durable(store: Store, store_url: str) -> None:
    """A hit commits with synchronous=NORMAL; the comments written next on that connection must not."""
    if not store_url.startswith("sqlite"):
        pytest.skip("a SQLite pragma")
    assert isinstance(store, SqlStore)
    await asyncio.gather(*(store.count_hit(f"k{i}", T0, W) for i in range(20)))
    async with contextlib.AsyncExitStack() as stack:
        conns = [await stack.enter_async_context(store.engine.connect()) for _ in range(8)]
        levels = [(await c.exec_driver_sql("PRAGMA synchronous")).scalar() for c in conns]
    assert levels == [2] * 8  # FULL


async def test_a_batch_with_a_key_in_two_windows_and_many_keys_counts_each(store: Store) -> None:
    """One batch may hold a key twice (its window turned over while the batch gathered) and more
    keys than one PostgreSQL statement takes: every hit still gets its own count."""
    keys = [f"many:{i}" for i in range(40)]
    counted = await asyncio.gather(
        store.count_hit("turn", T0, W),
        store.count_hit("turn", T0 + W, W),
        *(store.count_hit(k, T0, W) for k in keys),
        store.count_hit("many:3", T0, W),
    )
    assert counted[0] == WindowHits(T0, 1, 0)
    assert counted[1] == WindowHits(T0 + W, 1, 1)
    assert [c.hits for c in counted[2:-1]] == [1] * 40
    assert counted[-1] == WindowHits(T0, 2, 0)
    assert await store.peek_hits("many:39", T0, W) == WindowHits(T0, 1, 0)


async def test_hits_leave_every_pooled_postgres_connection_durable(store: Store, store_url: str) -> None:
    """Hits run on a session with synchronous_commit off; that session never reaches the pool,
    so the comments written on any pooled connection still wait for the disk."""
    if not store_url.startswith("postgresql"):
        pytest.skip("a PostgreSQL setting")
    assert isinstance(store, SqlStore)
    await asyncio.gather(*(store.count_hit(f"k{i}", T0, W) for i in range(20)))
    async with contextlib.AsyncExitStack() as stack:
        conns = [await stack.enter_async_context(store.engine.connect()) for _ in range(12)]
        levels = [(await c.exec_driver_sql("SHOW synchronous_commit")).scalar() for c in conns]
    assert levels == ["on"] * 12
    await store.close()  # the hit session is closed, not checked in: the pool has nothing left out
    assert store.engine.pool.checkedout() == 0  # type: ignore[attr-defined]


async def test_count_hits_counts_each_pair_as_count_hit_would(store: Store) -> None:
    await store.count_hit("ip", T0, W)
    together = await asyncio.gather(
        store.count_hits([("ip", T0, W), ("site", T0, W)]), store.count_hits([("ip", T0, W), ("site", T0, W)])
    )
    assert together == [
        [WindowHits(T0, 2, 0), WindowHits(T0, 1, 0)],
        [WindowHits(T0, 3, 0), WindowHits(T0, 2, 0)],
    ]
    with pytest.raises(Exception):  # noqa: B017, PT011 - the driver's own error for a window it cannot store
        await store.count_hits([("fine", T0, W), ("bad", 2**70, W)])
    assert await store.peek_hits("fine", T0, W) == WindowHits(T0, 1, 0)  # its own hit was still counted
