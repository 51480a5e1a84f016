"""The single-flight TTL cache behind the Akismet hot path."""

from __future__ import annotations

import asyncio

import pytest

from rejoinder.services.ttl_cache import TtlCache
from tests.support.clock import Clock


async def test_concurrent_callers_share_one_load_and_values_expire() -> None:
    clock = Clock()
    cache: TtlCache[str, int] = TtlCache(5.0, clock)
    loads = 0

    async def load() -> int:
        nonlocal loads
        loads += 1
        await asyncio.sleep(0.01)
        return loads

    assert await asyncio.gather(*[cache.get("k", load) for _ in range(50)]) == [1] * 50
    assert loads == 1
    clock.now = 5.0
    assert await cache.get("k", load) == 1  # still within ttl
    clock.now = 5.1
    assert await cache.get("k", load) == 2  # expired: loaded again, never served stale


async def test_a_failed_load_is_not_cached_and_reaches_every_waiter() -> None:
    cache: TtlCache[str, int] = TtlCache(5.0, Clock())
    calls = 0

    async def fail() -> int:
        nonlocal calls
        calls += 1
        await asyncio.sleep(0.01)
        raise LookupError("no such key")

    results = await asyncio.gather(*[cache.get("k", fail) for _ in range(3)], return_exceptions=True)
    assert all(isinstance(r, LookupError) for r in results)
    assert calls == 1
    with pytest.raises(LookupError):
        await cache.get("k", fail)
    assert calls == 2
