"""``rejoinder import`` end to end: the real command on SQLite and PostgreSQL, then the thread as a
reader's browser gets it from a real server.

What a site moving to Rejoinder needs: every reader comment in place with its date and its place
in the reply tree, spam and pending comments kept out of sight, no e-mail shown, nothing doubled
when the import is run again, and the old moderation decisions teaching the site's filter.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from rejoinder.storage import open_store
from tests.support.live_server import run_cli, start_server
from tests.support.postgres import fresh_database

EXPORTS = Path(__file__).parent / "exports"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'rejoinder.db'}"
    return fresh_database(request.getfixturevalue("postgres_url"))


def create_site(db_url: str) -> int:
    out = run_cli(
        "sites", "create", "--name", "Ledger", "--url", "https://ledger.example", db_url=db_url
    ).stdout
    site_id: int = json.loads(out)["id"]
    return site_id


def thread(server_url: str, site_id: int, uri: str) -> dict[str, Any]:
    r = httpx.get(f"{server_url}/api/threads", params={"site": site_id, "uri": uri}, timeout=30)
    assert r.status_code == 200, r.text
    data: dict[str, Any] = r.json()
    return data


def test_a_wordpress_history_reads_as_it_did(db_url: str, tmp_path: Path) -> None:
    site_id = create_site(db_url)

    out = run_cli(
        "import", "wordpress", str(EXPORTS / "wordpress.xml"), "--site", str(site_id), db_url=db_url
    )

    assert "6 comment(s) imported into 2 thread(s) (3 approved, 1 deleted, 1 pending, 1 spam)" in out.stdout
    assert "skipped 1 pingbacks (not reader comments)" in out.stdout
    assert "1 repl(ies) to a comment missing from the export kept as top-level comments" in out.stdout
    again = run_cli(
        "import", "wordpress", str(EXPORTS / "wordpress.xml"), "--site", str(site_id), db_url=db_url
    )
    assert "0 comment(s) imported" in again.stdout
    assert "6 already there" in again.stdout
    assert "6 comment(s) scored" in out.stdout
    assert "0 comment(s) scored" in again.stdout, "a re-run scores only what is new"
    assert "kept as top-level" not in again.stdout  # reported once, when it happened

    server = start_server(db_url, log_dir=tmp_path)
    try:
        bridge = thread(server.url, site_id, "/2019/03/council-bridge/")
        library = thread(server.url, site_id, "/?p=57")
    finally:
        server.stop()
    assert bridge["thread"]["title"] == "Council votes to close the old bridge"
    assert bridge["thread"]["count"] == 2  # spam, pending and deleted are not shown
    [root] = bridge["comments"]
    assert root["author"] == "Margaret Okafor"
    assert root["created_at"].startswith("2019-03-05T08:12:44")
    assert "<p>This bridge is how half" in root["html"]
    assert "<b>reckless</b>" in root["html"]
    assert 'rel="nofollow ugc noopener"' in root["html"]
    [reply] = root["replies"]
    assert reply["author"] == "Tom Reilly"
    assert reply["parent_id"] == root["id"]
    assert "<br>" in reply["html"]
    assert "m.okafor@" not in json.dumps(bridge)  # no e-mail address
    assert "tom.reilly@" not in json.dumps(bridge)
    assert "pills-shop" not in json.dumps(bridge)
    assert "<script" not in json.dumps(bridge)
    assert library["thread"]["closed"] is True
    assert [c["author"] for c in library["comments"]] == ["Élodie Marchand"]


def test_a_disqus_history_merges_twin_threads_and_teaches_the_filter(db_url: str) -> None:
    site_id = create_site(db_url)

    out = run_cli(
        "import",
        "disqus",
        str(EXPORTS / "disqus.xml"),
        "--site",
        str(site_id),
        "--learn",
        "10",
        db_url=db_url,
    )

    assert "5 comment(s) imported into 1 thread(s) (3 approved, 1 deleted, 1 spam)" in out.stdout
    assert "skipped 1 posts on threads deleted in Disqus" in out.stdout
    assert "learned from 4 approved or spam comment(s)" in out.stdout
    events, comments = asyncio.run(_learning_and_comments(db_url, site_id))
    assert sorted((e["source"], e["is_spam"]) for e in events) == [("import", False)] * 3 + [("import", True)]
    by_author = {c.author_name: c for c in comments}
    assert by_author["Sam"].parent_id == by_author["Rawiri Ngata"].id  # a reply across the twins
    assert by_author["Work From Home Jobs"].score > by_author["Lena Schulz"].score
    assert by_author["Lena Schulz"].ip == "198.51.100.0"  # minimised like every stored address


async def _learning_and_comments(db_url: str, site_id: int) -> tuple[list[dict[str, Any]], list[Any]]:
    from rejoinder.domain import CommentStatus

    store = await open_store(db_url)
    try:
        events = [{"source": e.source, "is_spam": e.is_spam} for e in await store.learning_events(site_id)]
        uri_thread = await store.get_thread(site_id, "/2016/05/school-budget/")
        assert uri_thread is not None  # one twin was closed in Disqus
        assert uri_thread.closed
        comments = await store.list_thread_comments(uri_thread.id, statuses=tuple(CommentStatus))
    finally:
        await store.close()
    return events, comments


def test_a_wrong_site_or_file_is_a_one_line_error(db_url: str, tmp_path: Path) -> None:
    create_site(db_url)
    wrong_site = run_cli(
        "import", "wordpress", str(EXPORTS / "wordpress.xml"), "--site", "999", db_url=db_url, check=False
    )
    assert wrong_site.returncode == 1
    assert "no site with id 999" in wrong_site.stderr
    assert "Traceback" not in wrong_site.stderr
    junk = tmp_path / "junk.xml"
    junk.write_text("this is not xml")
    bad_file = run_cli("import", "disqus", str(junk), "--site", "1", db_url=db_url, check=False)
    assert bad_file.returncode == 1
    assert "not a readable Disqus export" in bad_file.stderr
    assert "Traceback" not in bad_file.stderr


@pytest.mark.parametrize(("kind", "other"), [("disqus", "wordpress.xml"), ("wordpress", "disqus.xml")])
def test_the_other_kind_of_export_is_named_not_imported_as_nothing(
    kind: str, other: str, tmp_path: Path
) -> None:
    """Well-formed XML of the wrong kind used to import 0 comments and exit 0 (session 8)."""
    db_url = f"sqlite:///{tmp_path / 'rejoinder.db'}"
    create_site(db_url)
    wrong = run_cli("import", kind, str(EXPORTS / other), "--site", "1", db_url=db_url, check=False)
    assert wrong.returncode == 1, wrong.stdout
    expected = {"disqus": "<disqus>", "wordpress": "<rss>"}[kind]
    assert f"its root element is <{'rss' if kind == 'disqus' else 'disqus'}>, not {expected}" in wrong.stderr
    assert "Traceback" not in wrong.stderr


HOSTILE_WXR = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/"><channel><item>
  <title>A post</title><link>https://ledger.example/news/a</link>
  <wp:post_type>post</wp:post_type><wp:status>publish</wp:status>
  {comments}
</item></channel></rss>"""
COMMENT = """<wp:comment><wp:comment_id>{n}</wp:comment_id><wp:comment_author>Reader {n}</wp:comment_author>
  <wp:comment_author_email>r{n}@example.org</wp:comment_author_email>
  <wp:comment_author_url>{url}</wp:comment_author_url>
  <wp:comment_date_gmt>2024-01-02 10:00:0{n}</wp:comment_date_gmt>
  <wp:comment_content>Thanks for the piece, number {n}.</wp:comment_content>
  <wp:comment_approved>1</wp:comment_approved><wp:comment_parent>0</wp:comment_parent></wp:comment>"""


def test_an_imported_website_that_is_not_a_web_address_is_dropped(tmp_path: Path) -> None:
    """The comment form refuses a javascript: or data: website; an export must not bring one in
    (the widget would not link it, but the public API would hand it to any other client)."""
    db_url = f"sqlite:///{tmp_path / 'rejoinder.db'}"
    create_site(db_url)
    urls = [
        "javascript:alert(document.domain)",
        "data:text/html,<b>x</b>",
        "https://fine.example/me",
        "ok.example",
    ]
    comments = "".join(COMMENT.format(n=n, url=url.replace("<", "&lt;")) for n, url in enumerate(urls))
    export = tmp_path / "hostile.xml"
    export.write_text(HOSTILE_WXR.format(comments=comments))
    run_cli("import", "wordpress", str(export), "--site", "1", db_url=db_url)
    server = start_server(db_url, log_dir=tmp_path)
    try:
        shown = {c["author"]: c["website"] for c in thread(server.url, 1, "/news/a")["comments"]}
    finally:
        server.stop()
    assert shown == {
        "Reader 0": "",
        "Reader 1": "",
        "Reader 2": "https://fine.example/me",
        "Reader 3": "https://ok.example",
    }
