"""Alembic migrations: after ``migrate()`` the database is exactly ``schema.metadata``, on both backends."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Connection, column, inspect, table, text

from rejoinder.storage import migrate, open_store
from rejoinder.storage.schema import comments, metadata
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
    code = "import sys; from rejoinder.cli.serve import migrate; migrate(sys.argv[1])"
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


async def test_0006_stores_the_host_of_every_website_already_there(store_url: str) -> None:
    """Comments written before 0006 get their website's host (the one ``count_author_url_host``
    compares); a downgrade drops the column and its index again, and the data survives both ways."""
    store = SqlStore.from_url(store_url)
    try:
        await store.migrate()
        site = await store.create_site("News", "https://news.example.com")
        thread = await store.get_or_create_thread(site.id, "/a", "A page")
        old_comments = table(
            "comments", *(column(c.name, c.type) for c in comments.c if c.name not in ("id", "author_host"))
        )
        urls = [
            "https://Ada.example.org/about",
            "ada.example.org",
            "bob.example.net:8080/x",
            "",
            "http://[::1",
            "//Cy.example.com./blog",
        ]
        async with store.engine.begin() as conn:
            await conn.run_sync(lambda c: command.downgrade(migrate.alembic_config(c), "0005"))
            assert "author_host" not in await conn.run_sync(comment_columns)
            for url in urls:
                await conn.execute(old_comments.insert().values(**old_row(thread.id, url)))
            await conn.run_sync(lambda c: command.upgrade(migrate.alembic_config(c), "head"))
            stored = (
                (await conn.execute(text("SELECT author_host FROM comments ORDER BY id"))).scalars().all()
            )
        assert stored == ["ada.example.org", "ada.example.org", "bob.example.net", "", "", "cy.example.com"]
        assert await store.count_author_url_host(site.id, "ADA.example.org") == 2
        assert await store.count_author_url_host(site.id, "bob.example.net") == 1
        async with store.engine.connect() as conn:
            assert await conn.run_sync(schema_diff) == []
    finally:
        await store.close()


def comment_columns(connection: Connection) -> set[str]:
    return {c["name"] for c in inspect(connection).get_columns("comments")}


def old_row(thread_id: int, url: str) -> dict[str, object]:
    return {
        "thread_id": thread_id,
        "parent_id": None,
        "author_name": "Ada",
        "author_email": "ada@example.org",
        "author_url": url,
        "text": "Hello",
        "html": "<p>Hello</p>",
        "status": "approved",
        "score": 0.1,
        "decision": "ham",
        "reasons": [],
        "ip": "",
        "user_agent": "",
        "text_hash": "",
        "likes": 0,
        "created_at": datetime.now(UTC),
        "edited_at": None,
    }


async def test_0008_keeps_subscriptions_made_before_it_with_no_language(store_url: str) -> None:
    """A subscription older than 0008 survives the upgrade with language "" (its mail stays
    English); a downgrade drops the column again, and the subscription survives both ways."""
    store = SqlStore.from_url(store_url)
    try:
        await store.migrate()
        site = await store.create_site("News", "https://news.example.com")
        thread = await store.get_or_create_thread(site.id, "/a", "A page")
        async with store.engine.begin() as conn:
            await conn.execute(comments.insert().values(**old_row(thread.id, ""), author_host=""))
            comment_id = (await conn.execute(text("SELECT max(id) FROM comments"))).scalar_one()
            await conn.run_sync(lambda c: command.downgrade(migrate.alembic_config(c), "0007"))
            old_subscriptions = table(
                "reply_subscriptions", column("comment_id"), column("created_at"), column("confirmed_at")
            )
            now = datetime.now(UTC)
            await conn.execute(
                old_subscriptions.insert().values(comment_id=comment_id, created_at=now, confirmed_at=now)
            )
            await conn.run_sync(lambda c: command.upgrade(migrate.alembic_config(c), "head"))
        assert await store.subscription_language(comment_id) == ""
        assert await store.reply_recipients([comment_id]) == {comment_id: "ada@example.org"}
        async with store.engine.connect() as conn:
            assert await conn.run_sync(schema_diff) == []
        async with store.engine.begin() as conn:
            await conn.run_sync(lambda c: command.downgrade(migrate.alembic_config(c), "0007"))
            assert "language" not in {
                c["name"]
                for c in await conn.run_sync(lambda c: inspect(c).get_columns("reply_subscriptions"))
            }
            await conn.run_sync(lambda c: command.upgrade(migrate.alembic_config(c), "head"))
        assert await store.subscription_state(comment_id) is True
    finally:
        await store.close()
