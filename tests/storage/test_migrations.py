"""Alembic migrations: after ``migrate()`` the database is exactly ``schema.metadata``, on both backends."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Connection, inspect, text

from rejoinder.storage import migrate, open_store
from rejoinder.storage.schema import metadata
from rejoinder.storage.sql_store import SqlStore

ROOT = Path(__file__).resolve().parents[2]


def schema_diff(connection: Connection) -> list[object]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, metadata))


def table_names(connection: Connection) -> set[str]:
    return set(inspect(connection).get_table_names())


async def test_migrate_creates_exactly_the_schema(store_url: str) -> None:
    store = SqlStore.from_url(store_url)
    try:
        await store.migrate()
        async with store.engine.connect() as conn:
            assert await conn.run_sync(schema_diff) == []
            assert await conn.run_sync(table_names) == {*metadata.tables, "alembic_version"}
            version = (await conn.execute(text("SELECT version_num FROM alembic_version"))).scalars().all()
        assert version == [migrate.head_revision()]
    finally:
        await store.close()


async def test_migrate_is_idempotent_and_keeps_data(store_url: str) -> None:
    store = await open_store(store_url)
    try:
        await store.migrate()
        site = await store.create_site("News", "https://news.example.com")
        await store.migrate()
        await store.migrate()
        assert await store.get_site(site.id) == site
    finally:
        await store.close()


async def test_downgrade_to_base_and_back(store_url: str) -> None:
    store = SqlStore.from_url(store_url)
    try:
        await store.migrate()
        async with store.engine.begin() as conn:
            await conn.run_sync(lambda c: command.downgrade(migrate.alembic_config(c), "base"))
            assert await conn.run_sync(table_names) <= {"alembic_version"}
        await store.migrate()
        async with store.engine.connect() as conn:
            assert await conn.run_sync(schema_diff) == []
    finally:
        await store.close()


async def test_servers_starting_together_migrate_once(store_url: str) -> None:
    """Three processes migrate a fresh database at the same moment; all succeed, one schema results."""
    code = "import asyncio, sys; from rejoinder.cli.serve import migrate; asyncio.run(migrate(sys.argv[1]))"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [
        subprocess.Popen([sys.executable, "-c", code, store_url], env=env, stderr=subprocess.PIPE, text=True)
        for _ in range(3)
    ]
    for proc in procs:
        _, err = await asyncio.to_thread(proc.communicate, timeout=120)
        assert proc.returncode == 0, err
    store = SqlStore.from_url(store_url)
    try:
        async with store.engine.connect() as conn:
            assert await conn.run_sync(schema_diff) == []
    finally:
        await store.close()


def test_migration_scripts_ship_inside_the_package() -> None:
    scripts = {p.relative_to(migrate.MIGRATIONS).as_posix() for p in migrate.MIGRATIONS.rglob("*.py")}
    assert {"env.py", "versions/0001_initial.py"} <= scripts
    assert migrate.MIGRATIONS.is_relative_to(ROOT / "src" / "rejoinder")
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert '"storage/migrations/**/*"' in pyproject
