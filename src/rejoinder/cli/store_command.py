"""What every command that works on the database shares: the ``--db`` option, the settings and
the run loop.

``run_on_store(url, action)`` opens the store, brings its schema up to date, runs ``action`` on
it and closes it; a ``RejoinderError`` becomes a one-line message and exit status 1, never a
traceback. So does a database the command cannot use at all (``unusable``): a PostgreSQL server
that is not there, a database or role that does not exist, a file that is no SQLite database, or
a schema migrated by a newer Rejoinder than this one (an upgrade rolled back). The message names
the URL without its password. ``keys``, ``sites``, ``privacy``, ``admin``, ``import`` and
``serve`` use it. ``load_settings`` does the same for a bad ``REJOINDER_*`` value.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, TypeVar

import click

from rejoinder.errors import RejoinderError
from rejoinder.storage import Store

if TYPE_CHECKING:
    from rejoinder.settings import Settings

T = TypeVar("T")

DB_OPTION = click.option(
    "--db",
    "database_url",
    envvar="REJOINDER_DATABASE_URL",
    default="sqlite:///rejoinder.db",
    show_default=True,
    help="sqlite:///path.db or postgresql://user@host/db",
)


def load_settings(database_url: str | None = None) -> Settings:
    """The server settings from the environment (``database_url`` overriding its own); a bad value
    is one line naming the variable and exit status 1, never a traceback."""
    from rejoinder.settings import Settings

    try:
        return Settings.from_env(database_url=database_url)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc


def run_on_store(database_url: str, action: Callable[[Store], Awaitable[T]]) -> T:
    from rejoinder.storage import open_store

    async def main() -> T:
        store = await open_store(database_url)
        try:
            await _migrate(store, database_url)
            return await action(store)
        finally:
            await store.close()

    try:
        return asyncio.run(main())
    except RejoinderError as exc:
        raise click.ClickException(exc.message) from exc


def migrate(database_url: str) -> None:
    """Bring the schema up to date and nothing else: serve's step before any worker starts, and
    ``database copy``'s check of both sides (so a failure names the side). The migration tests
    run it alone, in child processes. A database it cannot open is one line."""
    run_on_store(database_url, _nothing_more)


async def _nothing_more(store: Store) -> None:
    """``run_on_store`` has migrated the schema by now; nothing else is needed from the store."""


async def _migrate(store: Store, database_url: str) -> None:
    """The first use of the database: errors here mean it cannot be used, whatever the command."""
    from alembic.util import CommandError

    try:
        await store.migrate()
    except CommandError as exc:  # the stored revision is not among this version's scripts
        raise unusable(database_url, f"{exc}; was it migrated by a newer version of Rejoinder?") from exc
    except OSError as exc:  # no server at that host and port, or a host name that does not resolve
        number = exc.errno or 0  # name-lookup errors have negative numbers
        reason = f"{os.strerror(number)} ({exc.strerror})" if number > 0 else exc.strerror or str(exc)
        raise unusable(database_url, reason) from exc
    except _driver_errors() as exc:
        raise unusable(database_url, str(getattr(exc, "orig", None) or exc)) from exc


def _driver_errors() -> tuple[type[Exception], ...]:
    """What the drivers raise for a server, database or role that is not there (asyncpg directly,
    SQLAlchemy around sqlite3)."""
    from asyncpg import PostgresError
    from sqlalchemy.exc import DBAPIError

    return (PostgresError, DBAPIError)


def unusable(database_url: str, reason: str) -> click.ClickException:
    from sqlalchemy.engine import make_url

    shown = make_url(database_url).render_as_string(hide_password=True)
    return click.ClickException(f"cannot open the database {shown}: {reason}")
