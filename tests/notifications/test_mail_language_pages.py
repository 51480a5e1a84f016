"""A German reader, end to end on a real server with a real mail server: the widget's
subscription request says German, so the confirmation, the reply and the pages behind both
links are German (``<html lang="de">``) whatever the browser that opens the link asks for; a page
with no subscription behind it follows the browser's ``Accept-Language``."""

from __future__ import annotations

from pathlib import Path

import httpx

from tests.notifications.smtp_server import smtp_server
from tests.notifications.test_through_the_api import local_link, post, serve_with_mail

GERMAN = {"Accept-Language": "de-DE,de;q=0.9,en;q=0.5"}  # what the widget sends on a German page


def test_a_german_reader_gets_the_mails_and_their_pages_in_german(tmp_path: Path) -> None:
    with smtp_server() as inbox:
        server, site_id = serve_with_mail(tmp_path, inbox, "reply_notifications=true")
        try:
            ada = post(server, site_id, "Ada", "ada@example.org", "Wer bezahlt die Fähre?")
            ada_id = ada["comment"]["id"]
            subscribed = httpx.put(
                f"{server.url}/api/comments/{ada_id}/subscription",
                json={"edit_token": ada["edit_token"]},
                headers=GERMAN,
            )
            assert subscribed.status_code == 200, subscribed.text
            assert subscribed.json()["message"].startswith("Sieh in dein E-Mail-Postfach")

            (asking,) = inbox.wait_for(1)
            assert asking["Subject"].startswith("Bestätigen: Antworten auf meinen Kommentar")
            assert asking["Content-Language"] == "de"
            confirm = local_link(
                server, next(w for w in asking.get_content().split() if "/mail/confirm?t=" in w)
            )
            page = httpx.get(confirm)  # a mail client that sends no Accept-Language at all
            assert page.status_code == 200
            assert '<html lang="de">' in page.text
            assert "Antworten auf meinen Kommentar per E-Mail bekommen?" in page.text
            assert "Ja, schick mir die Antworten per E-Mail" in page.text
            done = httpx.post(confirm, headers={"Accept-Language": "en"})  # the subscription's wins
            assert '<html lang="de">' in done.text
            assert "Bestätigt: Du bekommst jede veröffentlichte Antwort" in done.text
            inbox.messages.clear()

            post(server, site_id, "Grete", "grete@example.org", "Der Landkreis.", ada_id)
            (told,) = inbox.wait_for(1)
            assert told["Subject"].startswith("Grete hat auf deinen Kommentar zu „")
            assert "Lesen und antworten: https://ledger.example/bridge/#comment-" in told.get_content()
            stop = local_link(server, told["List-Unsubscribe"].strip().strip("<>"))
            asked = httpx.get(stop)
            assert '<html lang="de">' in asked.text
            assert "Keine E-Mails mehr über Antworten?" in asked.text
            stopped = httpx.post(stop, data={"List-Unsubscribe": "One-Click"})  # RFC 8058
            assert stopped.status_code == 200
            assert '<html lang="de">' in stopped.text  # read before the subscription ended
            assert "Du bekommst keine E-Mails mehr über Antworten auf diesen Kommentar." in stopped.text

            again = httpx.post(stop, headers={"Accept-Language": "fr"})  # nothing left: the browser's
            assert '<html lang="fr">' in again.text
            assert "Rien à faire" in again.text
        finally:
            server.stop()


def test_a_broken_link_says_so_in_the_browsers_language(tmp_path: Path) -> None:
    with smtp_server() as inbox:
        server, _ = serve_with_mail(tmp_path, inbox, "reply_notifications=true")
        try:
            for path in ("/mail/confirm", "/mail/unsubscribe"):
                answer = httpx.get(
                    f"{server.url}{path}", params={"t": "forged"}, headers={"Accept-Language": "es"}
                )
                assert answer.status_code == 400
                assert '<html lang="es">' in answer.text
                assert "Este enlace no funciona" in answer.text
                assert "Este enlace no es válido: copia el enlace completo del correo." in answer.text
            english = httpx.get(
                f"{server.url}/mail/moderate", params={"t": "forged"}, headers={"Accept-Language": "es"}
            )
            assert '<html lang="en">' in english.text  # a moderator's page: out of the readers' languages
            assert "This link does not work" in english.text
        finally:
            server.stop()
