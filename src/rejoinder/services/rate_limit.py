"""Rate limits: shared by every server process through the store, or kept in one process's memory.

``SharedLimiter`` is what comment posts and failed logins use. Its counts live in the database
(``Store.count_hit``, one atomic upsert), so "10 comments per minute per address" holds however
many processes the proxy spreads requests over. The window slides by the usual two-fixed-windows
approximation: the estimate at time t is ``previous * (1 - elapsed) + current``, where ``elapsed``
is the fraction of the current window gone by. It is exact while the previous window was empty,
and otherwise assumes the previous window's hits were spread evenly (Cloudflare, which uses it,
reported 0.003% of 400 million requests wrongly allowed or limited). Its price here: after a burst,
``Retry-After`` can reach into the next window (at most two windows). Refused hits count too: a
flood keeps itself refused until it stops, and ``Retry-After`` says when one more would be
allowed if nothing else arrives.

Each process remembers which keys are over their limit, and until when. A refused key is then
refused at once, with no database write: this only ever refuses hits that the store would have
refused too (counts only grow until the window moves on), so it never lets more through.

Keys are a keyed hash (HMAC with the server's secret) of what is limited, so the table holds no
IP address or moderator name.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from rejoinder.errors import RateLimited
from rejoinder.i18n import msg, translatable
from rejoinder.settings import Settings
from rejoinder.storage.base import Store, WindowHits

MAX_KEYS = 100_000  # beyond this, idle windows (and expired blocks) are dropped so memory stays bounded
COMMENT_WINDOW_SECONDS = 60


@dataclass(frozen=True, slots=True)
class Limit:
    """At most ``limit`` events per ``window_seconds`` for each subject (an IP, a site) of ``scope``.

    ``message`` is what the refused caller reads; ``{retry_after}`` is replaced by the seconds to wait.
    """

    scope: str
    limit: int
    window_seconds: int
    message: str

    def refusal(self, retry_after: int) -> RateLimited:
        return RateLimited(msg(self.message, retry_after=retry_after), retry_after=retry_after)


def comment_limits(settings: Settings) -> tuple[Limit, Limit]:
    """New comments (and edits) per client address and per site, per minute."""
    return (
        Limit(
            "comment-ip",
            settings.rate_limit_per_minute,
            COMMENT_WINDOW_SECONDS,
            translatable("Too many comments from your address: wait {retry_after} s before posting again."),
        ),
        Limit(
            "comment-site",
            settings.site_rate_limit_per_minute,
            COMMENT_WINDOW_SECONDS,
            translatable("Too many comments on this site: wait {retry_after} s before posting again."),
        ),
    )


def window_start(now: float, window_seconds: int) -> int:
    return int(now // window_seconds) * window_seconds


def estimate(counts: WindowHits, now: float, window_seconds: int) -> float:
    """Hits in the sliding window that ends ``now``: the previous window's, weighted by overlap."""
    elapsed = min(1.0, max(0.0, (now - counts.window_start) / window_seconds))
    return counts.previous_hits * (1.0 - elapsed) + counts.hits


def seconds_until_free(counts: WindowHits, now: float, window_seconds: int, limit: int) -> int:
    """Seconds until one more hit would be within ``limit``, if no other hit is counted meanwhile."""
    room = limit - 1  # what the estimate may be when the next hit arrives
    start, w = counts.window_start, window_seconds
    if counts.hits <= room:  # this window will do, once the previous one's weight has fallen enough
        at = start + w * (1 - (room - counts.hits) / counts.previous_hits) if counts.previous_hits else now
    elif room >= 0:  # the next window, once this one's weight (as the previous) has fallen enough
        at = start + w + w * (1 - room / counts.hits)
    else:
        at = start + 2 * w
    return max(1, math.ceil(min(at, start + 2 * w) - now))


@lru_cache(maxsize=MAX_KEYS)  # every post asks for two, mostly the same
def _stored_key(secret: bytes, scope: str, subject: str) -> str:
    """The stored key of (scope, subject): a keyed hash, so the table holds no address or name."""
    digest = hmac.new(secret, f"{scope}\x00{subject}".encode(), hashlib.sha256)
    return f"{scope}:{digest.hexdigest()[:32]}"


class SharedLimiter:
    """Limits counted in the store: every process that shares the database shares the limits."""

    def __init__(self, store: Store, secret: str, clock: Callable[[], float] = time.time) -> None:
        self.store = store
        self._secret = secret.encode()
        self._clock = clock  # wall time: processes (and machines) must agree on the window
        self._blocked: dict[str, float] = {}  # key -> until when this process refuses it outright

    def key(self, limit: Limit, subject: str) -> str:
        return _stored_key(self._secret, limit.scope, subject)

    async def hit(self, *limits: tuple[Limit, str]) -> None:
        """Count one event against each (limit, subject); raise ``RateLimited`` for the first one
        over its limit. All are counted in one shared commit (``Store.count_hits``)."""
        now = self._clock()
        keys = [self.key(limit, subject) for limit, subject in limits]
        for (limit, _), key in zip(limits, keys, strict=True):
            self._refuse_if_blocked(limit, key, now)
        counted = await self.store.count_hits(
            [
                (key, window_start(now, lim.window_seconds), lim.window_seconds)
                for (lim, _), key in zip(limits, keys, strict=True)
            ]
        )
        refusals = [
            self._block(limit, key, counts, now)
            for (limit, _), key, counts in zip(limits, keys, counted, strict=True)
            if estimate(counts, now, limit.window_seconds) > limit.limit
        ]
        if refusals:
            raise refusals[0]

    def refuse_blocked(self, *limits: tuple[Limit, str]) -> None:
        """Raise ``RateLimited`` at once, without I/O, if this process already knows a subject is
        over its limit; a caller runs this before any work that ``hit`` would make pointless."""
        now = self._clock()
        for limit, subject in limits:
            self._refuse_if_blocked(limit, self.key(limit, subject), now)

    async def check(self, limit: Limit, subject: str) -> WindowHits:
        """Raise ``RateLimited`` if one more event would be over the limit; read only, no write.
        Returns the counts, so a caller can tell whether there is anything to clear later."""
        now = self._clock()
        key = self.key(limit, subject)
        self._refuse_if_blocked(limit, key, now)
        counts = await self.store.peek_hits(
            key, window_start(now, limit.window_seconds), limit.window_seconds
        )
        if estimate(counts, now, limit.window_seconds) + 1 > limit.limit:
            raise self._block(limit, key, counts, now)
        return counts

    async def record(self, limit: Limit, subject: str) -> None:
        """Count one event without refusing it (a failed login is already refused)."""
        now = self._clock()
        key = self.key(limit, subject)
        counts = await self.store.count_hit(
            key, window_start(now, limit.window_seconds), limit.window_seconds
        )
        if estimate(counts, now, limit.window_seconds) + 1 > limit.limit:
            self._block(limit, key, counts, now)  # the next one would be refused: refuse it here

    async def clear(self, limit: Limit, subject: str) -> None:
        key = self.key(limit, subject)
        self._blocked.pop(key, None)
        await self.store.clear_hits(key)

    def _refuse_if_blocked(self, limit: Limit, key: str, now: float) -> None:
        until = self._blocked.get(key)
        if until is None:
            return
        if now < until:
            raise limit.refusal(max(1, math.ceil(until - now)))
        del self._blocked[key]

    def _block(self, limit: Limit, key: str, counts: WindowHits, now: float) -> RateLimited:
        retry_after = seconds_until_free(counts, now, limit.window_seconds, limit.limit)
        if len(self._blocked) >= MAX_KEYS:
            self._blocked = {k: t for k, t in self._blocked.items() if t > now}
        self._blocked[key] = now + retry_after
        return limit.refusal(retry_after)
