"""Webhook delivery on both backends: what is sent, in what order, and what happens on failure.

The sender runs in the test's process against a real store and posts to a real HTTP endpoint on
loopback; nothing of ours is replaced.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from dataclasses import replace
from datetime import timedelta

import pytest

from rejoinder.domain import CommentStatus, SiteSettings
from rejoinder.services.webhooks import WebhookSender, webhook_secret
from rejoinder.settings import Settings
from rejoinder.storage import Store
from tests.storage.helpers import BASE
from tests.webhooks.receiver import receiver

SECRET = "test-secret-key"
NOW = timedelta(0)


def settings() -> Settings:
    return Settings(
        database_url="sqlite:///unused.db", secret_key=SECRET, public_url="https://comments.example"
    )


async def site_with_hook(store: Store, url: str) -> tuple[int, int]:
    site = await store.create_site("Ledger", "https://ledger.example", SiteSettings(webhook_url=url))
    thread = await store.get_or_create_thread(site.id, "/bridge/", "Council votes to close the bridge")
    return site.id, thread.id


async def comment(
    store: Store, thread_id: int, text: str, status: CommentStatus = CommentStatus.APPROVED
) -> int:
    new = replace(BASE, thread_id=thread_id, text=text, html=f"<p>{text}</p>", status=status)
    return (await store.insert_comment(new)).id


async def test_new_published_and_held_comments_are_sent_in_order_signed_and_without_private_data(
    store: Store,
) -> None:
    with receiver() as hook:
        site_id, thread_id = await site_with_hook(store, hook.url)
        sender = WebhookSender(store, settings(), settle=NOW)
        assert await sender.deliver_all() == 0  # the first round only starts the cursor
        first = await comment(store, thread_id, "First, published")
        await comment(store, thread_id, "Caught as spam", CommentStatus.SPAM)
        held = await comment(store, thread_id, "Waiting for a moderator", CommentStatus.PENDING)
        await comment(store, thread_id, "Deleted", CommentStatus.DELETED)

        assert await sender.deliver_all() == 2
        assert await sender.deliver_all() == 0  # nothing is sent twice
        await sender.close()

    published, pending = hook.received
    assert [r.json["comment"]["id"] for r in hook.received] == [first, held]
    assert published.json["event"] == "comment.published"
    assert published.headers["x-rejoinder-event"] == "comment.published"
    assert pending.json["event"] == "comment.held"
    assert pending.json["text"].startswith(
        "Held for moderation by Ada on “Council votes to close the bridge”"
    )
    assert published.json["comment"]["permalink"] == f"https://ledger.example/bridge/#comment-{first}"
    assert published.json["content"] == published.json["text"]  # Discord reads content, Slack text
    assert published.json["comment"]["reasons"] == [{"text": "reads like a reply", "weight": -0.4}]
    assert published.headers["x-rejoinder-delivery"] == f"{site_id}-{first}"
    secret = webhook_secret(SECRET, site_id)
    expected = "sha256=" + hmac.new(secret.encode(), published.body, hashlib.sha256).hexdigest()
    assert published.headers["x-rejoinder-signature"] == expected
    for request in hook.received:
        assert b"ada@example.org" not in request.body  # no e-mail
        assert b"203.0.113" not in request.body  # no IP


async def test_a_failed_delivery_backs_off_and_is_retried_until_it_lands(store: Store) -> None:
    with receiver() as hook:
        site_id, thread_id = await site_with_hook(store, hook.url)
        sender = WebhookSender(store, settings(), settle=NOW, backoff_seconds=(3,))
        await sender.deliver_all()
        one = await comment(store, thread_id, "one")
        two = await comment(store, thread_id, "two")
        hook.answers = [500]

        assert await sender.deliver_all() == 0
        failures, error = await store.webhook_failures(site_id)
        assert failures == 1
        assert error == "127.0.0.1 answered HTTP 500"  # the host only: a hook URL can be a secret
        assert await sender.deliver_all() == 0  # backing off
        time.sleep(3.1)
        assert await sender.deliver_all() == 2
        assert await store.webhook_failures(site_id) == (0, "")
        await sender.close()
    assert [r.json["comment"]["id"] for r in hook.received] == [one, two]


async def test_one_process_at_a_time_holds_a_site_lease(store: Store) -> None:
    site = await store.create_site(
        "Ledger", "https://ledger.example", SiteSettings(webhook_url="https://h.example/")
    )
    now = int(time.time())
    claimed = await store.claim_webhook(site.id, now, 60)
    assert claimed is not None
    assert claimed[0] == 0
    assert await store.claim_webhook(site.id, now + 1, 60) is None  # held by the first
    assert await store.claim_webhook(site.id, now + 61, 60) is not None  # a lease left by a crash expires
    await store.release_webhook(site.id)
    assert await store.claim_webhook(site.id, now + 62, 60) is not None


async def test_history_and_unsettled_comments_wait(store: Store) -> None:
    with receiver() as hook:
        _, thread_id = await site_with_hook(store, hook.url)
        await comment(store, thread_id, "Written before the hook was set")
        sender = WebhookSender(store, settings())  # the real settle time
        await sender.deliver_all()
        fresh = await comment(store, thread_id, "Just committed")
        assert await sender.deliver_all() == 0  # too fresh: a slower commit could still land before it
        await sender.close()
        late = WebhookSender(store, settings(), settle=NOW)
        assert await late.deliver_all() == 1
        await late.close()
    assert [r.json["comment"]["id"] for r in hook.received] == [fresh]


@pytest.mark.parametrize("url", ["ftp://x.example/", "not a url", "https://", "javascript:alert(1)"])
def test_a_webhook_url_must_be_http(url: str) -> None:
    from rejoinder.errors import ValidationError
    from rejoinder.services.site_settings import validate_site_settings

    with pytest.raises(ValidationError, match="webhook_url"):
        validate_site_settings(SiteSettings(webhook_url=url))
    assert validate_site_settings(SiteSettings(webhook_url="https://hooks.slack.com/services/T0/B0/x"))
