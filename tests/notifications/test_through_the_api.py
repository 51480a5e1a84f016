"""Reply e-mails as a reader meets them: a real server, the public API, a real mail server.

Ada posts and ticks "e-mail me replies" (the widget's PUT with her edit token); Grace answers;
Ada's mail arrives with a link; the link's page only asks, its button stops the mail.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from tests.notifications.smtp_server import Inbox, smtp_server
from tests.support.live_server import LiveServer, run_cli, start_server

PUBLIC = "https://comments.ledger.example"


def post(
    server: LiveServer, site_id: int, author: str, email: str, text: str, parent: int | None = None
) -> dict:
    config = httpx.get(f"{server.url}/api/config", params={"site": site_id, "uri": "/bridge/"}).json()
    body = {
        "site": site_id,
        "uri": "/bridge/",
        "title": "Council votes to close the bridge",
        "author": author,
        "email": email,
        "text": text,
        "parent_id": parent,
        "form_token": config["form_token"],
    }
    answer = httpx.post(
        f"{server.url}/api/comments", json=body, headers={"User-Agent": "Mozilla/5.0 Firefox/120.0"}
    )
    assert answer.status_code == 201, answer.text
    return dict(answer.json())


def local_link(server: LiveServer, link: str) -> str:
    """A link from an e-mail (on the public address), aimed at the server under test."""
    parts = urlsplit(link)
    assert f"{parts.scheme}://{parts.netloc}" == PUBLIC
    return f"{server.url}{parts.path}?{parts.query}"


def serve_with_mail(tmp_path: Path, inbox: Inbox, *settings: str) -> tuple[LiveServer, int]:
    db = f"sqlite:///{tmp_path / 'r.db'}"
    created = run_cli("sites", "create", "--name", "Ledger", "--url", "https://ledger.example", db_url=db)
    site_id = int(json.loads(created.stdout)["id"])
    run_cli("sites", "set", str(site_id), "min_seconds_on_page=0", *settings, db_url=db)
    env = {
        "REJOINDER_SMTP_HOST": "127.0.0.1",
        "REJOINDER_SMTP_PORT": str(inbox.port),
        "REJOINDER_SMTP_SECURITY": "none",
        "REJOINDER_MAIL_FROM": "Ledger <comments@ledger.example>",
        "REJOINDER_PUBLIC_URL": PUBLIC,
    }
    return start_server(db, log_dir=tmp_path, extra_env=env), site_id


def test_a_reader_who_asks_gets_the_reply_by_mail_and_its_link_stops_the_next(tmp_path: Path) -> None:
    with smtp_server() as inbox:
        server, site_id = serve_with_mail(tmp_path, inbox, "reply_notifications=true")
        try:
            config = httpx.get(f"{server.url}/api/config", params={"site": site_id, "uri": "/bridge/"}).json()
            assert config["reply_notifications"] is True
            ada = post(
                server, site_id, "Ada", "ada@example.org", "Who pays for the ferry while the bridge is shut?"
            )
            ada_id = ada["comment"]["id"]
            url = f"{server.url}/api/comments/{ada_id}/subscription"
            forged = httpx.put(url, json={"edit_token": "forged"})
            assert forged.status_code == 403
            assert forged.json()["error"]["field"] == "edit_token"
            subscribed = httpx.put(url, json={"edit_token": ada["edit_token"]})
            assert subscribed.status_code == 200, subscribed.text
            assert subscribed.json()["confirmed"] is False
            assert subscribed.json()["message"].startswith("Check your e-mail")

            (asking,) = inbox.wait_for(1)  # an address new to the site confirms first
            assert asking["To"] == "ada@example.org"
            confirm = local_link(
                server, next(w for w in asking.get_content().split() if "/mail/confirm?t=" in w)
            )
            assert "Yes, e-mail me the replies" in httpx.get(confirm).text  # a scanner's fetch does nothing
            assert "Confirmed" in httpx.post(confirm).text
            inbox.messages.clear()

            post(
                server, site_id, "Grace", "grace@example.org", "The county does, from the road fund.", ada_id
            )
            (mail,) = inbox.wait_for(1)
            assert mail["To"] == "ada@example.org"
            assert "The county does, from the road fund." in mail.get_content()
            local = local_link(server, mail["List-Unsubscribe"].strip().strip("<>"))

            page = httpx.get(local)  # what a mail scanner or a curious click does: nothing yet
            assert page.status_code == 200
            assert "Stop these e-mails" in page.text
            post(server, site_id, "Lin", "lin@example.org", "And the ferry fares stay as they are.", ada_id)
            assert len(inbox.wait_for(2)) == 2
            stopped = httpx.post(local, data={"List-Unsubscribe": "One-Click"})  # RFC 8058
            assert stopped.status_code == 200
            assert "no more e-mails" in stopped.text
            assert httpx.get(f"{server.url}/mail/unsubscribe", params={"t": "forged"}).status_code == 400

            post(server, site_id, "Bo", "bo@example.org", "A third reply nobody is mailed about.", ada_id)
            time.sleep(5)  # the mail loop runs every two seconds
            assert len(inbox.messages) == 2
            notice = httpx.get(f"{server.url}/privacy/{site_id}").text
            assert "E-mails about replies, if you ask for them" in notice
        finally:
            server.stop()


def test_a_site_that_does_not_offer_reply_mail_refuses_the_subscription(tmp_path: Path) -> None:
    with smtp_server() as inbox:
        server, site_id = serve_with_mail(tmp_path, inbox)
        try:
            config = httpx.get(f"{server.url}/api/config", params={"site": site_id, "uri": "/bridge/"}).json()
            assert config["reply_notifications"] is False
            ada = post(
                server, site_id, "Ada", "ada@example.org", "Who pays for the ferry while the bridge is shut?"
            )
            answer = httpx.put(
                f"{server.url}/api/comments/{ada['comment']['id']}/subscription",
                json={"edit_token": ada["edit_token"]},
            )
            assert answer.status_code == 409
            assert "does not send reply notifications" in answer.json()["error"]["message"]
            assert "E-mails about replies" not in httpx.get(f"{server.url}/privacy/{site_id}").text
        finally:
            server.stop()


def test_the_moderator_approves_a_held_comment_from_the_mail(tmp_path: Path) -> None:
    with smtp_server() as inbox:
        server, site_id = serve_with_mail(
            tmp_path, inbox, "moderator_email=desk@ledger.example", "moderation=hold_all"
        )
        try:
            post(
                server, site_id, "Ada", "ada@example.org", "Who pays for the ferry while the bridge is shut?"
            )
            (mail,) = inbox.wait_for(1)
            assert mail["To"] == "desk@ledger.example"
            approve = next(line for line in mail.get_content().splitlines() if line.startswith("Approve: "))
            local = local_link(server, approve.removeprefix("Approve: ").strip())

            def shown() -> int:
                thread = httpx.get(f"{server.url}/api/threads", params={"site": site_id, "uri": "/bridge/"})
                return int(thread.json()["thread"]["count"])

            page = httpx.get(local)  # a scanner's fetch, or the moderator reading first
            assert page.status_code == 200
            assert "Approve this comment?" in page.text
            assert "Who pays for the ferry" in page.text
            assert shown() == 0
            done = httpx.post(local)
            assert done.status_code == 200
            assert "approved" in done.text
            assert shown() == 1
            assert httpx.post(f"{server.url}/mail/moderate", params={"t": "forged"}).status_code == 400
        finally:
            server.stop()
