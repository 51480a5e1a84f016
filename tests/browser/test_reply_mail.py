""" "Email me replies" in a real browser: the box is offered only when the site sends reply mail,
ticking it subscribes the comment just posted, and another reader's reply reaches the inbox of a
real SMTP server on loopback."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from tests.browser.conftest import DemoServer, start_demo
from tests.browser.test_reader import Reader
from tests.notifications.smtp_server import Inbox, smtp_server


@pytest.fixture(scope="module")
def mail_demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[DemoServer, Inbox]]:
    with smtp_server() as inbox, pytest.MonkeyPatch.context() as env:
        for name, value in {
            "REJOINDER_SMTP_HOST": "127.0.0.1",
            "REJOINDER_SMTP_PORT": str(inbox.port),
            "REJOINDER_SMTP_SECURITY": "none",
            "REJOINDER_MAIL_FROM": "Demo <comments@demo.example>",
            "REJOINDER_PUBLIC_URL": "https://comments.demo.example",
        }.items():
            env.setenv(name, value)
        server = start_demo(Path(tmp_path_factory.mktemp("mail-demo")))
        try:
            yield server, inbox
        finally:
            server.stop()


def fill(form: Locator, text: str, name: str, email: str) -> None:
    """By field name: "Email" is also part of the box's label, "Email me replies"."""
    form.locator("input[name=author]").fill(name)
    form.locator("input[name=email]").fill(email)
    form.get_by_label("Comment").fill(text)


def test_a_reader_who_ticks_the_box_is_mailed_another_readers_reply(
    browser: Browser, mail_demo: tuple[DemoServer, Inbox]
) -> None:
    server, inbox = mail_demo
    first = browser.new_page()
    reader = Reader(first, server).open()
    expect(reader.main_form.get_by_label("Email me replies")).to_have_count(
        0
    )  # the site does not offer it yet

    server.cli("sites", "set", "1", "reply_notifications=true")
    first.wait_for_timeout(5_500)  # the server keeps a site's settings for a few seconds
    reader.open()
    box = reader.main_form.get_by_label("Email me replies")
    expect(box).not_to_be_checked()
    box.check()
    fill(reader.main_form, "Will the pilots' fee be reviewed next year?", "Ada", "ada@example.org")
    reader.submit(reader.main_form)
    mine = reader.comment("pilots' fee be reviewed")
    expect(mine).to_be_visible()
    expect(first.locator(".rj-msg[role=status]")).to_contain_text("Check your e-mail")
    (asking,) = inbox.wait_for(1)
    link = urlsplit(next(w for w in asking.get_content().split() if "/mail/confirm?t=" in w))
    first.goto(f"{server.url}{link.path}?{link.query}")  # the reader follows the link...
    first.get_by_role("button", name="Yes, e-mail me the replies").click()  # ...and says yes
    expect(first.get_by_role("heading")).to_have_text("Done")
    inbox.messages.clear()

    other: Page = browser.new_page()
    grace = Reader(other, server).open()
    theirs = grace.comment("pilots' fee be reviewed")
    theirs.get_by_role("button", name="Reply").first.click()
    form = theirs.locator("form.rj-form")
    fill(form, "Yes: article 11 asks for a review every year.", "Grace", "grace@example.org")
    expect(form.get_by_label("Email me replies")).to_be_visible()  # offered on replies too, left unticked
    grace.submit(form)
    expect(theirs.locator(".rj-r li.rj-c")).to_contain_text("article 11")

    (mail,) = inbox.wait_for(1)
    assert mail["To"] == "ada@example.org"
    assert mail["Subject"].startswith("Grace replied to your comment on")
    assert "Yes: article 11 asks for a review every year." in mail.get_content()
    first.close()
    other.close()
