"""Atom feeds, fetched from a real server and read by feedparser, as a feed reader would.

The site's history is put in by ``rejoinder import`` (approved, pending, spam and deleted comments,
replies), plus one comment whose author name is hostile markup.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import feedparser
import httpx
import pytest

from rejoinder.storage import open_store
from tests.storage.helpers import BASE
from tests.support.live_server import LiveServer, run_cli, start_server

EXPORT = Path(__file__).parents[1] / "importing" / "exports" / "wordpress.xml"
HOSTILE = '<script>alert("name")</script> & Co'


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    folder = tmp_path_factory.mktemp("feeds")
    db = f"sqlite:///{folder / 'rejoinder.db'}"
    run_cli("sites", "create", "--name", "The Valley Ledger", "--url", "https://ledger.example", db_url=db)
    run_cli("import", "wordpress", str(EXPORT), "--site", "1", db_url=db)
    asyncio.run(_add_hostile_comment(db))
    running = start_server(db, log_dir=folder)
    yield running
    running.stop()


async def _add_hostile_comment(db: str) -> None:
    store = await open_store(db)
    try:
        thread = await store.get_thread(1, "/?p=57")
        assert thread is not None
        await store.insert_comment(
            replace(BASE, thread_id=thread.id, author_name=HOSTILE, author_email="x@hostile.example")
        )
    finally:
        await store.close()


def fetch(server: LiveServer, path: str, **params: str) -> httpx.Response:
    return httpx.get(f"{server.url}{path}", params=params, timeout=30)


def test_a_page_feed_holds_its_approved_comments_newest_first(server: LiveServer) -> None:
    r = fetch(server, "/feeds/1/thread.atom", uri="/2019/03/council-bridge/")

    assert r.status_code == 200
    assert r.headers["content-type"] == "application/atom+xml; charset=utf-8"
    assert "max-age" in r.headers["cache-control"]
    feed = feedparser.parse(r.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.title == "Comments on Council votes to close the old bridge"
    assert feed.feed.link == "https://ledger.example/2019/03/council-bridge/"
    assert [e.author for e in feed.entries] == ["Tom Reilly", "Margaret Okafor"]  # no spam, pending, deleted
    newest = feed.entries[0]
    assert newest.link.startswith("https://ledger.example/2019/03/council-bridge/#comment-")
    assert newest.id == newest.link
    assert newest.published.startswith("2019-03-05T09:02:10")
    assert newest.title == "Tom Reilly on Council votes to close the old bridge"
    assert "The money is simply not there." in newest.content[0].value
    assert b"@example" not in r.content  # no e-mail address
    assert b"pills-shop" not in r.content


def test_the_site_feed_spans_pages_and_escapes_what_readers_wrote(server: LiveServer) -> None:
    r = fetch(server, "/feeds/1/recent.atom")

    feed = feedparser.parse(r.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.feed.title == "Comments on The Valley Ledger"
    authors = [e.author for e in feed.entries]
    assert authors[0] == HOSTILE  # the newest, read back intact as text
    assert set(authors[1:]) == {"Élodie Marchand", "Tom Reilly", "Margaret Okafor"}
    assert b"<script>" not in r.content  # escaped in the XML itself
    assert b"x@hostile.example" not in r.content
    links = {e.link for e in feed.entries}
    assert any(link.startswith("https://ledger.example/?p=57#comment-") for link in links)


@pytest.mark.parametrize(
    ("path", "params", "status", "field"),
    [
        ("/feeds/999/recent.atom", {}, 404, "site"),
        ("/feeds/1/thread.atom", {"uri": "/never-commented/"}, 404, "uri"),
        ("/feeds/1/thread.atom", {"uri": "no-slash"}, 400, "uri"),
        ("/feeds/1/thread.atom", {}, 422, "uri"),
        ("/feeds/99999999999999999999/recent.atom", {}, 422, "site"),
    ],
)
def test_bad_requests_get_a_4xx_that_names_the_field(
    server: LiveServer, path: str, params: dict[str, str], status: int, field: str
) -> None:
    r = fetch(server, path, **params)
    assert r.status_code == status, r.text
    assert field in json.dumps(r.json())


def test_a_reader_that_has_the_feed_gets_304(server: LiveServer) -> None:
    first = fetch(server, "/feeds/1/recent.atom")
    etag = first.headers["etag"]

    again = httpx.get(f"{server.url}/feeds/1/recent.atom", headers={"If-None-Match": etag}, timeout=30)
    other = httpx.get(f"{server.url}/feeds/1/recent.atom", headers={"If-None-Match": '"stale"'}, timeout=30)

    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == etag
    assert other.status_code == 200
    assert other.content == first.content
