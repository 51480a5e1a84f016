"""A queue for SQLite's write lock across processes: ``flock`` on a file beside the database.

Several server processes share one SQLite file, and only one may write at a time. SQLite makes
the others wait in its busy handler, which sleeps and polls (1, 2, 5, 10, 15, 20, 25 ms...): a
writer that finds the lock taken mostly sleeps well past the moment it is released, and a post
waits for those sleeps. The hot writers (posts, recorded checks, rate-limit hits) therefore queue
on an exclusive ``flock`` first, which the kernel hands to the next waiter the moment it is
released, and take SQLite's lock (``BEGIN IMMEDIATE``) only once they hold it.

The queue is an optimisation, never the lock itself: SQLite's lock still decides, so a writer that
does not queue (a dashboard action through SQLAlchemy, another tool) stays correct and is merely
waited for in the busy handler as before. Each aiosqlite connection runs on its own thread, so
each thread keeps its own open file (one per database path) and threads of one process queue
against each other as processes do. The kernel releases a dead process's ``flock``.
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager

SUFFIX = "-writers"  # the queue's file: "<database>-writers", beside "-wal" and "-shm"

_local = threading.local()


@contextmanager
def queued_writer(connection: sqlite3.Connection) -> Iterator[None]:
    """Hold the queue for ``connection``'s database file while the block runs (on its thread)."""
    fd = _queue_file(connection)
    if fd is None:  # an in-memory or temporary database: nobody else can queue for it
        yield
        return
    fcntl.flock(fd, fcntl.LOCK_EX)  # blocks this driver thread only, without the GIL
    try:
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)


def _queue_file(connection: sqlite3.Connection) -> int | None:
    """This thread's queue file for the connection's database (a driver thread serves one
    connection for its whole life, so the answer is kept per thread)."""
    kept: tuple[int, _File | None] | None = getattr(_local, "kept", None)
    if kept is None or kept[0] != id(connection):
        path = _main_file(connection)
        kept = _local.kept = (id(connection), _File(path + SUFFIX) if path else None)
    return kept[1].fd if kept[1] is not None else None


def _main_file(connection: sqlite3.Connection) -> str:
    for _, name, path in connection.execute("PRAGMA database_list").fetchall():
        if name == "main":
            return str(path or "")
    return ""


class _File:
    """An open queue file; closed when its thread ends (thread-local values are then released)."""

    def __init__(self, path: str) -> None:
        self.fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)

    def __del__(self) -> None:
        os.close(self.fd)
