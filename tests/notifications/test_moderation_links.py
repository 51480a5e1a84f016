"""Moderating from the e-mail, on both backends: the links a held comment's notification carries,
what they do, and when they stop working. The real mail loop, store and SMTP server."""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import parse_qs, urlsplit

import pytest

from rejoinder.domain import CommentStatus, ModeratorMail
from rejoinder.errors import Forbidden
from rejoinder.services.moderation import ModerationService
from rejoinder.services.notifications import MailLinks
from rejoinder.services.notifications.moderating import LinkModeration
from rejoinder.services.spam_check import SpamService
from rejoinder.settings import Settings
from rejoinder.spam import Engine
from rejoinder.storage import Store
from rejoinder.web.api.mail_pages import TOKEN_MAX
from tests.notifications.smtp_server import smtp_server
from tests.notifications.test_delivery import MODERATOR, comment, ledger, loop_for


def links_in(body: str) -> dict[str, str]:
    """label -> token of each one-click link in a moderator's mail."""
    found = {}
    for line in body.splitlines():
        label, _, url = line.partition(": ")
        if "/mail/moderate?t=" in url:
            found[label] = parse_qs(urlsplit(url.strip()).query)["t"][0]
    return found


async def test_a_held_comment_can_be_approved_or_marked_spam_from_the_mail_and_the_filter_learns(
    store: Store,
) -> None:
    with smtp_server() as inbox:
        site_id, thread_id = await ledger(store, reply_notifications=False, moderator_mail=ModeratorMail.ALL)
        mail = await loop_for(store, inbox.port)
        held = await comment(store, thread_id, "Held one", status=CommentStatus.PENDING)
        other = await comment(store, thread_id, "Held two", status=CommentStatus.PENDING)
        published = await comment(store, thread_id, "Published one")
        assert await mail.round() == 3
    by_text = {m.get_content().split("> ", 1)[1].split("\n", 1)[0].strip(): m for m in inbox.messages}
    held_links = links_in(by_text["Held one"].get_content())
    assert list(held_links) == ["Approve", "Mark as spam"]
    assert list(links_in(by_text["Published one"].get_content())) == ["Mark as spam"]

    moderation = ModerationService(store, SpamService(store, Engine.load(), mail.settings), mail.settings)
    by_link = LinkModeration(store, moderation, MailLinks(mail.settings))
    seen = await by_link.read(held_links["Approve"])  # what the page shows: nothing changes yet
    assert seen.comment.status is CommentStatus.PENDING
    result = await by_link.act(held_links["Approve"])
    assert result.changed == (held,)
    assert (await store.get_comment(held)).status is CommentStatus.APPROVED
    assert (await by_link.act(held_links["Approve"])).changed == ()  # a second click changes nothing
    (entry, *_) = await store.list_audit()
    assert entry.actor == f"e-mail link ({MODERATOR})"
    assert len(result.learned) == 1  # approving a held comment teaches "not spam", as in the dashboard
    assert [e.comment_id for e in await store.learning_events(site_id)] == [held]

    spam_link = links_in(by_text["Held two"].get_content())["Mark as spam"]
    assert (await by_link.act(spam_link)).changed == (other,)
    assert (await store.get_comment(other)).status is CommentStatus.SPAM
    assert (await store.get_comment(published)).status is CommentStatus.APPROVED


async def test_a_link_stops_working_when_the_moderator_address_changes_and_cannot_be_forged(
    store: Store,
) -> None:
    with smtp_server() as inbox:
        site_id, thread_id = await ledger(store, reply_notifications=False)
        mail = await loop_for(store, inbox.port)
        held = await comment(store, thread_id, "Held", status=CommentStatus.PENDING)
        assert await mail.round() == 1
    token = links_in(inbox.messages[0].get_content())["Approve"]
    links = MailLinks(mail.settings)
    moderation = ModerationService(store, SpamService(store, Engine.load(), mail.settings), mail.settings)
    by_link = LinkModeration(store, moderation, links)
    for forged in (links.unsubscribe_token(held), links.confirm_token(held), token[:-2] + "xx"):
        with pytest.raises(Forbidden):
            await by_link.act(forged)
    site = await store.get_site(site_id)
    await store.update_site_settings(
        site_id, replace(site.settings, moderator_email="new-desk@ledger.example")
    )
    with pytest.raises(Forbidden, match="no longer moderates"):
        await by_link.act(token)
    assert (await store.get_comment(held)).status is CommentStatus.PENDING


def test_a_link_for_the_longest_moderator_address_fits_the_pages_token_limit() -> None:
    longest = "m" * 64 + "@" + ".".join(["d" * 62] * 4)[:255]
    url = MailLinks(Settings(secret_key="k", public_url="https://c.example")).moderate_url(
        2**62, "approve", longest
    )
    assert len(parse_qs(urlsplit(url).query)["t"][0]) <= TOKEN_MAX
