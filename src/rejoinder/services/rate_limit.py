"""Sliding-window rate limits, kept in this process's memory.

With several worker processes each keeps its own windows, so the effective limit is the
configured one times the number of workers (documented in the settings help). That is the
price of needing no shared cache server; the spam engine, not the limiter, is the real defence.
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable

from rejoinder.errors import RateLimited

MAX_KEYS = 100_000  # beyond this, idle windows are dropped so memory stays bounded


class SlidingWindowLimiter:
    def __init__(self, window_seconds: float = 60.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.window = window_seconds
        self.clock = clock
        self._hits: dict[str, deque[float]] = {}

    def hit(self, key: str, limit: int, what: str) -> None:
        """Count one event for ``key``; raise ``RateLimited`` (with seconds to wait) over ``limit``."""
        now = self.clock()
        hits = self._hits.get(key)
        if hits is None:
            if len(self._hits) >= MAX_KEYS:
                self._forget_idle(now)
            hits = self._hits[key] = deque()
        while hits and hits[0] <= now - self.window:
            hits.popleft()
        if len(hits) >= limit:
            retry_after = max(1, math.ceil(hits[0] + self.window - now))
            raise RateLimited(
                f"Too many {what}: wait {retry_after} s before posting again.", retry_after=retry_after
            )
        hits.append(now)

    def _forget_idle(self, now: float) -> None:
        for key in [k for k, h in self._hits.items() if not h or h[-1] <= now - self.window]:
            del self._hits[key]
