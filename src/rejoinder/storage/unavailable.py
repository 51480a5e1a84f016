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

from sqlalchemy import exc as sa


def gave_up_waiting(error: BaseException) -> bool:
    """True when ``error`` (or what it wraps: SQLAlchemy's ``.orig``, a ``__cause__``) is a
    lock, pool or database wait that timed out."""
    seen: BaseException | None = error
    for _ in range(4):
        if seen is None:
            return False
        if isinstance(seen, (sa.TimeoutError, TimeoutError)):
            return True
        if isinstance(seen, sqlite3.OperationalError) and "locked" in str(seen):
            return True
        seen = getattr(seen, "orig", None) or seen.__cause__
    return False
