"""Group commit: concurrent small inserts share one transaction, so they share one fsync.

With ``synchronous=FULL`` every SQLite commit waits for the disk (a few milliseconds on a
virtual disk), which caps one process at a few hundred commits a second. The Akismet endpoint
records a row for every check; under load many checks are in flight at once. ``GroupCommit``
lets the first caller start writing at once and collects everyone who arrives while that
commit is on its way to the disk into the next transaction. Each caller still returns only
after its own row is committed durably, so the ``Store`` promise is unchanged; a lone caller
pays no extra latency. If a batch fails (say, one duplicate key), its rows are retried one by
one so only the offending caller sees the error.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

T = TypeVar("T")

MAX_BATCH = 500


class GroupCommit(Generic[T]):
    def __init__(
        self,
        write_batch: Callable[[list[T]], Awaitable[None]],
        write_one: Callable[[T], Awaitable[None]],
        max_batch: int = MAX_BATCH,
    ) -> None:
        self._write_batch = write_batch
        self._write_one = write_one
        self._max_batch = max_batch
        self._pending: list[tuple[T, asyncio.Future[None]]] = []
        self._task: asyncio.Task[None] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    async def submit(self, item: T) -> None:
        """Return once ``item`` is committed; raise what writing it alone would raise."""
        loop = asyncio.get_running_loop()
        if loop is not self._loop:  # a new event loop (tests, CLI): nothing pending survives
            self._loop, self._task, self._pending = loop, None, []
        future: asyncio.Future[None] = loop.create_future()
        self._pending.append((item, future))
        if self._task is None or self._task.done():
            self._task = loop.create_task(self._drain())
        await future

    async def wait_idle(self) -> None:
        """Let the batch in flight finish (before the engine is disposed)."""
        if self._task is not None and not self._task.done() and self._loop is asyncio.get_running_loop():
            await asyncio.wait([self._task])

    async def _drain(self) -> None:
        try:
            while self._pending:
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
        except Exception:
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


def _settle(future: asyncio.Future[None], outcome: BaseException | None) -> None:
    if future.done():  # the caller was cancelled; the row may still have been written
        return
    if outcome is None:
        future.set_result(None)
    else:
        future.set_exception(outcome)
