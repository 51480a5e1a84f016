"""Which errors mean "the database gave up waiting", not "this write is wrong".

SQLite answers "database is locked" once its busy timeout has passed with another process still
holding the write lock (a backup, a migration run by hand); SQLAlchemy's pool raises its
``TimeoutError`` once its wait for a free connection has passed; asyncpg raises ``TimeoutError``
when PostgreSQL did not answer a statement or a new connection within the server's
``database_timeout`` (``engine.create_engines``). None says anything about the
rows being written: the same rows, written again at once, wait the whole timeout again. Batched
writers (``group_commit``) use this to fail a whole batch at once instead of retrying its items
one by one, which multiplied the wait by the size of the batch.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

from sqlalchemy import exc as sa

CHAIN_DEPTH = 4  # SQLAlchemy wraps the driver's error in ``.orig``; our code may chain it once more


def causes(error: BaseException) -> Iterator[BaseException]:
    """``error`` and what it wraps (SQLAlchemy's ``.orig``, else ``__cause__``), outermost first."""
    seen: BaseException | None = error
    for _ in range(CHAIN_DEPTH):
        if seen is None:
            return
        yield seen
        seen = getattr(seen, "orig", None) or seen.__cause__


def is_wait_given_up(error: BaseException) -> bool:
    """This one error (not what it wraps) is a lock, pool or database wait that timed out."""
    if isinstance(error, (sa.TimeoutError, TimeoutError)):
        return True
    return isinstance(error, sqlite3.OperationalError) and "locked" in str(error)


def gave_up_waiting(error: BaseException) -> bool:
    """True when ``error`` or what it wraps is a lock, pool or database wait that timed out."""
    return any(is_wait_given_up(link) for link in causes(error))
