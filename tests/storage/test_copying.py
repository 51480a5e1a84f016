"""``rejoinder database copy``: a whole database moved between SQLite and PostgreSQL, as a site
does when it outgrows one machine. Every table must arrive row for row, ids included, and the
copy must go on working: a new comment on PostgreSQL must not collide with a copied id.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from rejoinder.domain import BanKind, Decision, MailKind, OutgoingMail, Reaction, ReactionKind
from rejoinder.storage import Store, open_store
from rejoinder.storage.base import SpamCheckRecord
from rejoinder.storage.rows import to_db_time
from rejoinder.storage.schema import metadata
from rejoinder.storage.sql_store import SqlStore
from tests.storage.helpers import BASE
from tests.support.live_server import run_cli
from tests.support.postgres import fresh_database

EXPORT = Path(__file__).parents[1] / "importing" / "exports" / "wordpress.xml"
Dump = dict[str, list[dict[str, Any]]]


def filled_sqlite(folder: Path) -> str:
    """A database holding a row in every table, made the way an operator's would be."""
    db = f"sqlite:///{folder / 'source.db'}"
    run_cli("sites", "create", "--name", "Ledger", "--url", "https://ledger.example", db_url=db)
    run_cli("import", "wordpress", str(EXPORT), "--site", "1", "--learn", "10", db_url=db)
    run_cli("keys", "create", "--site", "https://ledger.example", db_url=db)
    run_cli(
        "admin",
        "add",
        "editor",
        "--password-stdin",
        "--role",
        "owner",
        db_url=db,
        stdin="a long passphrase\n",
    )
    asyncio.run(_the_rest(db))
    return db


async def _the_rest(db: str) -> None:
    store = await open_store(db)
    try:
        await store.add_ban(1, BanKind.EMAIL, "sales@pills-shop.example", "editor")
        await store.add_audit("editor", "ban", "email:sales@pills-shop.example")
        await store.count_hit("ip:hash", 1_700_000_000, 60)
        await store.record_check(
            SpamCheckRecord("guid-1", 1, None, None, {"comment_content": "hi"}, 0.2, Decision.HAM)
        )
        await store.count_key_usage((await store.list_api_keys())[0].key, "2026-11")
        await store.claim_webhook(1, 1_700_000_000, 60)  # the site's webhook cursor
        await store.mail_cursor(1)
        comment = (await store.recent_comments(1, 1))[0][0]
        await store.subscribe_replies(comment.id, confirmed=True)
        await store.queue_mail([OutgoingMail(1, MailKind.REPLY, comment.id, "ada@example.org")])
        await store.add_reaction(Reaction(comment.id, ReactionKind.LIKE, "0" * 32))
    finally:
        await store.close()


async def dump(url: str) -> Dump:
    store = await open_store(url)
    assert isinstance(store, SqlStore)
    try:
        async with store.engine.connect() as conn:
            return {
                table.name: [
                    {k: to_db_time(v) if isinstance(v, datetime) else v for k, v in row._mapping.items()}
                    for row in await conn.execute(table.select().order_by(*table.primary_key.columns))
                ]
                for table in metadata.sorted_tables
            }
    finally:
        await store.close()


def copy(source: str, target: str, check: bool = True) -> Any:
    return run_cli("database", "copy", source, target, db_url=source, check=check)


def test_every_table_survives_sqlite_to_sqlite(tmp_path: Path) -> None:
    source = filled_sqlite(tmp_path)
    target = f"sqlite:///{tmp_path / 'target.db'}"

    out = copy(source, target)

    before, after = asyncio.run(dump(source)), asyncio.run(dump(target))
    assert all(before[name] for name in before if name != "admin_sessions"), "the source lacks a table's rows"
    assert after == before
    assert "comments: 6 row(s)" in out.stdout


@pytest.mark.postgres
def test_sqlite_to_postgresql_and_back_and_the_copy_keeps_working(tmp_path: Path, postgres_url: str) -> None:
    source = filled_sqlite(tmp_path)
    target = fresh_database(postgres_url)

    copy(source, target)
    assert asyncio.run(dump(target)) == asyncio.run(dump(source))
    new_id, new_site = asyncio.run(_write_after_copy(target))
    assert new_id > max(c["id"] for c in asyncio.run(dump(source))["comments"])
    assert new_site > 1

    back = f"sqlite:///{tmp_path / 'back.db'}"
    copy(target, back)
    assert asyncio.run(dump(back)) == asyncio.run(dump(target))


async def _write_after_copy(url: str) -> tuple[int, int]:
    store: Store = await open_store(url)
    try:
        thread = await store.get_thread(1, "/2019/03/council-bridge/")
        assert thread is not None
        comment = await store.insert_comment(replace(BASE, thread_id=thread.id))
        site = await store.create_site("Second", "https://second.example")
    finally:
        await store.close()
    return comment.id, site.id


def test_a_target_with_data_is_refused_and_left_alone(tmp_path: Path) -> None:
    source = filled_sqlite(tmp_path)
    target = f"sqlite:///{tmp_path / 'target.db'}"
    run_cli("sites", "create", "--name", "Other", "--url", "https://other.example", db_url=target)
    before = asyncio.run(dump(target))

    refused = copy(source, target, check=False)

    assert refused.returncode == 1
    assert "already holds data (table sites)" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert asyncio.run(dump(target)) == before
    same = copy(source, source, check=False)
    assert same.returncode == 1
    assert "the same database" in same.stderr
