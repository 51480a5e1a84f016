"""``KeyThrottle`` on a real store (SQLite and PostgreSQL): two throttles on one store stand for two
server processes. Counts are shared through ``sync``, which the server runs in the background."""

from __future__ import annotations

import pytest

from rejoinder.errors import RateLimited
from rejoinder.services.akismet_throttle import KeyThrottle, rolled
from rejoinder.storage import Store
from rejoinder.storage.base import WindowHits
from tests.support.clock import Clock

T0 = 1_800_000_000.0 - 1_800_000_000.0 % 60
KEY = "k3yf0rth3t3st"


def test_counts_roll_into_the_window_of_now() -> None:
    counts = WindowHits(600, 5, 2)
    assert rolled(counts, 630) == counts
    assert rolled(counts, 670) == WindowHits(660, 0, 5)  # the next window: this one becomes the previous
    assert rolled(counts, 790) == WindowHits(780, 0, 0)  # two windows on: forgotten


async def test_one_process_alone_counts_exactly(store: Store) -> None:
    throttle = KeyThrottle(store, Clock(T0 + 5))
    for _ in range(3):
        throttle.hit(KEY, 3, "calls")
    with pytest.raises(RateLimited) as refused:
        throttle.hit(KEY, 3, "calls")
    assert (
        refused.value.retry_after == 85
    )  # the next window must shed half of the 4 hits (the refused one counts)
    assert throttle.throttled(KEY)
    await throttle.close()


async def test_two_processes_share_one_limit(store: Store) -> None:
    clock = Clock(T0 + 5)
    first, second = KeyThrottle(store, clock), KeyThrottle(store, clock)
    for _ in range(2):
        first.hit(KEY, 3, "calls")
    await first.sync()
    second.hit(KEY, 3, "calls")  # knows only its own call: 1
    await second.sync()  # learns the shared 3
    with pytest.raises(RateLimited):
        second.hit(KEY, 3, "calls")
    assert not first.throttled(KEY)  # only the process that refused says so
    await first.close()
    await second.close()


async def test_the_next_window_forgives_gradually(store: Store) -> None:
    clock = Clock(T0 + 5)
    throttle = KeyThrottle(store, clock)
    for _ in range(3):
        throttle.hit(KEY, 3, "calls")
    await throttle.sync()
    clock.now = T0 + 60 + 45  # 3 hits in the previous window weigh 25%: 0.75, room for 2
    throttle.hit(KEY, 3, "calls")
    throttle.hit(KEY, 3, "calls")
    with pytest.raises(RateLimited):
        throttle.hit(KEY, 3, "calls")
    await throttle.close()


def test_the_stored_name_does_not_contain_the_key() -> None:
    assert KEY not in KeyThrottle.store_key(KEY)
