"""Group commit: concurrent small inserts share one transaction, so they share one fsync.

With ``synchronous=FULL`` every SQLite commit waits for the disk (a few milliseconds on a
virtual disk), which caps one process at a few hundred commits a second. The Akismet endpoint
records a row for every check; under load many checks are in flight at once. ``GroupCommit``
lets the first caller start writing at once and collects everyone who arrives while that
commit is on its way to the disk into the next transaction. Each caller still returns only
after its own row is committed durably, so the ``Store`` promise is unchanged; a lone caller
pays no extra latency. If a batch fails (say, one duplicate key), its rows are retried one by
one so only the offending caller sees the error; but not when the database gave up waiting (SQLite's
lock held past its busy timeout by another process, the pool's wait for a connection): no row is
at fault, and each retry would wait the whole timeout again, so every caller gets that error at
once (``storage.unavailable``).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from rejoinder.storage.unavailable import gave_up_waiting

T = TypeVar("T")

MAX_BATCH = 500


@dataclass(frozen=True, slots=True)
class Gathering:
    """How a busy ``GroupCommit`` waits for company before it starts a batch.

    Without it a batch is whoever arrived while the previous one ran; on the post path, where
    requests arrive one by one, that made batches of 1.5 on average, and most of a batch's cost
    (a statement, a trip to the driver's thread, an engine run) is paid per batch, not per item.
    Waiting ``wait`` seconds when the previous batch started less than ``busy_window`` ago (an
    idle store starts at once) lines the posts up, and the later stages batch them alike.
    1 ms rather than 2: in the machine's fast phase PostgreSQL's posts are bound by latency, not
    CPU, and 1 ms gave 7.6% more posts a second in five interleaved pairs (1,217-1,273 against
    1,110-1,215) for no more CPU per post; SQLite alike (bench/RESULTS.md, session 10)."""

    wait: float = 0.001
    busy_window: float = 0.05
    full: int = 16  # start at once when this many are waiting


class GroupCommit(Generic[T]):
    def __init__(
        self,
        write_batch: Callable[[list[T]], Awaitable[None]],
        write_one: Callable[[T], Awaitable[None]],
        max_batch: int = MAX_BATCH,
        gathering: Gathering | None = None,
    ) -> None:
        self._write_batch = write_batch
        self._write_one = write_one
        self._max_batch = max_batch
        self._gathering = gathering
        self._pending: list[tuple[T, asyncio.Future[None]]] = []
        self._task: asyncio.Task[None] | None = None
        self._timer: asyncio.TimerHandle | None = None
        self._last_start = float("-inf")
        self._loop: asyncio.AbstractEventLoop | None = None

    async def submit(self, item: T) -> None:
        """Return once ``item`` is committed; raise what writing it alone would raise."""
        await self._enqueue(item)

    async def submit_many(self, items: list[T]) -> None:
        """``submit`` for several items of one caller (a post's two rate-limit hits), without a
        task for each: all join the same batch. Raises the first item's error, if any."""
        futures = [self._enqueue(item) for item in items]
        errors = [await _outcome(future) for future in futures]
        first = next((error for error in errors if error is not None), None)
        if first is not None:
            raise first

    def _enqueue(self, item: T) -> asyncio.Future[None]:
        loop = asyncio.get_running_loop()
        if loop is not self._loop:  # a new event loop (tests, CLI): nothing pending survives
            self._loop, self._task, self._timer, self._pending = loop, None, None, []
            self._last_start = float("-inf")
        future: asyncio.Future[None] = loop.create_future()
        self._pending.append((item, future))
        if self._timer is not None:  # gathering
            if len(self._pending) >= self._gathering.full:  # type: ignore[union-attr]
                self._timer.cancel()
                self._start()
        elif self._task is None or self._task.done():
            gathering = self._gathering
            if gathering is not None and loop.time() - self._last_start < gathering.busy_window:
                self._timer = loop.call_later(gathering.wait, self._start)
            else:
                self._start()
        return future

    def _start(self) -> None:
        self._timer = None
        assert self._loop is not None
        self._task = self._loop.create_task(self._drain())

    async def wait_idle(self) -> None:
        """Let the batch in flight finish (before the engine is disposed)."""
        if self._timer is not None and self._loop is asyncio.get_running_loop():  # gathering: go now
            self._timer.cancel()
            self._start()
        if self._task is not None and not self._task.done() and self._loop is asyncio.get_running_loop():
            await asyncio.wait([self._task])

    async def _drain(self) -> None:
        try:
            while self._pending:
                self._last_start = asyncio.get_running_loop().time()
                batch = self._pending[: self._max_batch]
                del self._pending[: self._max_batch]
                await self._write(batch)
        finally:  # cancelled with the loop: nobody may wait for ever
            for _, future in self._pending:
                _settle(future, RuntimeError("the store stopped before this write was committed"))
            self._pending = []

    async def _write(self, batch: list[tuple[T, asyncio.Future[None]]]) -> None:
        try:
            await self._write_batch([item for item, _ in batch])
        except Exception as error:
            if gave_up_waiting(error):  # nobody's fault, and a retry would wait as long again
                for _, future in batch:
                    _settle(future, error)
                return
            for item, future in batch:  # alone, each row meets its own fate (and typed error)
                try:
                    await self._write_one(item)
                except Exception as error:
                    _settle(future, error)
                else:
                    _settle(future, None)
        else:
            for _, future in batch:
                _settle(future, None)


async def _outcome(future: asyncio.Future[None]) -> BaseException | None:
    """The error a future ended with (``None`` for success); every future's error is retrieved."""
    try:
        await future
    except Exception as error:
        return error
    return None


def _settle(future: asyncio.Future[None], outcome: BaseException | None) -> None:
    if future.done():  # the caller was cancelled; the row may still have been written
        return
    if outcome is None:
        future.set_result(None)
    else:
        future.set_exception(outcome)
