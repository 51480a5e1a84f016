"""Copy a whole Rejoinder database to another one: SQLite to PostgreSQL when a site outgrows one
machine, or PostgreSQL to SQLite for a portable copy.

Everything is copied, ids included, so permalinks (``#comment-ID``), edit tokens, learning events
and audit entries keep pointing at the same rows. The source is read in one snapshot (a single
read transaction), and the target is written in one transaction, so a failed copy leaves the
target as empty as it was. PostgreSQL's id sequences are moved past the copied ids, or the next
comment would collide with one that was copied.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import Column, Integer, Table, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from rejoinder.errors import Conflict, ValidationError
from rejoinder.storage.engine import create_engines
from rejoinder.storage.migrate import upgrade
from rejoinder.storage.rows import to_db_time
from rejoinder.storage.schema import metadata

BATCH = 1_000
Progress = Callable[[str, int], None]  # (table, rows just copied)


async def copy_database(
    source_url: str, target_url: str, progress: Progress = lambda t, n: None
) -> dict[str, int]:
    """Copy every row of ``source_url`` into the empty database at ``target_url``.

    Both are first brought to the current schema. Returns the number of rows copied per table.
    """
    if source_url == target_url:
        raise ValidationError("the source and the target are the same database", field="target")
    source, target = create_engines(source_url), create_engines(target_url)
    try:
        await upgrade(source)
        await upgrade(target)
        async with source.root.connect() as reading, target.write.begin() as writing:
            await _snapshot(reading, source.backend)
            await _refuse_if_not_empty(writing)
            copied = {table.name: await _copy_table(table, reading, writing, progress) for table in _tables()}
            if target.backend == "postgresql":
                await _move_sequences(writing)
        return copied
    finally:
        await source.root.dispose()
        await target.root.dispose()


async def _snapshot(conn: AsyncConnection, backend: str) -> None:
    """One read transaction, so every table is read as of the same moment.

    SQLite reads normally run without one (see ``storage.engine``): a plain deferred ``BEGIN``
    fixes the snapshot at the first read. PostgreSQL needs repeatable read for the same.
    """
    if backend == "sqlite":
        await conn.exec_driver_sql("BEGIN")
    else:
        await conn.execution_options(isolation_level="REPEATABLE READ")
        await conn.begin()


def _tables() -> list[Table]:
    """Parents before the tables that refer to them."""
    return list(metadata.sorted_tables)


async def _refuse_if_not_empty(conn: AsyncConnection) -> None:
    for table in _tables():
        if (await conn.execute(select(func.count()).select_from(table))).scalar_one():
            raise Conflict(
                f"the target database already holds data (table {table.name}); copy into an empty database",
                field="target",
            )


async def _copy_table(
    table: Table, reading: AsyncConnection, writing: AsyncConnection, progress: Progress
) -> int:
    """Rows in primary-key order: a reply's id is above its parent's, so parents land first."""
    count = 0
    result = await reading.stream(select(table).order_by(*table.primary_key.columns))
    async for batch in result.partitions(BATCH):
        rows = [{key: _portable(value) for key, value in row._mapping.items()} for row in batch]
        await writing.execute(table.insert(), rows)
        count += len(rows)
        progress(table.name, len(rows))
    return count


def _portable(value: Any) -> Any:
    """SQLite hands back times without a zone (they are stored as UTC); PostgreSQL needs to know."""
    return to_db_time(value) if isinstance(value, datetime) else value


async def _move_sequences(conn: AsyncConnection) -> None:
    """``setval`` each id sequence to the highest copied id (or leave it unused when none was)."""
    for table in _tables():
        keys = list(table.primary_key.columns)
        if len(keys) != 1 or not _has_sequence(keys[0]):
            continue
        column = keys[0]
        sequence = func.pg_get_serial_sequence(table.name, column.name)
        highest = func.max(column)
        await conn.execute(select(func.setval(sequence, func.coalesce(highest, 1), highest.is_not(None))))


def _has_sequence(column: Column[Any]) -> bool:
    """An integer key of its own (not one borrowed from another table, like a cursor's site id)."""
    return (
        isinstance(column.type, Integer)
        and column.autoincrement in (True, "auto")
        and not column.foreign_keys
    )
