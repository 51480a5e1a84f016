"""Stopping a background writer (a timer task that flushes counts to the store) safely.

Akismet's usage counts and its per-key call counts are written by a task that sleeps, then
writes under a lock. Stopping it by cancelling at any moment could cut a write in half: the
counts it carried would be lost, and on SQLite the connection's ``BEGIN`` could run after the
pool took the connection back. So it is cancelled only while it does not hold the lock.
"""

from __future__ import annotations

import asyncio
import contextlib


async def stop_between_writes(task: asyncio.Task[None] | None, writing: asyncio.Lock) -> None:
    """Cancel ``task`` while it sleeps or waits for ``writing`` (never mid-write), and wait for it."""
    if task is None or task.done():
        return
    async with writing:
        task.cancel()
    with contextlib.suppress(asyncio.CancelledError, Exception):
        await task
