"""Async code (the real store, asyncpg) run to its end from synchronous test code.

Playwright's sync API owns the browser tests' event loop, and a sync fixture has none to use, so
the coroutine gets a fresh loop of its own on a worker thread; the caller waits for its result.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


def in_thread(coroutine: Coroutine[Any, Any, T], *, timeout: float = 60) -> T:
    """``coroutine``'s result, run with ``asyncio.run`` on a thread beside the caller's loop."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result(timeout=timeout)
