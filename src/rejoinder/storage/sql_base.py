"""What every part of ``SqlStore`` shares: the engines, the upsert dialect and the version bump.

``SqlStore`` is assembled from one mixin per concern (sites, comments, search, privacy,
learning, moderation); each mixin reaches the database only through ``SqlBase``.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy import Select, Table, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql import ClauseElement

from rejoinder.storage.engine import LEASES, Engines
from rejoinder.storage.leases import Leases
from rejoinder.storage.rows import to_db_time
from rejoinder.storage.schema import threads
from rejoinder.storage.write_queue import queued_writer

SQLITE_TIME_FORMAT = "%Y-%m-%d %H:%M:%S.%f"  # sqlalchemy.dialects.sqlite.DATETIME's storage format
JSON_COLUMNS = ("payload", "reasons")  # bound as text on the lean SQLite path, as SQLAlchemy would
T = TypeVar("T")


class SqlBase:
    """Holds the engines. ``_read`` for queries, ``_write`` for transactions that change rows."""

    _db: Engines
    _leases: Leases

    def __init__(self, engines: Engines) -> None:
        self._db = engines
        self._leases = Leases(engines.root, LEASES[engines.backend])

    @property
    def backend(self) -> str:
        return self._db.backend

    def _upsert(self, table: Table) -> Any:
        """``INSERT`` that understands ``ON CONFLICT`` on this backend (both dialects spell it alike)."""
        if self._db.backend == "postgresql":
            return postgresql.insert(table)
        return sqlite.insert(table)

    async def _fetch_plain(
        self, query: Select[Any], params: Mapping[str, Any] | None = None
    ) -> Sequence[Sequence[Any]]:
        """All rows of a read, with as little between the driver and the caller as possible.

        The hot reads (a thread's version, an API key, a site's bans...) use this. On SQLite it is
        one hop to the driver thread instead of four, and no SQLAlchemy result processing: times
        arrive as ISO text, JSON as a string and booleans as 0/1, which the positional ``rows``
        converters accept. Parameters are bound the way SQLAlchemy's SQLite types would bind them
        (``_sqlite_param``). On PostgreSQL the compiled SQL goes straight to asyncpg, whose rows
        hold what SQLAlchemy's would (its JSON codecs are set on every pooled connection).
        Both run on a leased connection (``storage.leases``): no pool checkout per statement.

        With ``params``, ``query`` is a module-level constant with named ``bindparam``s and its SQL
        is compiled once (compiling costs more than running a primary-key lookup); without, the
        query is compiled on each call (IN lists whose length varies).
        """
        dialect = self._db.root.dialect
        if params is None:
            if self._db.backend != "sqlite":
                async with self._db.read.connect() as conn:
                    return (await conn.execute(query)).all()
            sql, names = _compile_sqlite(query, dialect)
            args = [_sqlite_param(value) for value in names.values()]
        else:
            sql, order, carried = _compiled_constant(query, dialect)
            if self._db.backend != "sqlite":  # asyncpg, with SQLAlchemy's codecs already on the connection
                async with self._leases.driver() as pg:
                    return await pg.fetch(sql, *_bound(params, order, carried))  # type: ignore[no-any-return]
            args = [_sqlite_param(value) for value in _bound(params, order, carried)]
        async with self._leases.driver() as db:
            return list(await db.execute_fetchall(sql, args))

    async def _on_sqlite_thread(self, work: Callable[..., T], *args: Any) -> T:
        """Run ``work(sqlite3_connection, *args)`` on aiosqlite's driver thread, in one trip.

        The hottest writes (posts, recorded checks, rate-limit hits) go this way: each trip to that
        thread waits for the GIL, up to the switch interval (5 ms) while the event loop is busy, and
        a transaction through SQLAlchemy makes several. aiosqlite's ``_execute`` is private API,
        which is why the version is pinned and why this is the only place that calls it."""
        async with self._leases.driver() as db:
            result: T = await db._execute(work, db._conn, *args)
            return result

    @staticmethod
    async def _bump_threads(conn: AsyncConnection, thread_ids: Iterable[int]) -> None:
        """Tell read caches that these threads changed, in the caller's transaction."""
        ids = sorted(set(thread_ids))
        if ids:
            await conn.execute(
                update(threads).where(threads.c.id.in_(ids)).values(version=threads.c.version + 1)
            )


def _bound(values: Mapping[str, Any], order: Sequence[str], carried: Mapping[str, Any]) -> list[Any]:
    """A compiled constant's parameters in its ``order``: the caller's ``values``, else the
    literals the statement carries itself (see ``_compiled_constant``)."""
    return [values[n] if n in values else carried[n] for n in order]


def _sqlite_param(value: Any) -> Any:
    """What SQLAlchemy's SQLite dialect would send: UTC times as its fixed text format."""
    if isinstance(value, datetime):
        return _sqlite_time(value)
    if value is None or isinstance(value, int | float | str):  # bool is an int
        return value
    raise TypeError(f"_fetch_plain cannot bind {type(value).__name__}; use conn.execute")


def _sqlite_time(value: datetime) -> str:
    """``SQLITE_TIME_FORMAT`` of the UTC time: ``isoformat`` writes the same text for years from
    1000 on at half ``strftime``'s cost, and a time already in UTC is not converted (every post
    binds two or three)."""
    if value.tzinfo is not UTC:
        value = to_db_time(value)
    if value.year < 1000:  # strftime does not pad the year
        return value.replace(tzinfo=None).strftime(SQLITE_TIME_FORMAT)
    return value.replace(tzinfo=None).isoformat(" ", "microseconds")


def _sqlite_args(values: Mapping[str, Any], order: Sequence[str]) -> list[Any]:
    """A row's parameters, in ``order``, as SQLAlchemy's SQLite types bind them: JSON as text."""
    return [json.dumps(values[n]) if n in JSON_COLUMNS else _sqlite_param(values[n]) for n in order]


@contextmanager
def _immediate_transaction(connection: sqlite3.Connection) -> Iterator[None]:
    """On the driver's thread: the write lock up front (BEGIN IMMEDIATE), COMMIT at the end, and a
    ROLLBACK on any error, so the pooled connection never goes back inside a transaction. The
    writer first queues for the lock with the other processes (``storage.write_queue``)."""
    with queued_writer(connection):
        connection.execute("BEGIN IMMEDIATE")
        try:
            yield
            connection.execute("COMMIT")
        except BaseException:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise


def _compile_sqlite(query: Select[Any], dialect: Dialect) -> tuple[str, dict[str, Any]]:
    """The SQL and its positional parameters (in order), IN lists expanded."""
    compiled = query.compile(dialect=dialect, compile_kwargs={"render_postcompile": True})
    params = compiled.construct_params()
    return compiled.string, {name: params[name] for name in compiled.positiontup or ()}


_CONSTANTS: dict[tuple[int, str], tuple[ClauseElement, str, tuple[str, ...], dict[str, Any]]] = {}


Compiled = tuple[str, tuple[str, ...], dict[str, Any]]  # SQL, parameter order, carried literals


def _compiled_constant(query: ClauseElement, dialect: Dialect) -> Compiled:
    """Compile a constant statement once per dialect: its SQL, parameter order and the values it
    carries itself (literals such as a status or a LIMIT). Keyed by identity and dialect (one
    process may hold a SQLite and a PostgreSQL store); the entry keeps the statement alive."""
    key = (id(query), dialect.name)
    hit = _CONSTANTS.get(key)
    if hit is None or hit[0] is not query:
        compiled: Any = query.compile(dialect=dialect)  # a SQLCompiler: binds, positiontup
        carried = {name: bind.value for name, bind in compiled.binds.items() if bind.value is not None}
        hit = (query, compiled.string, tuple(compiled.positiontup or ()), carried)
        _CONSTANTS[key] = hit
    return hit[1], hit[2], hit[3]
