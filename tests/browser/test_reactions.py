"""Likes and reports in a real browser: the like button toggles and remembers its state across a
reload, the count comes from the server, and a report with a reason reaches the database."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import DemoServer, start_demo
from tests.browser.test_reader import Reader


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoServer]:
    server = start_demo(Path(tmp_path_factory.mktemp("reactions-demo")))
    try:
        yield server
    finally:
        server.stop()


def stored(server: DemoServer, query: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(server.db_url.removeprefix("sqlite:///")) as db:
        return db.execute(query).fetchall()


def test_a_reader_likes_a_comment_and_takes_the_like_back(browser: Browser, demo: DemoServer) -> None:
    page = browser.new_page()
    reader = Reader(page, demo).open()
    first = reader.thread.locator("li.rj-c article").first
    like = first.locator("button.rj-like")
    stored_likes = stored(demo, "select count(*) from reactions where kind = 'like'")
    expect(like).to_have_attribute("aria-pressed", "false")
    before = int(like.inner_text().split()[-1])
    like.click()
    expect(like).to_have_attribute("aria-pressed", "true")
    expect(like).to_have_text(f"♥ Like {before + 1}")  # "Like" is for screen readers only
    expect(like).to_have_accessible_name(f"Like {before + 1}")

    reader.open()  # a reload: the count from the server, the pressed state from this browser
    like = reader.thread.locator("li.rj-c article").first.locator("button.rj-like")
    expect(like).to_have_attribute("aria-pressed", "true")
    expect(like).to_have_text(f"♥ Like {before + 1}")
    like.click()
    expect(like).to_have_attribute("aria-pressed", "false")
    expect(like).to_have_text(f"♥ Like {before}")
    assert stored(demo, "select count(*) from reactions where kind = 'like'") == stored_likes


def test_a_reader_reports_a_comment_with_a_reason(browser: Browser, demo: DemoServer) -> None:
    page = browser.new_page()
    reader = Reader(page, demo).open()
    article = reader.thread.locator("li.rj-c article").nth(1)
    menu = article.locator("details.rj-rep")
    menu.locator("summary").click()
    menu.get_by_role("button", name="Abusive").click()
    expect(article).to_contain_text("Thank you: a moderator will look at it.")
    expect(article.locator("details.rj-rep")).to_have_count(0)
    assert stored(demo, "select kind, reason from reactions where kind = 'report'") == [("report", "abuse")]
