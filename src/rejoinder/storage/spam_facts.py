"""A post's spam facts, read for a whole batch of concurrent posts at once.

Every post (and every Akismet check) asks the site's history five things before the engine runs:
the same text seen lately, this author approved before, the learning log's version, the bans, and
how often the website's host was approved. Session 3 made that one statement per post; under load
it was the largest PostgreSQL statement per post, and a statement's fixed cost (parse, bind,
plan, a round trip, a trip to aiosqlite's thread) was most of it.

Here the asks of concurrent posts gather (``GroupCommit``'s batching, shared with the rate-limit
hits, ``first_trip``: whoever arrives while a batch
is in flight joins the next one; a lone ask on an idle store is read at once, and a busy store
waits 1 ms for company first, ``Gathering``, which lines up the posts for every later stage) and
a batch is one read:

- PostgreSQL: one statement over the asks unnested from arrays ``WITH ORDINALITY``; the answers
  come back keyed by that ordinal, so they are matched to their asks by construction. Its text
  does not depend on the batch size, so it is prepared once, on a session kept for it that uses
  generic plans (``leases.SessionLease``: re-planning it for each batch cost more than running
  it).
- SQLite: one statement per ask, all in one trip to the driver's thread.

The website host is counted on ``comments.author_host`` (migration 0006), by its index: it used to
be every approved website of the site that mentioned the host, parsed in Python, a scan that grew
with the site.

Bans are listed once per site of the batch, and only for a site that has any.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Text,
    bindparam,
    case,
    cast,
    column,
    exists,
    false,
    func,
    or_,
    select,
)
from sqlalchemy.dialects.postgresql import ARRAY

from rejoinder.domain import CommentStatus
from rejoinder.storage import rows
from rejoinder.storage.base import FactsQuery, SpamFacts
from rejoinder.storage.group_commit import GroupCommit
from rejoinder.storage.hosts import compared_host
from rejoinder.storage.leases import GENERIC_PLANS
from rejoinder.storage.moderation import ModerationMixin
from rejoinder.storage.schema import UtcTime, bans, comments, learning_events, threads
from rejoinder.storage.sql_base import _bound, _compiled_constant, _sqlite_param
from rejoinder.storage.stats import (
    _SAME_HOST,
    _SAME_TEXT,
    _TRUSTED,
    StatsMixin,
    unindexed,
)

_APPROVED = CommentStatus.APPROVED.value

# SQLite (and one ask at a time): the facts of one ask.
_FACTS = select(
    case((bindparam("has_text") == 1, _SAME_TEXT.scalar_subquery()), else_=0),
    case((bindparam("trust") == 1, exists(_TRUSTED)), else_=False),
    select(func.coalesce(func.max(learning_events.c.id), 0))
    .where(learning_events.c.site_id == bindparam("site_id"))
    .scalar_subquery(),
    select(func.count(learning_events.c.undone_at))
    .where(learning_events.c.site_id == bindparam("site_id"))
    .scalar_subquery(),
    select(func.count())
    .select_from(bans)
    .where(or_(bans.c.site_id == bindparam("site_id"), bans.c.site_id.is_(None)))
    .scalar_subquery(),
    case((bindparam("host") != "", _SAME_HOST.scalar_subquery()), else_=0),
)

# PostgreSQL: every ask of the batch, one row each, numbered by ``ord`` (1-based, in array order).
_ASKS = (
    func.unnest(
        cast(bindparam("site_ids"), ARRAY(BigInteger)),
        cast(bindparam("text_hashes"), ARRAY(Text)),
        cast(bindparam("sinces"), ARRAY(UtcTime)),
        cast(bindparam("trusts"), ARRAY(Boolean)),
        cast(bindparam("names"), ARRAY(Text)),
        cast(bindparam("emails"), ARRAY(Text)),
        cast(bindparam("urls"), ARRAY(Text)),
        cast(bindparam("hosts"), ARRAY(Text)),
    )
    .table_valued(
        column("site_id", BigInteger),
        column("text_hash", Text),
        column("since", UtcTime),
        column("trust", Boolean),
        column("name", Text),
        column("email", Text),
        column("url", Text),
        column("host", Text),
        with_ordinality="ord",
    )
    .render_derived("ask")
)
_a = _ASKS.c
_ASK_THREADS = select(threads.c.id).where(threads.c.site_id == _a.site_id).correlate(_ASKS)
_BATCH_FACTS = select(
    _a.ord,
    case(
        (
            _a.text_hash != "",
            select(func.count())
            .where(
                comments.c.text_hash == _a.text_hash,
                comments.c.created_at >= _a.since,
                unindexed(comments.c.thread_id).in_(_ASK_THREADS),
            )
            .correlate(_ASKS)
            .scalar_subquery(),
        ),
        else_=0,
    ),
    case(
        (
            _a.trust,
            exists(
                select(comments.c.id)
                .where(
                    comments.c.author_email == _a.email,
                    comments.c.author_name == _a.name,
                    comments.c.author_url == _a.url,
                    unindexed(comments.c.status) == _APPROVED,
                    unindexed(comments.c.thread_id).in_(_ASK_THREADS),
                )
                .correlate(_ASKS)
            ),
        ),
        else_=false(),
    ),
    select(func.coalesce(func.max(learning_events.c.id), 0))
    .where(learning_events.c.site_id == _a.site_id)
    .correlate(_ASKS)
    .scalar_subquery(),
    select(func.count(learning_events.c.undone_at))
    .where(learning_events.c.site_id == _a.site_id)
    .correlate(_ASKS)
    .scalar_subquery(),
    select(func.count())
    .select_from(bans)
    .where(or_(bans.c.site_id == _a.site_id, bans.c.site_id.is_(None)))
    .correlate(_ASKS)
    .scalar_subquery(),
    case(
        (
            _a.host != "",
            select(func.count())
            .where(
                comments.c.author_host == _a.host,
                unindexed(comments.c.status) == _APPROVED,
                unindexed(comments.c.thread_id).in_(_ASK_THREADS),
            )
            .correlate(_ASKS)
            .scalar_subquery(),
        ),
        else_=0,
    ),
).select_from(_ASKS)

# One row of facts: duplicates, trusted, highest event id, undone events, ban count, same host.
_Row = tuple[int, bool, int, int, int, int]


@dataclass(slots=True)
class _Ask:
    """One caller's question waiting for the batch; the reader fills in ``facts``."""

    query: FactsQuery
    host: str  # as compared with author_host (``hosts.compared_host``); "" when none was asked for
    facts: SpamFacts | None = None


def _host_count(ask: _Ask, same_host: int) -> int:
    """-1 when no host was asked about; else the approved websites on exactly that host."""
    if not ask.query.host:
        return -1
    return int(same_host) if ask.host else 0


class SpamFactsMixin(StatsMixin, ModerationMixin):
    _facts: GroupCommit[_Ask]  # shared with the rate-limit hits: ``FirstTripMixin._init_first_trip``

    def _init_facts(self) -> None:
        self._facts_session = self._leases.session(GENERIC_PLANS)

    async def spam_facts(self, query: FactsQuery) -> SpamFacts:
        ask = _Ask(query, compared_host(query.host) if query.host else "")
        await self._facts.submit(ask)
        assert ask.facts is not None
        return ask.facts

    async def _read_facts(self, batch: list[_Ask]) -> None:
        if self._db.backend == "sqlite":
            found = await self._on_sqlite_thread(_facts_sync, *self._facts_sqlite_work(batch))
        else:
            found = await self._facts_postgres(batch)
        await self._fill_facts(batch, found)

    async def _fill_facts(self, batch: list[_Ask], found: list[_Row]) -> None:
        """Each ask's ``SpamFacts`` from its row (and its site's bans, listed once per site)."""
        banned = sorted({ask.query.site_id for ask, row in zip(batch, found, strict=True) if row[4]})
        listed = dict(zip(banned, await asyncio.gather(*(self.list_bans(s) for s in banned)), strict=True))
        for ask, (duplicates, trusted, highest, undone, n_bans, same_host) in zip(batch, found, strict=True):
            ask.facts = SpamFacts(
                bans=tuple(listed[ask.query.site_id]) if n_bans else (),
                duplicates=int(duplicates),
                host_count=_host_count(ask, same_host),
                trusted=bool(trusted),
                learning_version=(int(highest), int(undone)),
            )

    async def _facts_postgres(self, batch: list[_Ask]) -> list[_Row]:
        """One statement for the batch; each answer row names its ask by ordinal."""
        sql, order, carried = _compiled_constant(_BATCH_FACTS, self._db.root.dialect)
        args = _bound(_batch_values(batch), order, carried)
        async with self._facts_session.driver() as session:
            if session is not None:
                found = await session.fetch(sql, *args)
        if session is None:  # in use by another event loop's batch, or closing: any lease will do
            async with self._leases.driver() as pg:
                found = await pg.fetch(sql, *args)
        return _by_ordinal(batch, found)

    def _facts_sqlite_work(self, batch: list[_Ask]) -> tuple[str, _FactsWork]:
        """The SQL and each ask's parameters, for ``_facts_sync`` on the driver's thread."""
        sql, order, carried = _compiled_constant(_FACTS, self._db.root.dialect)
        work: _FactsWork = []
        for ask in batch:
            q = ask.query
            params = {
                "site_id": q.site_id,
                "has_text": 1 if q.text_hash else 0,
                "text_hash": q.text_hash,
                "since": rows.to_db_time(q.since),
                "trust": 1 if q.trust else 0,
                "name": q.name,
                "email": q.email,
                "url": q.url,
                "host": ask.host,
            }
            work.append([_sqlite_param(v) for v in _bound(params, order, carried)])
        return sql, work


_FactsWork = list[list[Any]]


def _batch_values(batch: list[_Ask]) -> dict[str, list[Any]]:
    """``_BATCH_FACTS``' arrays: one element per ask, in the batch's order."""
    qs = [ask.query for ask in batch]
    return {
        "site_ids": [q.site_id for q in qs],
        "text_hashes": [q.text_hash for q in qs],
        "sinces": [rows.to_db_time(q.since) for q in qs],
        "trusts": [bool(q.trust) for q in qs],
        "names": [q.name for q in qs],
        "emails": [q.email for q in qs],
        "urls": [q.url for q in qs],
        "hosts": [ask.host for ask in batch],
    }


def _by_ordinal(batch: list[_Ask], found: Sequence[Sequence[Any]]) -> list[_Row]:
    """The answer rows ``(ord, facts...)`` put in the batch's order."""
    by_ordinal: dict[int, _Row] = {int(r[0]): tuple(r[1:7]) for r in found}
    return [by_ordinal[i] for i in range(1, len(batch) + 1)]


def _facts_sync(connection: sqlite3.Connection, sql: str, work: _FactsWork) -> list[_Row]:
    """Runs on the driver's thread: each ask's facts, no transaction."""
    return [connection.execute(sql, args).fetchone() for args in work]
