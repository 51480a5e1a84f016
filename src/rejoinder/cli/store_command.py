"""What every command that works on the database shares: the ``--db`` option and the run loop.

``run_on_store(url, action)`` opens the store, brings its schema up to date, runs ``action`` on
it and closes it; a ``RejoinderError`` becomes a one-line message and exit status 1, never a
traceback. ``keys``, ``sites``, ``privacy`` and ``admin`` (wrapping the store in the auth
service) use it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

import click

from rejoinder.errors import RejoinderError
from rejoinder.storage import Store

T = TypeVar("T")

DB_OPTION = click.option(
    "--db",
    "database_url",
    envvar="REJOINDER_DATABASE_URL",
    default="sqlite:///rejoinder.db",
    show_default=True,
    help="sqlite:///path.db or postgresql://user@host/db",
)


def run_on_store(database_url: str, action: Callable[[Store], Awaitable[T]]) -> T:
    from rejoinder.storage import open_store

    async def main() -> T:
        store = await open_store(database_url)
        try:
            await store.migrate()
            return await action(store)
        finally:
            await store.close()

    try:
        return asyncio.run(main())
    except RejoinderError as exc:
        raise click.ClickException(exc.message) from exc
