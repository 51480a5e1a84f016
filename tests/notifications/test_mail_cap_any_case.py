"""The daily cap on reader mail counts an address whatever its case, on both backends: the outbox
keeps an address as each commenter typed it, and "Ada@Example.org" is the same reader's inbox as
"ada@example.org"."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from rejoinder.domain import MailKind, MailState, OutgoingMail
from rejoinder.storage import Store
from tests.storage.helpers import BASE, site_and_thread

SPELLINGS = ("Ada@Example.org", "ada@example.org", "ADA@EXAMPLE.ORG")


async def test_sent_mail_is_counted_for_every_spelling_of_the_address(store: Store) -> None:
    site, thread = await site_and_thread(store)
    ids = [
        (await store.insert_comment(replace(BASE, thread_id=thread.id, text=t))).id
        for t in ("one", "two", "three", "four")
    ]
    mails = [OutgoingMail(site.id, MailKind.REPLY, i, to) for i, to in zip(ids, SPELLINGS, strict=False)]
    mails.append(OutgoingMail(site.id, MailKind.REPLY, ids[3], "grace@example.org"))
    await store.queue_mail(mails)
    for queued in await store.claim_mail(int(time.time()), 60, 10):
        await store.finish_mail(queued.id, MailState.SENT)

    since = datetime.now(UTC) - timedelta(days=1)
    for spelling in (*SPELLINGS, " ada@example.org "):
        assert await store.count_mail_to(spelling, [MailKind.REPLY], since) == 3, spelling
    assert await store.count_mail_to("grace@example.org", [MailKind.REPLY], since) == 1
    assert await store.count_mail_to("Ada@Example.org", [MailKind.CONFIRM], since) == 0
    assert await store.count_mail_to("Ada@Example.org", [MailKind.REPLY], datetime.now(UTC)) == 0
