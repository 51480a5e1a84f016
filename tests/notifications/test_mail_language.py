"""A reader's reply e-mails speak the language they subscribed in, on both backends: the widget's
request carries it, the subscription keeps it, the confirmation and each reply are written in it.
A subscription made before the language was kept (migration 0008) still gets English. The loop
runs against a real store and a real SMTP server on loopback."""

from __future__ import annotations

from rejoinder.services.notifications import ReplySubscriptions
from rejoinder.services.privacy import PrivacyService
from rejoinder.storage import Store
from tests.notifications.smtp_server import smtp_server
from tests.notifications.test_delivery import comment, edit_token, ledger, loop_for, settings

BRIDGE = "Council votes to close the bridge"


async def test_a_german_subscription_is_confirmed_and_answered_in_german(store: Store) -> None:
    with smtp_server() as inbox:
        _, thread_id = await ledger(store, moderator_email="")
        mail = await loop_for(store, inbox.port)
        service = ReplySubscriptions(store, mail.settings)
        ada = await comment(store, thread_id, "Wer bezahlt die Fähre?")
        assert await service.subscribe(ada, await edit_token(store, ada), "de") is False
        assert await store.subscription_language(ada) == "de"
        assert await mail.round() == 1

        (asking,) = inbox.messages
        assert asking["Subject"] == f"Bestätigen: Antworten auf meinen Kommentar zu „{BRIDGE}“ per E-Mail"
        assert asking["Content-Language"] == "de"
        body = asking.get_content()
        assert f"Jemand, wahrscheinlich du, hat „{BRIDGE}“ (Ledger) mit dieser Adresse kommentiert" in body
        assert "> Wer bezahlt die Fähre?" in body  # the reader's own words, as they wrote them
        assert "Wenn du es nicht warst, ignoriere diese E-Mail" in body
        assert "confirm here" not in body
        link = next(w for w in body.split() if "/mail/confirm?t=" in w)
        assert f"Um sie zu bekommen, bestätige hier: {link}" in body
        assert await service.confirm_with_link(link.split("t=", 1)[1]) is True

        reply = await comment(
            store,
            thread_id,
            "Der Landkreis, aus dem Straßenfonds.",
            parent_id=ada,
            author_name="Grete",
            author_email="grete@example.org",
        )
        assert await mail.round() == 1
        told = inbox.messages[-1]
        assert told["Subject"] == f"Grete hat auf deinen Kommentar zu „{BRIDGE}“ geantwortet"
        assert told["Content-Language"] == "de"
        body = told.get_content()
        assert f"Grete hat auf deinen Kommentar zu „{BRIDGE}“ (Ledger) geantwortet:" in body
        assert "> Der Landkreis, aus dem Straßenfonds." in body
        assert f"Lesen und antworten: https://ledger.example/bridge/#comment-{reply}" in body
        assert "Dein Kommentar war: „Wer bezahlt die Fähre?“" in body
        stop = told["List-Unsubscribe"].strip().strip("<>")  # the headers are the same in every language
        assert stop.startswith("https://comments.example/mail/unsubscribe?t=")
        assert told["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert f"Diese E-Mails abbestellen: {stop}" in body
        assert "replied to your comment" not in body


async def test_a_subscription_without_a_known_language_is_mailed_in_english(store: Store) -> None:
    """Made before migration 0008 (the column's default), or asked in a language we do not speak."""
    with smtp_server() as inbox:
        _, thread_id = await ledger(store, moderator_email="")
        mail = await loop_for(store, inbox.port)
        service = ReplySubscriptions(store, mail.settings)
        old = await comment(store, thread_id, "Who pays for the ferry?")
        assert await store.subscribe_replies(old, confirmed=True)  # as every row older than 0008
        assert await store.subscription_language(old) == ""
        klingon = await comment(store, thread_id, "And the buses?")
        assert await service.subscribe(klingon, await edit_token(store, klingon), "tlh") is True
        assert await store.subscription_language(klingon) == ""
        assert await store.subscription_language(10**9) == ""  # no subscription at all
        for parent in (old, klingon):
            await comment(
                store, thread_id, "The county does.", parent_id=parent, author_email="grace@example.org"
            )
        assert await mail.round() == 2

    for told in inbox.messages:
        assert told["Subject"] == f"Ada replied to your comment on “{BRIDGE}”"
        assert told["Content-Language"] == "en"
        assert "Stop these e-mails: https://comments.example/mail/unsubscribe?t=" in told.get_content()


async def test_asking_again_in_another_language_keeps_the_first(store: Store) -> None:
    _, thread_id = await ledger(store, moderator_email="")
    ada = await comment(store, thread_id, "Wer bezahlt die Fähre?")
    assert not await store.subscribe_replies(ada, confirmed=False, language="de")
    assert not await store.subscribe_replies(ada, confirmed=False, language="fr")
    assert await store.subscription_language(ada) == "de"
    assert await store.unsubscribe_replies(ada)
    assert await store.subscription_language(ada) == ""


async def test_the_reader_can_see_the_language_kept_with_their_subscription(store: Store) -> None:
    """An access request answers with everything kept about the address, the language included."""
    _, thread_id = await ledger(store, moderator_email="")
    ada = await comment(store, thread_id, "Wer bezahlt die Fähre?")
    assert not await store.subscribe_replies(ada, confirmed=False, language="de")
    exported = await PrivacyService(store, settings(0)).export("ada@example.org")
    assert [(s["comment_id"], s["confirmed_at"], s["language"]) for s in exported["reply_subscriptions"]] == [
        (ada, None, "de")
    ]
