"""Migration 0007: outbox rows written before it get their folded address, so the daily cap and
the erasure find them whatever the case; a downgrade drops the column and brings the old index back."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from alembic import command
from sqlalchemy import Connection, column, inspect, table, text

from rejoinder.domain import MailKind
from rejoinder.storage import migrate
from rejoinder.storage.schema import mail_outbox
from rejoinder.storage.sql_store import SqlStore
from tests.storage.helpers import BASE, site_and_thread
from tests.storage.test_migrations import schema_diff

SPELLINGS = ("Ada@Example.org", " ada@example.org", "ADA@EXAMPLE.ORG", "Grace@Example.org")


def outbox_shape(connection: Connection) -> tuple[set[str], set[str]]:
    inspector = inspect(connection)
    return (
        {c["name"] for c in inspector.get_columns("mail_outbox")},
        {str(i["name"]) for i in inspector.get_indexes("mail_outbox")},
    )


async def test_0007_folds_the_addresses_already_in_the_outbox(store_url: str) -> None:
    store = SqlStore.from_url(store_url)
    try:
        await store.migrate()
        site, thread = await site_and_thread(store)
        comment = await store.insert_comment(replace(BASE, thread_id=thread.id))
        old_outbox = table(
            "mail_outbox",
            *(column(c.name, c.type) for c in mail_outbox.c if c.name not in ("id", "recipient_key")),
        )
        sent = datetime.now(UTC) - timedelta(hours=1)
        async with store.engine.begin() as conn:
            await conn.run_sync(lambda c: command.downgrade(migrate.alembic_config(c), "0006"))
            columns, indexes = await conn.run_sync(outbox_shape)
            assert "recipient_key" not in columns
            assert "ix_mail_outbox_recipient" in indexes
            for address in SPELLINGS:
                await conn.execute(
                    old_outbox.insert().values(
                        site_id=site.id,
                        kind="reply",
                        comment_id=comment.id,
                        recipient=address,
                        state="sent",
                        created_at=sent,
                        sent_at=sent,
                        attempts=1,
                        next_try_at=0,
                        lease_until=0,
                        last_error="",
                    )
                )
            await conn.run_sync(lambda c: command.upgrade(migrate.alembic_config(c), "head"))
            keys = (
                (await conn.execute(text("SELECT recipient_key FROM mail_outbox ORDER BY id")))
                .scalars()
                .all()
            )
            columns, indexes = await conn.run_sync(outbox_shape)
        assert keys == ["ada@example.org", "ada@example.org", "ada@example.org", "grace@example.org"]
        assert "ix_mail_outbox_recipient" not in indexes
        assert "ix_mail_outbox_recipient_key" in indexes
        day = datetime.now(UTC) - timedelta(days=1)
        assert await store.count_mail_to("ada@EXAMPLE.org", [MailKind.REPLY], day) == 3
        assert await store.forget_mail_to("ADA@example.org") == 3
        assert await store.count_mail_to("grace@example.org", [MailKind.REPLY], day) == 1
        async with store.engine.connect() as conn:
            assert await conn.run_sync(schema_diff) == []
    finally:
        await store.close()
