"""``open_store`` picks the backend from the URL, and SQLite connections get their pragmas."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from rejoinder.errors import ValidationError
from rejoinder.storage import Store, open_store
from rejoinder.storage.engine import driver_url
from rejoinder.storage.sql_store import SqlStore


@pytest.mark.parametrize(
    ("url", "driver"),
    [
        ("sqlite:///rejoinder.db", "sqlite+aiosqlite"),
        ("sqlite:////var/lib/rejoinder/rejoinder.db", "sqlite+aiosqlite"),
        ("postgresql://rejoinder@127.0.0.1:5432/rejoinder", "postgresql+asyncpg"),
        ("postgres://user:secret@db.internal/comments", "postgresql+asyncpg"),
        ("postgresql+asyncpg://user@db/comments", "postgresql+asyncpg"),
    ],
)
def test_urls_map_to_async_drivers(url: str, driver: str) -> None:
    assert driver_url(url).drivername == driver


@pytest.mark.parametrize(
    ("url", "named"),
    [
        ("mysql://user@host/db", "mysql"),
        ("mongodb://host/db", "mongodb"),
        ("nonsense", "nonsense"),
        ("sqlite://", "file path"),
        ("sqlite:///:memory:", "file path"),
    ],
)
async def test_unknown_or_unusable_urls_are_rejected_by_name(url: str, named: str) -> None:
    with pytest.raises(ValidationError) as caught:
        await open_store(url)
    assert named in caught.value.message
    assert caught.value.field == "database_url"


async def test_open_store_returns_a_store_and_creates_the_folder(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "er" / "rejoinder.db"
    store = await open_store(f"sqlite:///{path}")
    try:
        assert isinstance(store, Store)
        await store.migrate()
        assert path.exists()
    finally:
        await store.close()


async def test_sqlite_connections_are_durable_and_shareable(tmp_path: Path) -> None:
    path = tmp_path / "rejoinder.db"
    store = SqlStore.from_url(f"sqlite:///{path}")
    try:
        await store.migrate()
        async with store.engine.connect() as conn:
            pragmas = {
                name: (await conn.execute(text(f"PRAGMA {name}"))).scalar_one()
                for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")
            }
    finally:
        await store.close()
    assert pragmas == {"journal_mode": "wal", "synchronous": 2, "foreign_keys": 1, "busy_timeout": 5000}
    with sqlite3.connect(path) as raw:  # WAL is a property of the file: every process sees it
        assert raw.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_repr_hides_the_url() -> None:
    store = SqlStore.from_url("postgresql://user:s3cret@127.0.0.1/db")
    assert "s3cret" not in repr(store)
    assert repr(store) == "<SqlStore postgresql>"
