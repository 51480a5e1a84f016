"""A post's first two store calls, its spam facts and its rate-limit hits, as one gathered batch.

Every post asks ``spam_facts`` and counts its two rate-limit hits (``count_hits``) side by side,
before the engine runs. They used to gather in two ``GroupCommit``s, so each batch of posts paid
two trips to the database: two tasks and timers, two hops to aiosqlite's thread (each a wake-up of that thread
and a hand-over of the GIL, which under load cost more than the statements) or two PostgreSQL
round trips. Here both kinds of item join one ``GroupCommit`` (the same 1 ms ``Gathering`` when
the store is busy), and a batch is one trip:

- SQLite: one hop to the driver's thread that reads every ask's facts (no transaction, so a
  reader never waits for the write lock), then counts the hits in their own short transaction
  (``rate_limits._count_sync``: BEGIN IMMEDIATE, one upsert per key, COMMIT without an fsync).
- PostgreSQL: one statement on the session kept for hits (generic plans, ``synchronous_commit =
  off``): the hits' upsert as a data-modifying CTE, and the facts statement's rows and the counted
  rows as one ``UNION ALL`` (a hit row is the one with a key). Where the hits need more than one
  upsert (over ``PG_KEYS_PER_STATEMENT`` keys, or a key in two windows) or that session is busy,
  the two statements go side by side on their own sessions.

A batch with asks only, or hits only (a login's failure count), takes just its own part. If the
batch fails, ``GroupCommit`` retries each item alone, so every caller meets its own error (unless
the database gave up waiting, which is every caller's error at once).
"""

from __future__ import annotations

import asyncio
import sqlite3
from functools import lru_cache
from typing import Any

from sqlalchemy import CompoundSelect, null, select, union_all

from rejoinder.storage.group_commit import Gathering, GroupCommit
from rejoinder.storage.rate_limits import (
    PG_KEYS_PER_STATEMENT,
    RateLimitsMixin,
    _count_many,
    _count_sync,
    _Hit,
    _ordered,
    _params,
    _statements,
)
from rejoinder.storage.spam_facts import (
    _BATCH_FACTS,
    SpamFactsMixin,
    _Ask,
    _batch_values,
    _by_ordinal,
    _facts_sync,
    _FactsWork,
    _Row,
)
from rejoinder.storage.sql_base import _bound, _compiled_constant

_Item = _Ask | _Hit


class FirstTripMixin(SpamFactsMixin, RateLimitsMixin):
    _first: GroupCommit[_Item]

    def _init_first_trip(self) -> None:
        """The one ``GroupCommit`` behind both ``spam_facts`` and ``count_hit``: the mixins' ``_facts``
        and ``_hits`` name it (typed by the items each submits, hence the ignore)."""
        self._first = GroupCommit(self._first_batch, self._first_one, gathering=Gathering())
        self._facts = self._hits = self._first  # type: ignore[assignment]

    async def _first_one(self, item: _Item) -> None:
        await self._first_batch([item])

    async def _first_batch(self, batch: list[_Item]) -> None:
        asks = [item for item in batch if isinstance(item, _Ask)]
        hits = [item for item in batch if isinstance(item, _Hit)]
        if not asks:
            await self._write_hits(hits)
        elif not hits:
            await self._read_facts(asks)
        elif self._db.backend == "sqlite":
            await self._read_and_count_sqlite(asks, hits)
        elif not await self._read_and_count_postgres(asks, hits):
            await asyncio.gather(self._read_facts(asks), self._write_hits(hits))

    async def _read_and_count_sqlite(self, asks: list[_Ask], hits: list[_Hit]) -> None:
        """The asks' facts and the hits' counts in one trip to the driver's thread."""
        facts_sql, facts_work = self._facts_sqlite_work(asks)
        ordered, count_sql, count_args = self._hits_sqlite_work(hits)
        found, counted = await self._on_sqlite_thread(
            _read_and_count_sync, facts_sql, facts_work, count_sql, count_args
        )
        await self._fill_facts(asks, found)
        self._fill_hits(ordered, counted)

    async def _read_and_count_postgres(self, asks: list[_Ask], hits: list[_Hit]) -> bool:
        """The asks' facts and the hits' counts in one statement; ``False`` if it cannot be one."""
        ordered = _ordered(hits)
        params = _params(ordered)
        if len(_statements(params)) != 1:
            return False
        sql, order, carried = _compiled_constant(_facts_and_hits(len(params)), self._db.root.dialect)
        values: dict[str, Any] = _batch_values(asks)
        values.update((f"{n}_{i}", v) for i, row in enumerate(params) for n, v in row.items())
        async with self._hit_session.driver() as session:
            if session is None:
                return False
            found = await session.fetch(sql, *_bound(values, order, carried))
        counted = {r[-1]: tuple(r[-4:]) for r in found if r[-1] is not None}
        await self._fill_facts(asks, _by_ordinal(asks, [r for r in found if r[-1] is None]))
        self._fill_hits(ordered, [counted[p["key"]] for p in params])
        return True


@lru_cache(maxsize=PG_KEYS_PER_STATEMENT)
def _facts_and_hits(count: int) -> CompoundSelect[Any]:
    """``_BATCH_FACTS`` and ``count`` keys' upsert (``_count_many``) as one PostgreSQL statement:
    facts rows ``(ord, facts..., NULL x 4)``, then hit rows ``(NULL x 7, window_start, hits,
    previous_hits, key)``. An untyped NULL takes the other branch's type in a UNION."""
    counted = _count_many(count).cte("counted")
    facts = _BATCH_FACTS.add_columns(null(), null(), null(), null())
    hits = select(*(null() for _ in range(7)), *counted.c)
    return union_all(facts, hits)


def _read_and_count_sync(
    connection: sqlite3.Connection,
    facts_sql: str,
    facts_work: _FactsWork,
    count_sql: str,
    count_args: list[list[Any]],
) -> tuple[list[_Row], list[tuple[Any, ...]]]:
    """Runs on the driver's thread: the reads first (autocommit), then the hits' transaction."""
    return _facts_sync(connection, facts_sql, facts_work), _count_sync(connection, count_sql, count_args)
