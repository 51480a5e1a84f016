"""Rate-limit counters in the database: the one place every server process counts hits.

A hit is one atomic upsert (``INSERT .. ON CONFLICT .. DO UPDATE .. RETURNING``, SQLite >= 3.35
and PostgreSQL alike), so concurrent hits from any number of processes each get a distinct count.
One row per key holds two fixed windows: the current one and the count of the one before, which
is all a sliding-window estimate needs, and keeps the table as small as the number of active keys.

Hits are batched by the ``GroupCommit`` they share with the spam-facts asks (``first_trip``): the
per-IP and per-site hits of one post, and the hits of every post in flight, share one transaction
(a busy store gathers them for 2 ms first). Within a batch the hits of one key are added by one
statement, and keys are written in sorted order, so two PostgreSQL processes never lock the same
rows in opposite orders (no deadlock).

Unlike every other write, a hit does not wait for the disk: SQLite commits it with
``synchronous=NORMAL`` (WAL: safe from corruption, and kept if the process dies; a power cut may
forget the last moments' hits) and PostgreSQL with ``synchronous_commit = off`` (likewise, for a
crash of the database server). Forgetting a few hits can only let a few more requests through
after a power cut; waiting for an fsync would add several milliseconds to every post.

On PostgreSQL a batch is one autocommitted multi-row upsert on a connection kept for hits alone,
whose whole session has ``synchronous_commit = off`` (``SessionLease``): one round trip a batch
instead of five (BEGIN, SET LOCAL, an upsert per key, COMMIT), since a round trip costs the
database server more CPU than the upsert itself. A key appears once per statement (PostgreSQL
refuses to update one row twice in one upsert); if that connection is busy or belongs to another
event loop, the batch takes the old way on a leased connection.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import bindparam, case, delete, select
from sqlalchemy.dialects import postgresql, sqlite

from rejoinder.storage.base import WindowHits
from rejoinder.storage.group_commit import GroupCommit
from rejoinder.storage.leases import GENERIC_PLANS, SessionLease
from rejoinder.storage.schema import rate_limits
from rejoinder.storage.sql_base import (
    SqlBase,
    _bound,
    _compiled_constant,
    _immediate_transaction,
    _sqlite_param,
)

_c = rate_limits.c


def _counting(insert: Any) -> Any:
    """The upsert, for one dialect's ``insert``. ``SET`` expressions read the row as it was."""
    new = insert.excluded
    same = _c.window_start >= new.window_start  # same window (or a caller whose clock lags)
    follows = _c.window_start + _c.window_seconds == new.window_start
    return insert.on_conflict_do_update(
        index_elements=[_c.key],
        set_={
            "previous_hits": case((same, _c.previous_hits), (follows, _c.hits), else_=0),
            "hits": case((same, _c.hits + new.hits), else_=new.hits),
            "window_start": case((same, _c.window_start), else_=new.window_start),
            "window_seconds": case((same, _c.window_seconds), else_=new.window_seconds),
        },
    ).returning(_c.window_start, _c.hits, _c.previous_hits, _c.key)


_NAMES = ("key", "window_start", "window_seconds", "hits")
_VALUES: dict[str, Any] = {n: bindparam(n) for n in _NAMES}
_COUNT = {
    "sqlite": _counting(sqlite.insert(rate_limits).values(**_VALUES, previous_hits=0)),
    "postgresql": _counting(postgresql.insert(rate_limits).values(**_VALUES, previous_hits=0)),
}
PG_KEYS_PER_STATEMENT = 16


@lru_cache(maxsize=PG_KEYS_PER_STATEMENT)
def _count_many(count: int) -> Any:
    """``count`` distinct keys' hits in one PostgreSQL upsert; parameters ``{name}_{i}``."""
    rows = [{**{n: bindparam(f"{n}_{i}") for n in _NAMES}, "previous_hits": 0} for i in range(count)]
    return _counting(postgresql.insert(rate_limits).values(rows))


def _statements(params: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """The batch cut into upserts of at most ``PG_KEYS_PER_STATEMENT`` rows, no key twice in one
    (a key can come twice when a window turned over while the batch gathered)."""
    cut: list[list[dict[str, Any]]] = [[]]
    for p in params:
        if len(cut[-1]) == PG_KEYS_PER_STATEMENT or any(q["key"] == p["key"] for q in cut[-1]):
            cut.append([])
        cut[-1].append(p)
    return cut


_PEEK = select(_c.window_start, _c.window_seconds, _c.hits, _c.previous_hits).where(
    _c.key == bindparam("key")
)


@dataclass(slots=True)
class _Hit:
    """One caller's hit waiting for the shared commit; the writer fills in ``counted``."""

    key: str
    window_start: int
    window_seconds: int
    add: int
    counted: WindowHits | None = None


def as_of(row: Any, window_start: int) -> WindowHits:
    """What a stored row means at ``window_start``: the same reading as the upsert's, adding nothing."""
    if row is None:
        return WindowHits(window_start, 0, 0)
    stored_start, seconds, hits, previous = (int(v) for v in row)
    if stored_start >= window_start:
        return WindowHits(stored_start, hits, previous)
    if stored_start + seconds == window_start:
        return WindowHits(window_start, 0, hits)
    return WindowHits(window_start, 0, 0)


_Ordered = list[tuple[tuple[str, int, int], list[_Hit]]]


def _ordered(batch: list[_Hit]) -> _Ordered:
    """The batch's hits grouped by (key, window), in sorted order: one lock order for every process."""
    groups: dict[tuple[str, int, int], list[_Hit]] = {}
    for hit in batch:
        groups.setdefault((hit.key, hit.window_start, hit.window_seconds), []).append(hit)
    return sorted(groups.items())


def _params(ordered: _Ordered) -> list[dict[str, Any]]:
    """One upsert's parameters per (key, window): the hits of a key added up."""
    return [
        {"key": k, "window_start": s, "window_seconds": w, "hits": sum(h.add for h in hits)}
        for (k, s, w), hits in ordered
    ]


class RateLimitsMixin(SqlBase):
    _hits: GroupCommit[_Hit]  # shared with the spam-facts asks: ``FirstTripMixin._init_first_trip``

    def _init_rate_limits(self) -> None:
        self._hit_session = SessionLease(self._db.root, f"SET synchronous_commit = off; {GENERIC_PLANS}")

    async def _close_rate_limits(self) -> None:
        await self._hits.wait_idle()
        await self._hit_session.close()

    async def count_hit(self, key: str, window_start: int, window_seconds: int, add: int = 1) -> WindowHits:
        hit = _Hit(key, int(window_start), int(window_seconds), int(add))
        await self._hits.submit(hit)
        assert hit.counted is not None
        return hit.counted

    async def count_hits(self, hits: Sequence[tuple[str, int, int]]) -> list[WindowHits]:
        """One hit on each (key, window start, window seconds), all in one batch."""
        items = [_Hit(key, int(start), int(seconds), 1) for key, start, seconds in hits]
        await self._hits.submit_many(items)
        counted = []
        for hit in items:
            assert hit.counted is not None
            counted.append(hit.counted)
        return counted

    async def peek_hits(self, key: str, window_start: int, window_seconds: int) -> WindowHits:
        found = await self._fetch_plain(_PEEK, {"key": key})
        return as_of(found[0] if found else None, int(window_start))

    async def clear_hits(self, key: str) -> None:
        async with self._db.write.begin() as conn:
            await conn.execute(delete(rate_limits).where(_c.key == key))

    async def purge_rate_limits(self, now: int) -> int:
        async with self._db.write.begin() as conn:
            result = await conn.execute(
                delete(rate_limits).where(_c.window_start + 2 * _c.window_seconds <= int(now))
            )
        return int(result.rowcount)

    # -- the shared write -------------------------------------------------------------------------
    async def _write_hits(self, batch: list[_Hit]) -> None:
        if self._db.backend == "sqlite":
            ordered, sql, args = self._hits_sqlite_work(batch)
            counted = await self._on_sqlite_thread(_count_sync, sql, args)
        else:
            ordered = _ordered(batch)
            counted = await self._count_postgres(_params(ordered))
        self._fill_hits(ordered, counted)

    def _hits_sqlite_work(self, batch: list[_Hit]) -> tuple[_Ordered, str, list[list[Any]]]:
        """The batch's keys in lock order, the upsert and its parameters, for ``_count_sync`` (the
        transaction in one trip to the driver's thread, ``SqlBase._on_sqlite_thread``)."""
        ordered = _ordered(batch)
        sql, order, carried = _compiled_constant(_COUNT["sqlite"], self._db.root.dialect)
        args = [[_sqlite_param(value) for value in _bound(p, order, carried)] for p in _params(ordered)]
        return ordered, sql, args

    @staticmethod
    def _fill_hits(ordered: _Ordered, counted: list[tuple[Any, ...]]) -> None:
        for ((_, _, _), hits), (start, total, previous, _) in zip(ordered, counted, strict=True):
            running = int(total) - sum(h.add for h in hits)
            for hit in hits:  # as if they had come one after the other, in arrival order
                running += hit.add
                hit.counted = WindowHits(int(start), running, int(previous))

    async def _count_postgres(self, params: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
        """Straight on asyncpg: a hit is on every post's path, and each statement through
        SQLAlchemy's async layer cost more CPU than the upsert itself. The rows come back in
        ``params``' order (matched by key within each statement)."""
        dialect = self._db.root.dialect
        async with self._hit_session.driver() as session:
            if session is not None:  # autocommitted, and the session does not wait for the disk
                counted: list[tuple[Any, ...]] = []
                for rows in _statements(params):
                    sql, order, carried = _compiled_constant(_count_many(len(rows)), dialect)
                    numbered = {f"{n}_{i}": v for i, row in enumerate(rows) for n, v in row.items()}
                    found = {
                        r[3]: tuple(r) for r in await session.fetch(sql, *_bound(numbered, order, carried))
                    }
                    counted += [found[row["key"]] for row in rows]
                return counted
        sql, order, carried = _compiled_constant(_COUNT["postgresql"], dialect)
        async with self._leases.driver() as pg:
            return await _count_postgres_raw(pg, sql, [_bound(p, order, carried) for p in params])


async def _count_postgres_raw(pg: Any, sql: str, args: list[list[Any]]) -> list[tuple[Any, ...]]:
    async with pg.transaction():
        await pg.execute("SET LOCAL synchronous_commit = off")  # this transaction only
        return [tuple(await pg.fetchrow(sql, *a)) for a in args]


def _count_sync(connection: sqlite3.Connection, sql: str, args: list[list[Any]]) -> list[tuple[Any, ...]]:
    """Runs on the driver's thread: BEGIN IMMEDIATE, one upsert per key, COMMIT without an fsync
    (``synchronous=NORMAL`` for this transaction only; the connection's setting is restored)."""
    (level,) = connection.execute("PRAGMA synchronous").fetchone()
    connection.execute("PRAGMA synchronous=NORMAL")
    try:
        with _immediate_transaction(connection):
            counted = [tuple(connection.execute(sql, a).fetchall()[0]) for a in args]
    finally:
        connection.execute(f"PRAGMA synchronous={int(level)}")
    return counted
