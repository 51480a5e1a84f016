"""Akismet calls per key per minute, limited across every server process without a write per call.

The limit exists so one runaway client (a WordPress plugin in a loop) cannot take the whole
server. It used to be counted in each process's memory, so with two workers a key got twice its
limit. Counting each call in the database, as comment posts are, would add a write to the
hottest path (over 1,500 checks a second). So each process counts its calls in memory and
shares them at once after a quiet spell, then at most every ``SYNC_SECONDS``: it adds them to
the key's shared counter (``Store.count_hit`` with ``add=n``, the table and sliding-window
estimate that ``services.rate_limit`` uses), which answers with the total of all processes.

A call is refused when the shared total known from the last sync, plus this process's calls
since, is over the limit. With one process that is exact. With several, a process cannot see
the others' calls of the last second, so a key can overshoot by at most what the *other*
processes let through in one ``SYNC_SECONDS``; at the default 60,000 calls a minute that is a
few percent, and the overshoot stops at the next sync. The hot path never waits for the
database, and a failed sync keeps its counts for the next one.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import replace

from rejoinder.errors import RateLimited
from rejoinder.services.background_writer import stop_between_writes
from rejoinder.services.rate_limit import estimate, seconds_until_free, window_start
from rejoinder.storage.base import Store, WindowHits

SYNC_SECONDS = 1.0
WINDOW_SECONDS = 60
THROTTLED_SECONDS = 60.0  # usage-limit says "throttled" for this long after a refusal
log = logging.getLogger(__name__)


def rolled(counts: WindowHits, now: float) -> WindowHits:
    """``counts`` as they stand in the window that contains ``now``: an older window's hits become
    the previous window's (if adjacent) or are forgotten."""
    start = window_start(now, WINDOW_SECONDS)
    if counts.window_start >= start:
        return counts
    previous = counts.hits if counts.window_start == start - WINDOW_SECONDS else 0
    return WindowHits(window_start=start, hits=0, previous_hits=previous)


class KeyThrottle:
    """Refuses a key's calls over ``limit`` a minute, counted by all processes that share the store."""

    def __init__(self, store: Store, clock: Callable[[], float] = time.time) -> None:
        self.store = store
        self._clock = clock  # wall time: processes must agree on the window
        self._shared: dict[str, WindowHits] = {}  # key -> all processes' counts at the last sync
        self._pending: Counter[str] = Counter()  # calls not yet handed to the store
        self._in_flight: Counter[str] = Counter()  # calls being handed to it right now
        self._refused_at: dict[str, float] = {}
        self._sync_task: asyncio.Task[None] | None = None
        self._syncing = asyncio.Lock()  # close() waits for a sync under way instead of cancelling it

    def hit(self, key: str, limit: int, what: str) -> None:
        """Count one call of ``key``; raise ``RateLimited`` if the key is over ``limit`` a minute.

        A refused call counts too, like a refused comment post: a flood keeps itself refused."""
        now = self._clock()
        self._pending[key] += 1
        self._schedule_sync()
        counts = self._counts(key, now)
        if estimate(counts, now, WINDOW_SECONDS) > limit:
            self._refused_at[key] = now
            retry_after = seconds_until_free(counts, now, WINDOW_SECONDS, limit)
            raise RateLimited(f"Too many {what}: wait {retry_after} s", retry_after=retry_after)

    def throttled(self, key: str) -> bool:
        """Whether this process refused ``key`` in the last minute (Akismet's ``throttled`` flag)."""
        at = self._refused_at.get(key)
        return at is not None and self._clock() - at < THROTTLED_SECONDS

    def _counts(self, key: str, now: float) -> WindowHits:
        """All processes' counts as last synced, plus this process's calls since."""
        local = self._pending[key] + self._in_flight[key]
        shared = self._shared.get(key)
        if shared is None:
            return WindowHits(window_start(now, WINDOW_SECONDS), local, 0)
        current = rolled(shared, now)
        return replace(current, hits=current.hits + local)

    def _schedule_sync(self) -> None:
        if self._sync_task is None or self._sync_task.done():
            self._sync_task = asyncio.get_running_loop().create_task(self._sync_while_busy())

    async def _sync_while_busy(self) -> None:
        """Sync at once, then every ``SYNC_SECONDS`` while calls wait. The first call after a quiet
        spell is shared at once, so another process learns of a burst within one round trip; a call
        counted during a sync finds this task still running and starts none, so it loops for it."""
        while self._pending:
            try:
                await self.sync()
            except Exception:  # a failed sync must never surface in a request
                log.exception("could not share Akismet call counts; they are kept for the next sync")
            await asyncio.sleep(SYNC_SECONDS)

    async def sync(self) -> None:
        """Hand this process's counted calls to the store and learn every process's totals."""
        async with self._syncing:
            await self._sync()

    async def _sync(self) -> None:
        now = self._clock()
        start = window_start(now, WINDOW_SECONDS)
        self._in_flight, self._pending = self._pending, Counter()
        try:
            for key in list(self._in_flight):
                counts = await self.store.count_hit(
                    self.store_key(key), start, WINDOW_SECONDS, add=self._in_flight[key]
                )
                self._shared[key] = counts
                del self._in_flight[key]
        finally:
            self._pending.update(self._in_flight)  # what a failure or cancellation left unwritten
            self._in_flight = Counter()

    @staticmethod
    def store_key(key: str) -> str:
        """The counter's name in the shared table: a hash, because an API key is a credential
        (keys are random, so the hash cannot be reversed by guessing)."""
        return "akismet-key:" + hashlib.sha256(key.encode()).hexdigest()[:32]

    async def close(self) -> None:
        """Stop the timer (never in the middle of a sync) and share what is left."""
        await stop_between_writes(self._sync_task, self._syncing)
        with contextlib.suppress(Exception):
            await self.sync()
