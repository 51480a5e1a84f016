"""Driver connections kept checked out of the pool for the hottest statements.

Every statement of a post (its spam facts, its rate-limit hits, its write) used to check a
connection out of SQLAlchemy's pool and back in: a greenlet switch, the pool's bookkeeping and
events, and an ``AsyncConnection`` to build, which together cost more CPU than running a
primary-key look-up. ``Leases`` checks a few connections out once and lends their raw driver
connection (aiosqlite's or asyncpg's) to one caller at a time; a free one is handed out without
awaiting anything. When all are lent, or the caller runs in an event loop other than the one the
leases were opened in (a CLI or a test that runs several loops), the caller gets an ordinary
pooled connection instead, so nobody waits for a lease and nothing crosses event loops.

A lent connection goes back to the free list unless it may be unusable: an asyncpg connection
after anything but a normal return or a statement's own error (a cancelled query can leave its
protocol busy; a terminated backend sends a fatal error first), an aiosqlite connection whose
thread has stopped. Those are invalidated (closed),
and the next caller opens a fresh one. ``close`` hands every connection back before the engine
is disposed.

Leased connections come out of the same pool as everyone else's. When the database refuses the
pool a new connection (PostgreSQL's ``max_connections`` or the role's ``CONNECTION LIMIT`` is
reached), the store is told and the leases hand their free connections back to the pool
(``shed``): otherwise a burst could leave every connection the process may hold idle in the free
list, while each statement that takes the ordinary way asks the database for one more and is
refused, for good (found by tests/api/test_database_busy.py). The request that met the refusal
still gets its 503; the next ones find the pool's idle connections.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Coroutine
from contextlib import asynccontextmanager
from typing import Any

from asyncpg import PostgresError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

# A session for statements whose plan does not depend on the values bound (see ``SessionLease``).
GENERIC_PLANS = "SET plan_cache_mode = force_generic_plan"


class Leases:
    def __init__(self, engine: AsyncEngine, size: int) -> None:
        self._engine = engine
        self._size = size
        self._free: list[tuple[AsyncConnection, Any]] = []
        self._held: set[AsyncConnection] = set()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._closing: set[asyncio.Task[None]] = set()
        self._closed = False
        self._sessions: list[SessionLease] = []

    def session(self, setup: str) -> SessionLease:
        """A ``SessionLease`` with these session settings, closed with the leases."""
        lease = SessionLease(self._engine, setup)
        self._sessions.append(lease)
        return lease

    @asynccontextmanager
    async def driver(self) -> AsyncIterator[Any]:
        """A raw driver connection for this caller alone, until the block ends."""
        loop = asyncio.get_running_loop()
        if self._loop is None:
            self._loop = loop
        if self._closed or loop is not self._loop or (not self._free and len(self._held) >= self._size):
            async with self._engine.connect() as conn:  # the ordinary way: checked out and back in
                raw = await conn.get_raw_connection()
                yield raw.driver_connection
            return
        conn, driver = self._free.pop() if self._free else await self._open()
        while not _reusable(driver, None):  # died while it was free (a restarted server)
            self._discard(conn)
            conn, driver = self._free.pop() if self._free else await self._open()
        try:
            yield driver
        except BaseException as exc:
            self._give_back(conn, driver, exc)
            raise
        self._give_back(conn, driver, None)

    async def close(self) -> None:
        """Return every connection to the pool (before ``engine.dispose``)."""
        self._closed = True
        for session in self._sessions:
            await session.close()
        free, self._free = self._free, []
        for conn, _ in free:
            self._held.discard(conn)
            await _quietly_close(conn)
        if self._closing:
            await asyncio.wait(self._closing)

    def shed(self) -> int:
        """Hand every free connection back to the pool, where any caller can take it; how many.

        They are checked in, not closed: the pool keeps them open, and a lease taken later checks
        one out again. Only in the event loop the leases serve: their connections belong to it.
        """
        try:
            if asyncio.get_running_loop() is not self._loop:
                return 0
        except RuntimeError:
            return 0
        free, self._free = self._free, []
        for conn, _ in free:
            self._held.discard(conn)
            self._in_background(_quietly_close(conn))
        return len(free)

    @property
    def lent(self) -> int:
        """How many connections are checked out for leases (free or in use), for tests and stats."""
        return len(self._held)

    async def _open(self) -> tuple[AsyncConnection, Any]:
        conn = self._engine.connect()
        self._held.add(conn)
        try:
            await conn.start()
            raw = await conn.get_raw_connection()
        except BaseException:
            self._held.discard(conn)
            raise
        return conn, raw.driver_connection

    def _give_back(self, conn: AsyncConnection, driver: Any, error: BaseException | None) -> None:
        if not self._closed and _reusable(driver, error):
            self._free.append((conn, driver))
            return
        self._discard(conn)

    def _discard(self, conn: AsyncConnection) -> None:
        """Forget a connection that may be unusable; it is invalidated (closed) in the background."""
        self._held.discard(conn)
        self._in_background(_quietly_close(conn, invalidate=not self._closed))

    def _in_background(self, closing: Coroutine[Any, Any, None]) -> None:
        """Run a close as its own task, which ``close`` waits for."""
        task = asyncio.get_running_loop().create_task(closing)
        self._closing.add(task)
        task.add_done_callback(self._closing.discard)


# SQLSTATE classes after which a PostgreSQL connection is gone or its session is in doubt:
# connection exceptions, operator intervention (a terminated backend), resources, system, internal.
_FATAL_CLASSES = ("08", "57", "53", "58", "XX")


def _reusable(driver: Any, error: BaseException | None) -> bool:
    if hasattr(driver, "is_closed"):  # asyncpg
        if driver.is_closed() or driver.is_in_transaction():
            return False
        if error is None:
            return True
        # a statement's own failure (a duplicate key, a bad value) leaves the session as it was
        sqlstate = str(getattr(error, "sqlstate", "") or "")
        return isinstance(error, PostgresError) and sqlstate[:2] not in _FATAL_CLASSES
    # aiosqlite: each trip to its thread is a whole statement or transaction, which ends (commits or
    # rolls back) on that thread even if its caller was cancelled; the next trip queues behind it.
    return bool(getattr(driver, "_running", False)) and getattr(driver, "_connection", None) is not None


async def _quietly_close(conn: AsyncConnection, *, invalidate: bool = False) -> None:
    try:
        if invalidate:
            await conn.invalidate()
        await conn.close()
    except Exception:  # a broken connection may fail to close; the pool forgets it anyway
        return


class SessionLease:
    """One driver connection kept for a single writer that runs one batch at a time, with session
    settings that no other caller may inherit.

    The rate-limit hits use it on PostgreSQL with ``synchronous_commit = off`` for the whole
    session: each batch is then one autocommitted statement (one round trip) instead of BEGIN,
    ``SET LOCAL``, the upserts and COMMIT. The spam-facts read and the post write (one batch at a
    time per process) use one each with ``plan_cache_mode = force_generic_plan``: their plans do
    not depend on the values bound, and PostgreSQL otherwise re-planned each execution (a batch
    of asks unnested from an array is estimated at 100 rows when planned without its values, so
    the generic plan never looked cheaper), which cost more than running them. Because of such
    settings the connection never goes back to the pool: ``close`` closes it, and so does any
    error that may have left it unusable.
    ``driver`` yields ``None`` when the connection is in use or belongs to another event loop;
    the caller then takes its ordinary way.
    """

    def __init__(self, engine: AsyncEngine, setup: str) -> None:
        self._engine = engine
        self._setup = setup
        self._conn: tuple[AsyncConnection, Any] | None = None
        self._busy = False
        self._loop: asyncio.AbstractEventLoop | None = None
        self._closed = False
        self._closing: set[asyncio.Task[None]] = set()

    @asynccontextmanager
    async def driver(self) -> AsyncIterator[Any | None]:
        loop = asyncio.get_running_loop()
        if self._loop is None:
            self._loop = loop
        if self._closed or self._busy or loop is not self._loop:
            yield None
            return
        self._busy = True
        try:
            if self._conn is None or not _reusable(self._conn[1], None):
                self._forget()
                self._conn = await self._open()
            try:
                yield self._conn[1]
            except BaseException as exc:
                if not _reusable(self._conn[1], exc):
                    self._forget()
                raise
        finally:
            self._busy = False
            if self._closed:
                self._forget()

    async def close(self) -> None:
        self._closed = True
        if not self._busy:
            self._forget()
        if self._closing:
            await asyncio.wait(self._closing)

    async def _open(self) -> tuple[AsyncConnection, Any]:
        conn = self._engine.connect()
        try:
            await conn.start()
            driver: Any = (await conn.get_raw_connection()).driver_connection
            await driver.execute(self._setup)
        except BaseException:
            await _quietly_close(conn, invalidate=True)
            raise
        return conn, driver

    def _forget(self) -> None:
        """Close the connection for good (in the background): its session settings must not reach
        the pool, so it is invalidated rather than checked back in."""
        if self._conn is None:
            return
        conn, self._conn = self._conn[0], None
        task = asyncio.get_running_loop().create_task(_quietly_close(conn, invalidate=True))
        self._closing.add(task)
        task.add_done_callback(self._closing.discard)
