"""``SharedLimiter`` on a real store (SQLite and PostgreSQL): the window arithmetic, the refusals
and their ``Retry-After``, the in-process fast path, the hashed keys, and the purge."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from sqlalchemy import text

from rejoinder.errors import RateLimited
from rejoinder.services.privacy import PrivacyService
from rejoinder.services.rate_limit import Limit, SharedLimiter, estimate, seconds_until_free
from rejoinder.services.retention import RetentionLoop
from rejoinder.settings import Settings
from rejoinder.storage import Store
from rejoinder.storage.base import WindowHits
from rejoinder.storage.sql_store import SqlStore
from tests.support.clock import Clock

T0 = 1_800_000_000.0 - 1_800_000_000.0 % 60
PER_MINUTE = Limit("comment-ip", 3, 60, "Too many comments from your address: wait {retry_after} s.")
PER_SITE = Limit("comment-site", 5, 60, "Too many comments on this site: wait {retry_after} s.")


def test_the_estimate_weights_the_previous_window_by_its_overlap() -> None:
    assert estimate(WindowHits(600, 2, 0), 630, 60) == 2
    assert estimate(WindowHits(600, 1, 10), 600, 60) == 11
    assert estimate(WindowHits(600, 1, 10), 630, 60) == 6
    assert estimate(WindowHits(600, 1, 10), 700, 60) == 1  # past the window: no weight left
    assert estimate(WindowHits(660, 1, 10), 630, 60) == 11  # a row ahead of our clock: full weight


def test_retry_after_is_when_one_more_would_fit() -> None:
    # 3 of 3 in this window, nothing before: free once the next window has shed a third of them
    assert seconds_until_free(WindowHits(600, 3, 0), 610, 60, 3) == 70
    # 2 here and 4 before, limit 3: free when 4 * (1 - f) + 2 <= 2, i.e. at the window's end
    assert seconds_until_free(WindowHits(600, 2, 4), 630, 60, 3) == 30
    # 1 here and 4 before: free when 4 * (1 - f) <= 1, i.e. f = 0.75
    assert seconds_until_free(WindowHits(600, 1, 4), 630, 60, 3) == 15
    # a limit of 1 with one hit counted: both windows must pass
    assert seconds_until_free(WindowHits(600, 1, 0), 600, 60, 1) == 120
    assert (
        seconds_until_free(WindowHits(600, 1, 0), 600, 60, 0) == 120
    )  # never below 1 s, never over 2 windows


async def test_exactly_the_limit_gets_through_concurrent_hits(store: Store) -> None:
    limiter = SharedLimiter(store, "secret", clock=Clock(T0 + 1))
    outcomes = await asyncio.gather(
        *(limiter.hit((PER_MINUTE, "203.0.113.7")) for _ in range(10)), return_exceptions=True
    )
    assert outcomes.count(None) == PER_MINUTE.limit
    refused = [o for o in outcomes if isinstance(o, RateLimited)]
    assert len(refused) == 10 - PER_MINUTE.limit
    assert all("from your address" in r.message for r in refused)
    # refused hits count too: the 4th waits until the next window has shed half of its 4 hits
    assert min(r.retry_after for r in refused) == 89
    assert max(r.retry_after for r in refused) <= 119


async def test_two_limiters_on_one_store_share_the_limit(store: Store) -> None:
    clock = Clock(T0 + 10)
    first, second = SharedLimiter(store, "secret", clock), SharedLimiter(store, "secret", clock)
    await first.hit((PER_MINUTE, "203.0.113.8"))
    await second.hit((PER_MINUTE, "203.0.113.8"))
    await first.hit((PER_MINUTE, "203.0.113.8"))
    with pytest.raises(RateLimited):
        await second.hit((PER_MINUTE, "203.0.113.8"))


async def test_a_refused_key_is_refused_without_a_write_until_it_is_free(store: Store) -> None:
    clock = Clock(T0 + 10)
    limiter = SharedLimiter(store, "secret", clock)
    for _ in range(PER_MINUTE.limit):
        await limiter.hit((PER_MINUTE, "ip"))
    with pytest.raises(RateLimited) as first:
        await limiter.hit((PER_MINUTE, "ip"))
    key = limiter.key(PER_MINUTE, "ip")
    counted = (await store.peek_hits(key, int(T0), 60)).hits
    clock.now += 5
    with pytest.raises(RateLimited) as again:
        await limiter.hit((PER_MINUTE, "ip"))
    assert again.value.retry_after == first.value.retry_after - 5
    assert (await store.peek_hits(key, int(T0), 60)).hits == counted  # no write for the second refusal
    clock.now += again.value.retry_after
    await limiter.hit((PER_MINUTE, "ip"))  # free again when it said so


async def test_a_refused_address_costs_the_site_nothing_after_the_first_refusal(store: Store) -> None:
    limiter = SharedLimiter(store, "secret", clock=Clock(T0 + 1))
    for _ in range(PER_MINUTE.limit):
        await limiter.hit((PER_MINUTE, "flooder"), (PER_SITE, "1"))
    for _ in range(20):
        with pytest.raises(RateLimited) as refused:
            await limiter.hit((PER_MINUTE, "flooder"), (PER_SITE, "1"))
        assert "from your address" in refused.value.message
    site = await store.peek_hits(limiter.key(PER_SITE, "1"), int(T0), 60)
    assert site.hits == PER_MINUTE.limit + 1
    await limiter.hit((PER_MINUTE, "reader"), (PER_SITE, "1"))  # the site still takes others' comments
    with pytest.raises(RateLimited) as full:
        await limiter.hit((PER_MINUTE, "another reader"), (PER_SITE, "1"))
    assert "on this site" in full.value.message


async def test_keys_are_keyed_hashes_so_no_address_is_stored(store: Store) -> None:
    limiter = SharedLimiter(store, "secret", clock=Clock(T0))
    await limiter.hit((PER_MINUTE, "203.0.113.99"))
    assert isinstance(store, SqlStore)
    async with store.engine.connect() as conn:
        keys = (await conn.execute(text("SELECT key FROM rate_limits"))).scalars().all()
    assert keys == [limiter.key(PER_MINUTE, "203.0.113.99")]
    assert "203.0.113" not in keys[0]
    assert keys[0] != SharedLimiter(store, "another secret").key(PER_MINUTE, "203.0.113.99")


async def test_the_retention_round_purges_stale_counters(store: Store, tmp_path: Path) -> None:
    stale, live = "comment-ip:stale", "comment-ip:live"
    await store.count_hit(stale, 600, 60)
    await store.count_hit(live, 4_000_000_000, 60)
    loop = RetentionLoop(PrivacyService(store, Settings(secret_key="x")), tmp_path / "purge.lock")
    assert await loop.run_once() is not None
    assert await store.peek_hits(stale, 600, 60) == WindowHits(600, 0, 0)
    assert await store.peek_hits(live, 4_000_000_000, 60) == WindowHits(4_000_000_000, 1, 0)
