"""The two store calls of a comment post: its spam facts in one read, its rows in one write.

A post used to cost five look-ups (bans, same text, website host, trusted author, learning
version) and two durable commits (the recorded check, then the comment). On SQLite each
statement is a hop to the driver thread and each commit an fsync, which together were most of a
post's time. Now the look-ups of concurrent posts are one read (``storage.spam_facts``), and the
checks and comments of concurrent posts are written in one transaction (``GroupCommit``): one
fsync for all of them, each caller still answered only after its own rows are durable.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from asyncpg import IntegrityConstraintViolationError, NotNullViolationError
from sqlalchemy import BigInteger, Insert, Select, any_, bindparam, func, select, update
from sqlalchemy.dialects.postgresql import ARRAY

from rejoinder.domain import Comment, NewComment
from rejoinder.errors import Conflict, NotFound, ThreadClosed
from rejoinder.storage import rows
from rejoinder.storage.base import SpamCheckRecord
from rejoinder.storage.first_trip import FirstTripMixin
from rejoinder.storage.group_commit import GroupCommit
from rejoinder.storage.learning import INSERT_CHECK
from rejoinder.storage.leases import GENERIC_PLANS
from rejoinder.storage.schema import comments, spam_checks, threads
from rejoinder.storage.sql_base import (
    JSON_COLUMNS,
    _bound,
    _compiled_constant,
    _immediate_transaction,
    _sqlite_args,
    _sqlite_param,
)

# The bump reads the thread's closed flag in the write transaction itself: a thread closed by any
# process a moment ago takes no comment, even from a caller that knew the thread from a cache.
_BUMP = (
    update(threads)
    .where(threads.c.id == bindparam("b_thread_id"))
    .values(version=threads.c.version + 1)
    .returning(threads.c.closed)
)
_THREAD_CLOSED = select(threads.c.closed).where(threads.c.id == bindparam("b_thread_id"))
_COMMENT_COLUMNS = tuple(c.name for c in comments.c if c.name not in ("id", "edited_at"))
_INSERT_COMMENT: Insert = (
    comments.insert().values({n: bindparam(n) for n in _COMMENT_COLUMNS}).returning(comments.c.id)
)
_CHECK_COLUMNS = tuple(c.name for c in spam_checks.c)
PG_ROWS_PER_STATEMENT = 16  # a longer batch is written in several statements (each size compiled once)


# PostgreSQL: the batch's open threads, locked in id order (two processes never lock two threads
# in opposite orders; FOR UPDATE re-reads ``closed`` once the lock is held), then bumped once each.
_OPEN_THREADS = (
    select(threads.c.id)
    .where(
        threads.c.id == any_(bindparam("thread_ids", type_=ARRAY(BigInteger))), threads.c.closed.is_(False)
    )
    .order_by(threads.c.id)
    .with_for_update()
    .cte("open_threads")
)
_BUMPED = (
    update(threads)
    .where(threads.c.id == _OPEN_THREADS.c.id)
    .values(version=threads.c.version + 1)
    .returning(threads.c.id)
    .cte("bumped")
)


# The comments' ids, drawn from their sequence before the rows go in, one per post's ordinal
# (0-based, the post's place in the batch). MATERIALIZED: each ordinal's nextval runs exactly once.
_COMMENT_SEQUENCE = func.pg_get_serial_sequence(comments.name, comments.c.id.name)


@lru_cache(maxsize=PG_ROWS_PER_STATEMENT)
def _insert_posts(count: int) -> Select[tuple[int, int]]:
    """``count`` posts in one PostgreSQL statement: their threads bumped, their checks and their
    comments. Data-modifying CTEs always run, all or nothing with the statement. A comment's
    ``thread_id`` is read from the bumped rows, so a closed or missing thread leaves it NULL and the
    NOT NULL constraint undoes the whole statement, checks and bumps included.

    Post ``i``'s comment is inserted under the id drawn for ordinal ``i``, and the statement
    answers ``(ordinal, id)`` for each inserted row: which id is whose holds by construction, not
    by the order in which PostgreSQL happens to hand out sequence values or return rows.
    Parameters are ``thread_ids``, ``k{i}_{column}`` (checks) and ``c{i}_{column}`` (comments)."""
    ordinals = func.generate_series(0, count - 1).table_valued("ordinal").render_derived("ordinals")
    new_ids = (
        select(ordinals.c.ordinal, func.nextval(_COMMENT_SEQUENCE).label("id"))
        .cte("new_ids")
        .prefix_with("MATERIALIZED")
    )
    checks = (
        spam_checks.insert()
        .values([{n: bindparam(f"k{i}_{n}") for n in _CHECK_COLUMNS} for i in range(count)])
        .cte("checks")
    )
    rows = [
        {
            **{n: bindparam(f"c{i}_{n}") for n in _COMMENT_COLUMNS},
            "id": select(new_ids.c.id).where(new_ids.c.ordinal == i).scalar_subquery(),
            "thread_id": select(_BUMPED.c.id)
            .where(_BUMPED.c.id == bindparam(f"c{i}_thread_id"))
            .scalar_subquery(),
        }
        for i in range(count)
    ]
    inserted = comments.insert().values(rows).returning(comments.c.id).cte("inserted")
    return (
        select(new_ids.c.ordinal, inserted.c.id)
        .join_from(new_ids, inserted, inserted.c.id == new_ids.c.id)
        .add_cte(_OPEN_THREADS, _BUMPED, checks)
    )


@dataclass(slots=True)
class _Post:
    """One post waiting for the shared commit; the writer fills in the new comment's id."""

    thread_id: int
    parent_id: int | None
    comment: dict[str, Any]
    check: dict[str, Any]
    comment_id: int = field(default=0)


def _no_parent(post: _Post) -> NotFound:
    return NotFound(f"no comment with id {post.parent_id} to reply to", field="parent_id")


def _replayed(post: _Post) -> Conflict:
    guid = post.check["guid"]
    return Conflict(f"check {guid!r} is already recorded or names a missing site or comment", field="guid")


def _no_thread(post: _Post) -> NotFound:
    return NotFound(f"no thread with id {post.thread_id}", field="thread_id")


def _closed(post: _Post) -> ThreadClosed:
    return ThreadClosed(f"thread {post.thread_id} is closed: it takes no new comments", field="thread_id")


def _refuse_unless_open(post: _Post, bumped: Sequence[Sequence[Any]]) -> None:
    """What the bump found: no thread, a closed one (both refuse the post), or an open one."""
    if not bumped:
        raise _no_thread(post)
    if bumped[0][0]:
        raise _closed(post)


def _refusal_of(post: _Post, found: Sequence[Sequence[Any]]) -> NotFound | ThreadClosed:
    """Why a thread took no comment: it is gone, or closed (or was, a moment ago: closed it is)."""
    return _no_thread(post) if not found else _closed(post)


class PostingMixin(FirstTripMixin):
    _posts: GroupCommit[_Post]

    def _init_posts(self) -> None:
        self._init_facts()
        self._posts = GroupCommit(self._write_posts, self._write_posts_one)
        self._posts_session = self._leases.session(GENERIC_PLANS)  # durable: synchronous_commit stays on

    async def insert_checked_comment(
        self, new: NewComment, check: SpamCheckRecord, text_hash: str = ""
    ) -> Comment:
        """Both rows, or ``Conflict`` (a replay), ``ThreadClosed``, or ``NotFound`` (no thread or parent)."""
        created = rows.utcnow()
        post = _Post(
            thread_id=new.thread_id,
            parent_id=new.parent_id,
            comment=rows.comment_values(new, text_hash, created),
            check={
                "guid": check.guid,
                "site_id": check.site_id,
                "api_key": check.api_key,
                "comment_id": check.comment_id,
                "payload": dict(check.payload),
                "score": float(check.score),
                "decision": check.decision.value,
                "is_test": check.is_test,
                "created_at": rows.to_db_time(check.created_at) if check.created_at else created,
            },
        )
        await self._posts.submit(post)
        return rows.inserted_comment(new, post.comment_id, created)

    # -- the shared write -------------------------------------------------------------------------
    async def _write_posts_one(self, post: _Post) -> None:
        await self._write_posts([post])

    async def _write_posts(self, batch: list[_Post]) -> None:
        """One transaction for the batch. A typed error aborts it; ``GroupCommit`` then retries
        each post alone, so only the offending caller sees it."""
        if self._db.backend == "sqlite":
            await self._write_posts_sqlite(batch)
            return
        await self._write_posts_postgres(batch)

    async def _write_posts_postgres(self, batch: list[_Post]) -> None:
        """Straight on asyncpg (a session kept for posts, on generic plans; else a leased
        connection): a batch of up to ``PG_ROWS_PER_STATEMENT`` posts is one autocommitted
        statement (``_insert_posts``), one round trip where each post used to take three
        statements inside BEGIN and COMMIT; PostgreSQL's CPU per post was mostly per-statement
        work, not the rows. Its commit waits for the disk (synchronous_commit is on for that
        session and every leased connection), so no caller hears of a row before it is durable. A longer
        batch is several statements in one transaction: all of it or none, as ``GroupCommit``
        retries a failed batch post by post. A typed error names its post exactly when the batch
        is one post (as the retry makes it). JSON is bound as text, as SQLAlchemy binds it."""
        async with self._posts_session.driver() as session:
            if session is not None:
                await self._insert_posts_on(session, batch)
                return
        async with self._leases.driver() as pg:  # the session is another event loop's, or closing
            await self._insert_posts_on(pg, batch)

    async def _insert_posts_on(self, pg: Any, batch: list[_Post]) -> None:
        if len(batch) <= PG_ROWS_PER_STATEMENT:
            await self._insert_posts_raw(pg, batch)
            return
        async with pg.transaction():
            for start in range(0, len(batch), PG_ROWS_PER_STATEMENT):
                await self._insert_posts_raw(pg, batch[start : start + PG_ROWS_PER_STATEMENT])

    async def _insert_posts_raw(self, pg: Any, posts: list[_Post]) -> None:
        """One statement for these posts; fills in each post's comment id."""
        compiled = _compiled_constant(_insert_posts(len(posts)), self._db.root.dialect)
        values: dict[str, Any] = {"thread_ids": sorted({p.thread_id for p in posts})}
        for i, post in enumerate(posts):
            values.update((f"k{i}_{n}", _pg_value(n, v)) for n, v in post.check.items())
            values.update((f"c{i}_{n}", _pg_value(n, v)) for n, v in post.comment.items())
        try:
            found = await pg.fetch(compiled[0], *_bound(values, compiled[1], compiled[2]))
        except NotNullViolationError as exc:  # the thread is closed or gone: say which
            known = await self._fetch_plain(_THREAD_CLOSED, {"b_thread_id": posts[0].thread_id})
            raise _refusal_of(posts[0], known) from exc
        except IntegrityConstraintViolationError as exc:
            refused = _replayed if getattr(exc, "table_name", "") == spam_checks.name else _no_parent
            raise refused(posts[0]) from exc
        ids = {int(ordinal): int(comment_id) for ordinal, comment_id in found}
        if sorted(ids) != list(range(len(posts))):  # every row went in, or the statement failed
            raise RuntimeError(f"a post batch of {len(posts)} answered for ordinals {sorted(ids)}")
        for ordinal, post in enumerate(posts):
            post.comment_id = ids[ordinal]

    async def _write_posts_sqlite(self, batch: list[_Post]) -> None:
        """The whole transaction in one trip to the driver's thread (``_write_batch_sync``).

        Each trip to aiosqlite's thread waits for the GIL, up to the switch interval (5 ms)
        while the event loop is busy; a post used to make seven (``SqlBase._on_sqlite_thread``).
        SQL is compiled once and parameters are bound as SQLAlchemy's SQLite types would bind them.
        """
        dialect: Any = self._db.root.dialect
        bump_sql, bump_order, bump_carried = _compiled_constant(_BUMP, dialect)
        check_sql, check_order, _ = _compiled_constant(INSERT_CHECK, dialect)
        comment_sql, comment_order, _ = _compiled_constant(_INSERT_COMMENT, dialect)
        statements = [
            (
                post,
                [_sqlite_param(v) for v in _bound({"b_thread_id": post.thread_id}, bump_order, bump_carried)],
                _sqlite_args(post.check, check_order),
                _sqlite_args(post.comment, comment_order),
            )
            for post in batch
        ]
        await self._on_sqlite_thread(_write_batch_sync, (bump_sql, check_sql, comment_sql), statements)


Statements = list[tuple[_Post, list[Any], list[Any], list[Any]]]


def _write_batch_sync(
    connection: sqlite3.Connection, sql: tuple[str, str, str], statements: Statements
) -> None:
    """Runs on the driver's thread: BEGIN IMMEDIATE, per post bump + check + comment, COMMIT."""
    bump_sql, check_sql, comment_sql = sql
    with _immediate_transaction(connection):
        for post, bump, check, comment in statements:
            _refuse_unless_open(post, connection.execute(bump_sql, bump).fetchall())
            try:
                connection.execute(check_sql, check)
            except sqlite3.IntegrityError as exc:
                raise _replayed(post) from exc
            try:
                found = connection.execute(comment_sql, comment).fetchall()
            except sqlite3.IntegrityError as exc:
                raise _no_parent(post) from exc
            post.comment_id = int(found[0][0])


def _pg_value(name: str, value: Any) -> Any:
    return json.dumps(value) if name in JSON_COLUMNS else value
