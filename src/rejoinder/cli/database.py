"""``rejoinder database``: the database as a whole.

rejoinder database copy sqlite:///rejoinder.db postgresql://rejoinder@db.internal/rejoinder

``copy`` moves a site from SQLite to PostgreSQL when it outgrows one machine (or makes a portable
SQLite copy of a PostgreSQL database). Stop the servers first: writes made during the copy would
not be in it.
"""

from __future__ import annotations

import asyncio

import click

from rejoinder.cli.store_command import migrate
from rejoinder.errors import RejoinderError


@click.group()
def database() -> None:
    """Copy a whole Rejoinder database to another one."""


@database.command("copy")
@click.argument("source")
@click.argument("target")
def copy(source: str, target: str) -> None:
    """Copy every row of SOURCE into the empty database TARGET (URLs: sqlite:///path.db or
    postgresql://user@host/db), ids included, in one transaction."""
    from tqdm import tqdm

    from rejoinder.storage.copying import copy_database

    migrate(source)  # a side that cannot be opened is named before the copy starts
    migrate(target)
    with tqdm(desc="copying", unit="row", leave=False) as bar:

        def progress(table: str, rows: int) -> None:
            bar.set_postfix_str(table)
            bar.update(rows)

        try:
            copied = asyncio.run(copy_database(source, target, progress))
        except RejoinderError as exc:
            raise click.ClickException(exc.message) from exc
    for table, rows in copied.items():
        click.echo(f"{table}: {rows} row(s)")
    total = sum(copied.values())
    click.echo(f"copied {total} row(s); point REJOINDER_DATABASE_URL at the target and start the servers")
