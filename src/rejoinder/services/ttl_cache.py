"""A per-process cache whose entries live ``ttl`` seconds and are loaded once however many ask.

The Akismet path reads keys, sites, bans and the learned model far more often than they change.
A plain cache that expires lets every request that arrives in the same instant go to the
database (hundreds at once under load); here the first caller loads and the others await the
same load ("single flight"). Nothing stale is ever returned: once ``ttl`` has passed, callers
wait for the fresh value, so a revoked key is refused at most ``ttl`` seconds after revocation.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class TtlCache(Generic[K, V]):
    def __init__(self, ttl: float, clock: Callable[[], float] = time.monotonic, size: int = 4096) -> None:
        self.ttl, self.clock, self.size = ttl, clock, size
        self._values: dict[K, tuple[float, V]] = {}
        self._loading: dict[K, asyncio.Future[V]] = {}

    async def get(self, key: K, load: Callable[[], Awaitable[V]]) -> V:
        """The cached value, or ``await load()`` once for all concurrent callers of this key."""
        item = self._values.get(key)
        if item is not None and item[0] >= self.clock():
            return item[1]
        pending = self._loading.get(key)
        if pending is not None:
            return await asyncio.shield(pending)
        future: asyncio.Future[V] = asyncio.get_running_loop().create_future()
        self._loading[key] = future
        try:
            value = await load()
        except asyncio.CancelledError:
            future.cancel()
            raise
        except Exception as exc:
            future.set_exception(exc)
            future.exception()  # retrieved: no "never retrieved" warning when nobody else waited
            raise
        else:
            if len(self._values) >= self.size:
                self._values.clear()
            self._values[key] = (self.clock() + self.ttl, value)
            future.set_result(value)
            return value
        finally:
            del self._loading[key]

    def clear(self) -> None:
        self._values.clear()
