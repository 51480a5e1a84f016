"""count.js on an index page in a real Chromium against a real ``rejoinder demo`` server: every
link gets its page's count, however often a page is linked and however many pages there are (the
API takes at most 500 pages a request; a big index page asked for more in one request and got
no counts at all, session 8)."""

from __future__ import annotations

import httpx
import pytest
from playwright.sync_api import Page, Route, expect

from tests.browser.conftest import ARTICLE, DemoServer

pytestmark = pytest.mark.browser

OTHER_PAGES = 520  # with the article: 521 pages, more than one request may name


def index_page(server: DemoServer) -> str:
    article = f'<a href="{ARTICLE}#rejoinder-thread" data-rejoinder-count>Comments</a>'
    others = "".join(
        f'<a href="/news/quiet-{i}" data-rejoinder-count>Comments</a>' for i in range(OTHER_PAGES)
    )
    return (
        "<!doctype html><html lang='en'><head><title>Index</title></head><body>"
        f"{article}<h2>{article}</h2>{others}{article}"
        f'<script src="{server.url}/count.js" data-rejoinder-site="1" async></script></body></html>'
    )


def test_every_link_of_a_large_index_page_gets_its_count(page: Page, demo_server: DemoServer) -> None:
    answer = httpx.get(f"{demo_server.url}/api/counts", params={"site": 1, "uri": ARTICLE}, timeout=30)
    seeded = answer.json()["counts"][ARTICLE]
    assert seeded > 1

    def serve(route: Route) -> None:
        route.fulfill(status=200, content_type="text/html", body=index_page(demo_server))

    page.route(f"{demo_server.url}/index-of-many", serve)
    page.goto(f"{demo_server.url}/index-of-many")
    links = page.locator("[data-rejoinder-count]")
    expect(links.first).to_have_text(f"{seeded} comments")
    expect(links.nth(1)).to_have_text(f"{seeded} comments")
    expect(links.last).to_have_text(f"{seeded} comments")
    expect(links.nth(OTHER_PAGES)).to_have_text("0 comments")
    expect(page.get_by_text("Comments", exact=True)).to_have_count(0)
