"""E-mail notifications on both backends: who is mailed, what the mail says, and what happens
when the mail server fails. The loop runs in the test's process against a real store and a real
SMTP server on loopback; nothing of ours is replaced."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from rejoinder.domain import CommentStatus, MailKind, ModeratorMail, ReportReason, SiteSettings
from rejoinder.errors import Conflict, Forbidden
from rejoinder.services.moderation import ModerationService
from rejoinder.services.notifications import MailLoop, ReplySubscriptions
from rejoinder.services.notifications.delivery import MAX_ATTEMPTS
from rejoinder.services.privacy import PrivacyService
from rejoinder.services.reactions import Reactions
from rejoinder.services.spam_check import SpamService
from rejoinder.services.tokens import Tokens
from rejoinder.settings import Settings
from rejoinder.spam import Engine
from rejoinder.storage import Store
from tests.notifications.smtp_server import smtp_server
from tests.storage.helpers import BASE
from tests.support.live_server import free_port

SECRET = "mail-test-secret"
NOW = timedelta(0)
MODERATOR = "desk@ledger.example"
ADA = "ada@example.org"  # BASE's author


def settings(port: int, **changes: object) -> Settings:
    base = Settings(
        database_url="sqlite:///unused.db",
        secret_key=SECRET,
        public_url="https://comments.example",
        smtp_host="127.0.0.1",
        smtp_port=port,
        smtp_security="none",
        mail_from="Ledger comments <comments@ledger.example>",
    )
    return replace(base, **changes)  # type: ignore[arg-type]


async def ledger(store: Store, **site: object) -> tuple[int, int]:
    options = {"moderator_email": MODERATOR, "reply_notifications": True} | site
    created = await store.create_site("Ledger", "https://ledger.example", SiteSettings(**options))  # type: ignore[arg-type]
    thread = await store.get_or_create_thread(created.id, "/bridge/", "Council votes to close the bridge")
    return created.id, thread.id


async def comment(store: Store, thread_id: int, text: str, **fields: object) -> int:
    new = replace(BASE, thread_id=thread_id, text=text, html=f"<p>{text}</p>", **fields)  # type: ignore[arg-type]
    return (await store.insert_comment(new)).id


async def subscribed(store: Store, thread_id: int, text: str = "Who pays for the ferry?") -> int:
    comment_id = await comment(store, thread_id, text)
    assert await store.subscribe_replies(comment_id, confirmed=True)
    return comment_id


async def loop_for(store: Store, inbox_port: int, **changes: object) -> MailLoop:
    mail = MailLoop(store, settings(inbox_port, **changes), settle=NOW, backoff_seconds=(0,))
    await mail.round()  # the first round starts each site's cursor: what follows is new
    return mail


async def test_a_published_reply_is_mailed_to_the_subscribed_author_with_a_way_to_stop(store: Store) -> None:
    with smtp_server() as inbox:
        _, thread_id = await ledger(store, moderator_email="")
        mail = await loop_for(store, inbox.port)
        parent = await subscribed(store, thread_id)
        reply = await comment(
            store,
            thread_id,
            "The county does.\nHeader: injected",
            parent_id=parent,
            author_name="Grace\nBcc: x@y.z",
            author_email="grace@example.org",
        )
        assert await mail.round() == 1
        assert await mail.round() == 0  # nothing twice

    (message,) = inbox.messages
    assert message["To"] == ADA
    assert message["From"] == "Ledger comments <comments@ledger.example>"
    assert (
        message["Subject"]
        == "Grace Bcc: x@y.z replied to your comment on “Council votes to close the bridge”"
    )
    assert message["Bcc"] is None  # a name with a line break stays in the subject line
    body = message.get_content()
    assert "> The county does. Header: injected" in body  # the reply, quoted as plain text in the body
    assert f"https://ledger.example/bridge/#comment-{reply}" in body
    assert "grace@example.org" not in message.as_string()  # the replier's address is not shared
    link = message["List-Unsubscribe"].strip().strip("<>")
    assert link.startswith("https://comments.example/mail/unsubscribe?t=")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert f"Stop these e-mails: {link}" in body
    assert message["Auto-Submitted"] == "auto-generated"


async def test_held_spam_own_and_unsubscribed_replies_send_nothing_until_a_moderator_approves(
    store: Store,
) -> None:
    with smtp_server() as inbox:
        _, thread_id = await ledger(store, moderator_email="")
        mail = await loop_for(store, inbox.port)
        parent = await subscribed(store, thread_id)
        await comment(
            store,
            thread_id,
            "Spam reply",
            parent_id=parent,
            author_email="x@spam.example",
            status=CommentStatus.SPAM,
        )
        held = await comment(
            store,
            thread_id,
            "Held reply",
            parent_id=parent,
            author_email="grace@example.org",
            status=CommentStatus.PENDING,
        )
        await comment(store, thread_id, "Ada answers herself", parent_id=parent)  # same address: not mailed
        other = await comment(store, thread_id, "Not subscribed", author_email="bo@example.org")
        await comment(store, thread_id, "Reply to Bo", parent_id=other, author_email="grace@example.org")
        assert await mail.round() == 0

        moderation = ModerationService(store, SpamService(store, Engine.load(), mail.settings), mail.settings)
        await moderation.act("editor", "approve", [held])
        assert await mail.round() == 1
    (message,) = inbox.messages
    assert message["To"] == ADA
    assert "Held reply" in message.get_content()


async def test_the_moderator_hears_of_held_comments_or_of_every_comment_but_never_of_spam(
    store: Store,
) -> None:
    with smtp_server() as inbox:
        site_id, thread_id = await ledger(store, reply_notifications=False)
        mail = await loop_for(store, inbox.port)
        await comment(store, thread_id, "Published")
        held = await comment(store, thread_id, "Waiting", status=CommentStatus.PENDING, score=0.62)
        await comment(store, thread_id, "Spam", status=CommentStatus.SPAM)
        assert await mail.round() == 1
        site = await store.get_site(site_id)
        await store.update_site_settings(site_id, replace(site.settings, moderator_mail=ModeratorMail.ALL))
        everything = await comment(store, thread_id, "Published later")
        await comment(store, thread_id, "Spam later", status=CommentStatus.SPAM)
        assert await mail.round() == 1

    first, second = inbox.messages
    assert first["To"] == second["To"] == MODERATOR
    assert first["Subject"] == "[Ledger] Held for moderation: Ada on “Council votes to close the bridge”"
    body = first.get_content()
    for line in ("> Waiting", "Spam score: 0.62", "reads like a reply (-0.40)", f"#comment-{held}"):
        assert line in body
    assert "Dashboard: https://comments.example/admin/" in body
    for private in (ADA, "203.0.113"):  # the commenter's address and IP stay out of the mail
        assert private not in first.as_string()
    assert second["Subject"].startswith("[Ledger] New comment: Ada")
    assert f"#comment-{everything}" in second.get_content()


async def test_unsubscribing_by_the_link_skips_what_was_queued_and_stops_what_follows(store: Store) -> None:
    with smtp_server() as inbox:
        site_id, thread_id = await ledger(store, moderator_email="")
        mail = await loop_for(store, inbox.port)
        parent = await subscribed(store, thread_id)
        await comment(store, thread_id, "First reply", parent_id=parent, author_email="grace@example.org")
        await mail.plan_site(await store.get_site(site_id))  # queued, not yet sent
        subscriptions = ReplySubscriptions(store, mail.settings)
        token = subscriptions.links.unsubscribe_token(parent)
        assert await subscriptions.unsubscribe_with_link(token) is True
        assert await subscriptions.unsubscribe_with_link(token) is False  # a second click is no error
        await comment(store, thread_id, "Second reply", parent_id=parent, author_email="grace@example.org")
        assert await mail.round() == 0
    assert inbox.messages == []


async def test_a_reader_is_sent_at_most_the_daily_number_of_reply_mails(store: Store) -> None:
    with smtp_server() as inbox:
        _, thread_id = await ledger(store, moderator_email="")
        mail = await loop_for(store, inbox.port, mail_per_address_per_day=2)
        parent = await subscribed(store, thread_id)
        for n in range(4):
            await comment(store, thread_id, f"Reply {n}", parent_id=parent, author_email=f"r{n}@example.org")
        assert await mail.round() == 2
        assert await mail.round() == 0
    assert [m.get_content().count("Reply ") for m in inbox.messages] == [1, 1]


async def test_a_mail_server_that_is_down_is_retried_and_a_refused_recipient_is_given_up(
    store: Store,
) -> None:
    port = free_port()
    site_id, thread_id = await ledger(store)
    mail = await loop_for(store, port)
    parent = await subscribed(store, thread_id)
    await comment(store, thread_id, "A reply", parent_id=parent, author_email="grace@example.org")
    assert await mail.round() == 0  # nobody listens on the port: queued again
    problems = await store.mail_problems(site_id, datetime.now(UTC) - timedelta(days=1))
    assert problems[0] == 0
    assert "could not be reached" in problems[1]
    with smtp_server(port) as inbox:
        inbox.refuse.add(MODERATOR)
        await comment(store, thread_id, "Held", status=CommentStatus.PENDING, author_email="h@example.org")
        await mail.round()
        assert [m["To"] for m in inbox.messages] == [ADA]  # the reply, late but delivered
        failed, error = await store.mail_problems(site_id, datetime.now(UTC) - timedelta(days=1))
    assert failed == 1  # at once, not after MAX_ATTEMPTS: a 5xx refusal is for good
    assert "refused the recipient (550)" in error
    assert MAX_ATTEMPTS > 1


async def test_two_loops_on_one_database_send_each_message_once(store: Store) -> None:
    with smtp_server() as inbox:
        _, thread_id = await ledger(store, moderator_mail=ModeratorMail.ALL)
        first = await loop_for(store, inbox.port)
        second = MailLoop(store, first.settings, settle=NOW)
        parent = await subscribed(store, thread_id)
        for n in range(5):
            await comment(store, thread_id, f"Reply {n}", parent_id=parent, author_email=f"r{n}@example.org")
        sent = await asyncio.gather(first.round(), second.round())
        sent2 = await asyncio.gather(first.round(), second.round())
    assert sum(sent) + sum(sent2) == len(inbox.messages) == 6 + 5  # moderator: 6 comments; Ada: 5 replies
    assert len({(m["To"], m.get_content()) for m in inbox.messages}) == 11


async def test_erasing_a_commenter_forgets_their_mail_and_the_purge_drops_old_records(store: Store) -> None:
    with smtp_server() as inbox:
        _, thread_id = await ledger(store, moderator_email="")
        mail = await loop_for(store, inbox.port)
        parent = await subscribed(store, thread_id)
        await comment(store, thread_id, "A reply", parent_id=parent, author_email="grace@example.org")
        assert await mail.round() == 1
        since = datetime.now(UTC) - timedelta(days=1)
        assert await store.count_mail_to(ADA, [MailKind.REPLY], since) == 1
        privacy = PrivacyService(store, mail.settings)
        await privacy.erase(ADA)
        assert await store.count_mail_to(ADA, [MailKind.REPLY], since) == 0
        await comment(store, thread_id, "Another reply", parent_id=parent, author_email="grace@example.org")
        assert await mail.round() == 0  # the erased comment has no address left to write to
        report = await privacy.purge(datetime.now(UTC) + timedelta(days=31))
    assert report.mail == 0  # the record of the first mail went with the erasure
    assert len(inbox.messages) == 1


async def test_subscribing_needs_the_comments_edit_token_and_a_site_that_offers_it(store: Store) -> None:
    _, thread_id = await ledger(store)
    comment_id = await comment(store, thread_id, "Mine")
    service = ReplySubscriptions(store, settings(1))
    token = await edit_token(store, comment_id)
    other = await comment(store, thread_id, "Not mine")
    for bad in (token, "forged.token"):
        with pytest.raises(Forbidden):
            await service.subscribe(other, bad)
    assert await store.subscription_state(other) is None
    no_mail = ReplySubscriptions(store, replace(settings(1), smtp_host=""))
    with pytest.raises(Conflict):
        await no_mail.subscribe(comment_id, token)
    assert await service.subscribe(comment_id, token) is False  # a new address: confirm first
    assert await store.subscription_state(comment_id) is False
    assert await service.unsubscribe_with_edit_token(comment_id, token) is True
    assert await store.subscription_state(comment_id) is None


async def edit_token(store: Store, comment_id: int) -> str:
    return Tokens(SECRET).edit_token(comment_id, (await store.get_comment(comment_id)).created_at)


async def test_a_new_address_confirms_before_any_reply_is_mailed_and_only_once_per_site(store: Store) -> None:
    with smtp_server() as inbox:
        site_id, thread_id = await ledger(store, moderator_email="")
        mail = await loop_for(store, inbox.port)
        service = ReplySubscriptions(store, mail.settings)
        first = await comment(store, thread_id, "Who pays for the ferry?")
        assert await service.subscribe(first, await edit_token(store, first)) is False
        await comment(
            store, thread_id, "Before confirming", parent_id=first, author_email="grace@example.org"
        )
        assert await mail.round() == 1  # the confirmation only: the address has not said yes yet
        (asking,) = inbox.messages
        assert asking["To"] == ADA
        assert (
            asking["Subject"]
            == "Confirm: e-mail me replies to my comment on “Council votes to close the bridge”"
        )
        link = next(w for w in asking.get_content().split() if "/mail/confirm?t=" in w)
        token = link.split("t=", 1)[1]
        with pytest.raises(Forbidden):
            await service.confirm_with_link(
                service.links.unsubscribe_token(first)
            )  # one link is not the other
        assert await service.confirm_with_link(token) is True
        await comment(store, thread_id, "After confirming", parent_id=first, author_email="grace@example.org")
        assert await mail.round() == 2  # the reply that waited for the confirmation is not lost
        assert ["Before confirming" in m.get_content() for m in inbox.messages[-2:]] == [True, False]
        assert "After confirming" in inbox.messages[-1].get_content()
        assert await service.confirm_with_link(token) is True  # a second click queues nothing twice
        assert await mail.round() == 0

        second = await comment(store, thread_id, "And the buses?")  # the same address, another comment
        assert await service.subscribe(second, await edit_token(store, second)) is True  # known: no new mail
        await comment(store, thread_id, "Buses too", parent_id=second, author_email="lin@example.org")
        assert await mail.round() == 1
        assert len(inbox.messages) == 4  # no second confirmation for a known address
        assert "Buses too" in inbox.messages[-1].get_content()
        other_site = await store.create_site("Gazette", "https://gazette.example", SiteSettings())
        assert not await store.address_confirmed(other_site.id, ADA)  # confirmed on one site only
        assert await store.address_confirmed(site_id, ADA)


async def test_an_address_that_never_confirms_gets_one_mail_and_a_flood_of_boxes_hits_the_cap(
    store: Store,
) -> None:
    with smtp_server() as inbox:
        _, thread_id = await ledger(store, moderator_email="")
        mail = await loop_for(store, inbox.port, mail_per_address_per_day=3)
        service = ReplySubscriptions(store, mail.settings)
        for n in range(6):  # someone ticks the box six times under Ada's address
            mine = await comment(store, thread_id, f"Posing as Ada {n}")
            assert await service.subscribe(mine, await edit_token(store, mine)) is False
            await comment(store, thread_id, f"Reply {n}", parent_id=mine, author_email="grace@example.org")
        while await mail.round():
            pass
    assert len(inbox.messages) == 3  # confirmations, capped; no reply ever went out unconfirmed
    assert all(m["Subject"].startswith("Confirm:") for m in inbox.messages)


async def test_a_comment_held_by_readers_reports_is_mailed_to_the_moderator_with_the_reasons(
    store: Store,
) -> None:
    with smtp_server() as inbox:
        _, thread_id = await ledger(store, reply_notifications=False, reports_to_hold=2)
        mail = await loop_for(store, inbox.port)
        published = await comment(store, thread_id, "You are all idiots.")
        assert await mail.round() == 0, "a published comment is not mailed under 'held'"
        reactions = Reactions(store, settings(inbox.port))
        target = await reactions.target(published)
        assert not await reactions.report(target, "198.51.100.1", ReportReason.ABUSE)
        assert await reactions.report(target, "198.51.100.2", ReportReason.OFF_TOPIC)
        assert await mail.round() == 1

    (message,) = inbox.messages
    assert message["To"] == MODERATOR
    assert (
        message["Subject"]
        == "[Ledger] Reported by 2 readers, held: Ada on “Council votes to close the bridge”"
    )
    body = message.get_content()
    assert "Readers' reports: abusive 1, off topic 1" in body
    assert "Approve: https://comments.example/mail/moderate?" in body
    assert "198.51.100" not in message.as_string(), "the readers' addresses stay out of it"
