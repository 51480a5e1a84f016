"""``rejoinder sites export``: a site's comments leave as a WordPress export (WXR) and come back
the same through ``rejoinder import wordpress`` (the competitors' "no export" complaint: Cusdis
dropped its export, Schnack never had one).

A history is imported from a WordPress file, exported by the real command, and imported into a
second database: every published, held and (with ``--spam``) spam comment is there with its
author, e-mail, website, date, HTML and place in the reply tree; deleted ones are not.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from defusedxml import ElementTree as ET

from rejoinder.domain import Comment, CommentStatus
from rejoinder.storage import open_store
from tests.importing.test_import_cli import EXPORTS, create_site
from tests.support.live_server import run_cli

Row = tuple[str, str, str, str, str, str, str, str]
HOSTILE = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/"><channel><item>
<title>Tricky &amp; &lt;names&gt;</title><link>https://ledger.example/tricky/</link>
<wp:comment><wp:comment_id>7</wp:comment_id>
<wp:comment_author>Zoë ]]&gt; &lt;script&gt;x&lt;/script&gt;</wp:comment_author>
<wp:comment_author_email>zoe@example.org</wp:comment_author_email>
<wp:comment_date_gmt>2020-01-02 03:04:05</wp:comment_date_gmt>
<wp:comment_content><![CDATA[Fish & chips <b>now</b> ]]]]><![CDATA[> 🐟
<script>alert(1)</script>]]></wp:comment_content>
<wp:comment_approved>1</wp:comment_approved><wp:comment_parent>0</wp:comment_parent></wp:comment>
</item></channel></rss>
"""


def rows(db_url: str, site_id: int) -> list[Row]:
    """Each stored comment as the fields an export carries, its parent named by author and date."""

    async def read() -> list[Row]:
        store = await open_store(db_url)
        try:
            found: list[Row] = []
            for uri in ("/2019/03/council-bridge/", "/?p=57", "/tricky/"):
                thread = await store.get_thread(site_id, uri)
                assert thread is not None, uri
                comments = await store.list_thread_comments(thread.id, statuses=tuple(CommentStatus))
                by_id = {c.id: c for c in comments}
                found += [_row(uri, c, by_id) for c in comments if c.status is not CommentStatus.DELETED]
            return sorted(found)
        finally:
            await store.close()

    return asyncio.run(read())


def _row(uri: str, c: Comment, by_id: dict[int, Comment]) -> Row:
    parent = by_id[c.parent_id] if c.parent_id else None
    parent_key = f"{parent.author_name}@{parent.created_at}" if parent else ""
    return (uri, c.author_name, c.author_email, c.author_url, str(c.created_at), c.html, c.status, parent_key)


def test_an_export_imports_back_the_same(tmp_path: Path) -> None:
    first, second = f"sqlite:///{tmp_path / 'a.db'}", f"sqlite:///{tmp_path / 'b.db'}"
    (tmp_path / "hostile.xml").write_text(HOSTILE)
    site = create_site(first)
    for name in (str(EXPORTS / "wordpress.xml"), str(tmp_path / "hostile.xml")):
        run_cli("import", "wordpress", name, "--site", str(site), db_url=first)
    before = rows(first, site)

    out = run_cli("sites", "export", str(site), "--spam", "--output", str(tmp_path / "out.xml"), db_url=first)
    assert out.stderr == "exported 6 comment(s) on 3 page(s)\n"  # 7 imported, less the deleted one
    back = create_site(second)
    run_cli("import", "wordpress", str(tmp_path / "out.xml"), "--site", str(back), db_url=second)

    assert rows(second, back) == before
    assert {r[6] for r in before} == {"approved", "pending", "spam"}
    assert any("<script" not in r[5] and "🐟" in r[5] and "]]&gt;" in r[5] for r in before)


def test_the_export_is_wxr_and_leaves_out_spam_unless_asked(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'a.db'}"
    site = create_site(db)
    run_cli("import", "wordpress", str(EXPORTS / "wordpress.xml"), "--site", str(site), db_url=db)

    out = run_cli("sites", "export", str(site), db_url=db)

    wp = "{http://wordpress.org/export/1.2/}"
    channel = ET.fromstring(out.stdout.encode()).find("channel")
    assert channel is not None
    assert channel.findtext("link") == "https://ledger.example"
    items = {i.findtext("link"): i for i in channel.iter("item")}
    assert set(items) == {"https://ledger.example/2019/03/council-bridge/", "https://ledger.example/?p=57"}
    assert items["https://ledger.example/?p=57"].findtext(f"{wp}comment_status") == "closed"
    statuses = [c.findtext(f"{wp}comment_approved") for c in channel.iter(f"{wp}comment")]
    assert sorted(statuses) == ["0", "1", "1", "1"]  # no spam without --spam, never the deleted one
    assert "m.okafor@" in out.stdout  # the site's own data: e-mail addresses are in it
    assert out.stderr == "exported 4 comment(s) on 2 page(s)\n"


def test_an_unknown_site_is_one_line(tmp_path: Path) -> None:
    result = run_cli("sites", "export", "42", db_url=f"sqlite:///{tmp_path / 'a.db'}", check=False)
    assert result.returncode == 1
    assert result.stderr == "Error: no site with id 42\n"
    assert json.dumps(result.stdout) == '""'
