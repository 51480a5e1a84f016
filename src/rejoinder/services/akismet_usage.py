"""Monthly call counts per API key, written in batches so a check costs no extra database write.

Akismet reports a key's calls per month (``/1.2/usage-limit``, ``/1.2/key-sites``). Counting
with one ``UPDATE`` per comment-check would double the writes on the hottest path, so each
process adds up its calls in memory and hands them to ``Store.count_key_usage`` at most once a
second (and whenever someone asks for the totals). A crash loses at most one second of counts
of that process; the counts are statistics, never a limit that lets spam through.

Besides the calls, ``/1.2/key-sites`` reports spam and ham answers, missed spam (submit-spam)
and false positives (submit-ham). They are kept in the same ``key_usage`` rows, under a period
label of the same seven characters: ``2026-11`` counts calls, ``s202611`` spam answers,
``h202611`` ham answers, ``m202611`` missed spam and ``f202611`` false positives.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from enum import StrEnum

from rejoinder.services.background_writer import stop_between_writes
from rejoinder.storage.base import Store

FLUSH_SECONDS = 1.0
log = logging.getLogger(__name__)


class Tally(StrEnum):
    CALLS = ""
    SPAM = "s"
    HAM = "h"
    MISSED_SPAM = "m"
    FALSE_POSITIVES = "f"


def current_month(now: datetime | None = None) -> str:
    """``2026-11``: the period Akismet's usage figures are kept for (UTC).

    Asked on every comment-check, so the label is kept until the month ends (by the wall clock)."""
    if now is not None:
        return now.strftime("%Y-%m")
    global _month
    label, ends = _month
    now_s = time.time()
    if now_s >= ends:
        start = datetime.fromtimestamp(now_s, UTC)
        following = datetime(start.year + start.month // 12, start.month % 12 + 1, 1, tzinfo=UTC)
        label, ends = start.strftime("%Y-%m"), following.timestamp()
        _month = (label, ends)
    return label


_month = ("", 0.0)  # (label, epoch second at which it stops being the current month)


def period(tally: Tally, month: str) -> str:
    """The ``key_usage.month`` label of one tally: ``2026-11`` for calls, ``s202611`` for spam."""
    return month if tally is Tally.CALLS else tally.value + month.replace("-", "")


class UsageCounter:
    def __init__(self, store: Store, clock: Callable[[], float] = time.monotonic) -> None:
        self.store = store
        self.clock = clock
        self._pending: Counter[tuple[str, str]] = Counter()
        self._flush_task: asyncio.Task[None] | None = None
        self._writing = asyncio.Lock()  # a reader waits for a flush already under way

    def add(self, key: str, *tallies: Tally) -> None:
        """Count one call (and its tallies) now; the write happens within ``FLUSH_SECONDS``."""
        month = current_month()
        self._pending[(key, month)] += 1
        for tally in tallies:
            self._pending[(key, period(tally, month))] += 1
        if self._flush_task is None or self._flush_task.done():
            self._flush_task = asyncio.get_running_loop().create_task(self._flush_later())

    async def _flush_later(self) -> None:
        """Flush every ``FLUSH_SECONDS`` while counts wait (a count added during a flush finds
        this task still running and starts none, so this task must come back for it)."""
        while self._pending:
            await asyncio.sleep(FLUSH_SECONDS)
            try:
                await self.flush()
            except Exception:  # a failed statistics write must never surface in a request
                log.exception("could not write Akismet key usage counts; they are kept for the next flush")

    async def flush(self) -> None:
        """Write every pending count (to the store's running totals).

        A count leaves ``_pending`` only once written: a failed write, or a flush cancelled
        half-way (a client that went away during ``totals``), keeps the rest for the next one."""
        async with self._writing:
            pending, self._pending = self._pending, Counter()
            failure: Exception | None = None
            try:
                while pending:
                    (key, month), calls = pending.popitem()
                    try:
                        await self.store.count_key_usage(key, month, add=calls)
                    except Exception as exc:  # keep the count for the next flush, try the others
                        self._pending[(key, month)] += calls
                        failure = exc
            finally:
                self._pending.update(pending)  # what a cancellation left unwritten
            if failure is not None:
                raise failure

    async def totals(self, key: str, month: str) -> dict[Tally, int]:
        """Every tally of ``key`` in ``month`` across processes, this one's pending ones included."""
        await self.flush()
        return {t: await self.store.count_key_usage(key, period(t, month), add=0) for t in Tally}

    async def close(self) -> None:
        """Stop the timer (never in the middle of a write) and write what is left."""
        await stop_between_writes(self._flush_task, self._writing)
        await self.flush()
