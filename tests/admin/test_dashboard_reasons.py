"""The spam reasons under a held comment in the moderator's language: the shipped engine's own
English reasons for a crafted comment, stored as a post stores them, shown on the real app's
queue page in German, with the parts taken from the comment kept and escaped."""

from __future__ import annotations

import html
from pathlib import Path

import pytest

from rejoinder.domain import Decision
from rejoinder.spam import Engine
from tests.admin.conftest import Dashboard

GERMAN = {"Accept-Language": "de-DE,de;q=0.9,en;q=0.5"}
HOSTILE_NAME = "<script>alert(1)</script> cheap casino"


@pytest.fixture
def store_url(tmp_path: Path) -> str:
    """What a moderator reads does not depend on the database: a SQLite file is enough here."""
    return f"sqlite:///{tmp_path / 'rejoinder.db'}"


def reasons_shown(page: str, comment_id: int) -> list[str]:
    """The text of each reason listed under one comment, unescaped as a browser shows it."""
    start = page.index(f'id="c{comment_id}"')
    block = page[page.index('<ul class="reasons"', start) : page.index("</ul>", start)]
    items = block.split("<li")[1:]
    return [html.unescape(item.split(">", 1)[1].split(" <small>", 1)[0]) for item in items]


async def test_a_german_moderator_reads_the_engines_reasons_in_german(dashboard: Dashboard) -> None:
    verdict = Engine.load().check(
        {
            "content": "buy viagra and casino pills at http://pills-shop.xyz",
            "author": HOSTILE_NAME,
            "author_url": "https://cheap-pills-casino.xyz",
            "seconds_on_page": 1.24,
            "honeypot": "",
        }
    )
    english = [r.text for r in verdict.reasons]
    assert f"author name is a keyword phrase: {HOSTILE_NAME}" in english
    assert "submitted 1.2 s after page load" in english
    held = await dashboard.add_comment(
        "buy viagra", score=verdict.score, decision=Decision.PENDING, reasons=verdict.reasons
    )
    client, _ = await dashboard.login()
    client.headers.update(GERMAN)
    page = (await client.get("/admin/comments")).text
    shown = reasons_shown(page, held.id)
    assert len(shown) == len(english)
    assert f"Autorname ist eine Keyword-Phrase: {HOSTILE_NAME}" in shown
    assert "1,2 s nach dem Laden der Seite abgeschickt" in shown  # the dashboard's decimal comma
    assert not set(english) & set(shown), "an engine reason was left in English"
    # The comment's own words are text on the page, never markup.
    assert "&lt;script&gt;alert(1)&lt;/script&gt; cheap casino" in page
    assert "<script>alert(1)" not in page
    # A reason the table does not know (the fixture's made-up one) stays as it was written.
    assert "long, thoughtful text" in reasons_shown(page, dashboard.comments[0].id)
    assert "3 Links" in reasons_shown(page, dashboard.comments[0].id)
    # The same page in English shows the engine's words as they are stored.
    client.headers["Accept-Language"] = "en"
    assert reasons_shown((await client.get("/admin/comments")).text, held.id) == english


async def test_a_reply_written_as_the_site_names_its_moderator_in_russian(dashboard: Dashboard) -> None:
    parent = dashboard.comments[1]
    client, token = await dashboard.login("mo")
    answer = await client.post(
        "/admin/comments/action",
        data={"act": f"reply:{parent.id}", f"reply_{parent.id}": "Thanks!", "csrf": token},
    )
    assert answer.status_code == 303
    [reply] = [
        c
        for c in await dashboard.services.store.list_thread_comments(dashboard.thread.id)
        if c.parent_id == parent.id
    ]
    assert [r.text for r in reply.reasons] == ["written by moderator mo as the site"]
    client.headers["Accept-Language"] = "ru"
    page = (await client.get("/admin/comments?status=approved")).text
    assert reasons_shown(page, reply.id) == ["написано модератором mo от имени сайта"]
