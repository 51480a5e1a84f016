"""From a database URL to one pooled async SQLAlchemy engine, tuned for its backend.

This is the only module that knows which URL means which driver. SQLite connections get their
durability and concurrency pragmas from a ``connect`` hook, so every pooled connection has them:
WAL (readers never block the writer), ``synchronous=FULL`` (a committed comment survives a
power cut or SIGKILL), foreign keys on, and a busy timeout so several server processes can
share one file. Write transactions on SQLite start with ``BEGIN IMMEDIATE``: taking the write
lock up front means a writer waits (busy timeout) instead of failing with "database is locked"
when it upgrades a read snapshot that another process has moved past. Reads run in autocommit,
so a read that takes several statements (a search's page and its total) is not one snapshot.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.util import await_only

from rejoinder.errors import ValidationError

BUSY_TIMEOUT_MS = 5_000
POSTGRES_POOL_SIZE = 16
SQLITE_POOL_SIZE = 16
# Connections each process keeps checked out for the hot statements (``storage.leases``), out of
# the pool above; the rest of the pool serves everything else.
LEASES = {"sqlite": 12, "postgresql": 8}
WRITE = {"rejoinder_write": True}  # execution option: this transaction will write

_SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    "PRAGMA foreign_keys=ON",
    f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}",
)


@dataclass(frozen=True, slots=True)
class Engines:
    """The one pool, seen three ways. ``read`` runs single statements without a transaction
    (autocommit: no BEGIN/ROLLBACK round trips on the hot reads), ``write`` runs transactions
    (on SQLite it claims the write lock up front), ``root`` owns the pool and is disposed on close."""

    read: AsyncEngine
    write: AsyncEngine
    root: AsyncEngine
    backend: str  # "sqlite" or "postgresql"


def driver_url(url: str) -> URL:
    """Map the URL people write to the async driver Rejoinder uses; reject anything else."""
    scheme = url.split("://", 1)[0].lower() if "://" in url else ""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise ValidationError(
            f"database URL {scheme or url!r} is not a URL: use sqlite:///path.db or postgresql://user@host/db",
            field="database_url",
        ) from exc
    base = parsed.drivername.split("+", 1)[0].lower()
    if base == "sqlite":
        if not parsed.database or parsed.database == ":memory:":
            raise ValidationError(
                "a SQLite database URL needs a file path: sqlite:///path/to/rejoinder.db",
                field="database_url",
            )
        return parsed.set(drivername="sqlite+aiosqlite")
    if base in ("postgresql", "postgres"):
        return parsed.set(drivername="postgresql+asyncpg")
    raise ValidationError(
        f"unsupported database URL scheme {parsed.drivername!r}: use sqlite:///path.db or "
        "postgresql://user@host/db",
        field="database_url",
    )


def create_engines(url: str, *, statement_timeout: float | None = None) -> Engines:
    """``statement_timeout`` bounds, on PostgreSQL, each statement's wait for its answer and each new
    connection's (asyncpg's ``command_timeout`` and connect ``timeout``): a server that stops
    answering without closing the connection (a frozen host, a partition) would otherwise hold
    the caller for good, since TCP tells nothing until someone writes. SQLite has its busy timeout."""
    target = driver_url(url)
    if target.drivername.startswith("sqlite"):
        return _sqlite_engines(target)
    bounded = (
        {}
        if statement_timeout is None
        else {"timeout": statement_timeout, "command_timeout": statement_timeout}
    )
    engine = create_async_engine(
        target,
        pool_size=POSTGRES_POOL_SIZE,
        max_overflow=POSTGRES_POOL_SIZE,
        pool_pre_ping=False,
        connect_args=bounded,
    )
    return Engines(
        read=engine.execution_options(isolation_level="AUTOCOMMIT"),
        write=engine,
        root=engine,
        backend="postgresql",
    )


def _sqlite_engines(target: URL) -> Engines:
    assert target.database is not None
    Path(target.database).expanduser().resolve().parent.mkdir(parents=True, exist_ok=True)
    engine = create_async_engine(target, pool_size=SQLITE_POOL_SIZE, max_overflow=SQLITE_POOL_SIZE)
    event.listen(engine.sync_engine, "connect", _on_sqlite_connect)
    event.listen(engine.sync_engine, "begin", _on_sqlite_begin)
    _skip_idle_rollbacks(engine)
    return Engines(read=engine, write=engine.execution_options(**WRITE), root=engine, backend="sqlite")


def _skip_idle_rollbacks(engine: AsyncEngine) -> None:
    """Do not send ROLLBACK to a connection that has no transaction open.

    Reads run in autocommit, yet SQLAlchemy ends each one (and each pool check-in) with a
    rollback: for aiosqlite that is a wasted hop to the driver thread on every read. sqlite3
    knows whether a transaction is open (``in_transaction``, read without a hop), so ask it.
    """
    dialect = engine.sync_engine.dialect
    rollback = dialect.do_rollback

    def do_rollback(dbapi_connection: Any) -> None:
        if dbapi_connection.driver_connection.in_transaction:
            rollback(dbapi_connection)

    dialect.do_rollback = do_rollback  # type: ignore[method-assign]


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy, not the driver, emit BEGIN, so that writes can ask for BEGIN IMMEDIATE.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        for pragma in _SQLITE_PRAGMAS:
            cursor.execute(pragma)
    finally:
        cursor.close()


def _on_sqlite_begin(conn: Connection) -> None:
    """Writes take the lock up front; reads open no transaction at all (SQLite autocommit).

    A read is then a single statement with its own implicit snapshot, which saves a round trip
    to the driver thread on the hot paths (``thread_version``, ``get_api_key``). The BEGIN goes
    straight to the aiosqlite connection: one hop to its thread instead of a cursor's four.
    """
    if conn.get_execution_options().get("rejoinder_write"):
        await_only(conn.connection.driver_connection.execute("BEGIN IMMEDIATE"))  # type: ignore[union-attr]
