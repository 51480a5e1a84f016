"""Reading exports: what WordPress and Disqus files hold, as threads and comments, nothing stored.

The files in ``exports/`` are cut-down exports in each system's own format (namespaces, CDATA,
pingbacks, zero GMT dates, Disqus's duplicate http/https threads and its two ways of referring).
"""

from __future__ import annotations

import contextlib
import io
from datetime import UTC, datetime
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rejoinder.domain import CommentStatus
from rejoinder.errors import ValidationError
from rejoinder.services.importing.content import imported_html, plain_text
from rejoinder.services.importing.disqus import read_disqus
from rejoinder.services.importing.importer import parents_first
from rejoinder.services.importing.records import SourceComment, uri_of
from rejoinder.services.importing.wordpress import read_wxr

EXPORTS = Path(__file__).parent / "exports"


def test_wordpress_threads_statuses_parents_and_dates() -> None:
    export = read_wxr(EXPORTS / "wordpress.xml")

    assert [(t.uri, t.title, t.closed) for t in export.threads] == [
        ("/2019/03/council-bridge/", "Council votes to close the old bridge", False),
        ("/?p=57", "Letters: the library's new hours", True),
    ]
    bridge = {c.key: c for c in export.threads[0].comments}
    assert sorted(bridge) == ["101", "102", "103", "105", "106"]  # 104 is a pingback
    assert export.skipped == {"pingbacks (not reader comments)": 1}
    assert bridge["101"].created_at == datetime(2019, 3, 5, 8, 12, 44, tzinfo=UTC)  # the GMT time
    assert bridge["105"].created_at == datetime(2019, 3, 6, 14, 30, tzinfo=UTC)  # no GMT time: local
    assert bridge["102"].parent_key == "101"
    assert bridge["102"].ip == "2001:db8:1234:5678::9"
    assert "\n\nDid anyone" in bridge["101"].content  # paragraphs survive as blank lines
    statuses = {key: c.status for key, c in bridge.items()}
    assert statuses == {
        "101": CommentStatus.APPROVED,
        "102": CommentStatus.APPROVED,
        "103": CommentStatus.SPAM,
        "105": CommentStatus.PENDING,
        "106": CommentStatus.DELETED,
    }


def test_disqus_threads_posts_and_references() -> None:
    export = read_disqus(EXPORTS / "disqus.xml")

    assert [(t.uri, t.closed) for t in export.threads] == [
        ("/2016/05/school-budget/", False),
        ("/2016/05/school-budget/", True),  # the https twin: the importer merges them by path
    ]
    posts = {c.key: c for t in export.threads for c in t.comments}
    assert sorted(posts) == ["7001", "7002", "7003", "7004", "7005"]
    assert export.skipped == {"posts on threads deleted in Disqus": 1}
    assert posts["7002"].parent_key == "7001"
    assert posts["7004"].parent_key == "7002"  # across the two twins
    assert posts["7003"].status is CommentStatus.SPAM
    assert posts["7005"].status is CommentStatus.DELETED
    assert posts["7001"].author_email == "lena@example.org"
    assert posts["7001"].created_at == datetime(2016, 5, 10, 22, 15, tzinfo=UTC)


def test_disqus_references_by_id_text_are_resolved_too() -> None:
    xml = b"""<disqus xmlns="http://disqus.com">
      <thread><id>t1</id><link>https://a.example/p/</link><title>P</title></thread>
      <post><id>p1</id><message>first</message><createdAt>2012-12-12T12:12:12</createdAt>
        <author><name>A</name></author><thread>t1</thread></post>
      <post><id>p2</id><message>reply</message><createdAt>2012-12-12T12:13:12</createdAt>
        <author><name>B</name></author><thread>t1</thread><parent>p1</parent></post>
    </disqus>"""
    export = read_disqus(io.BytesIO(xml))
    [thread] = export.threads
    assert [(c.key, c.parent_key) for c in thread.comments] == [("p1", None), ("p2", "p1")]
    assert thread.comments[0].created_at.tzinfo is UTC


@pytest.mark.parametrize(("reader", "root"), [(read_wxr, b"rss"), (read_disqus, b"disqus")])
def test_entity_bombs_and_broken_xml_are_refused_with_a_message(reader: object, root: bytes) -> None:
    bomb = b"""<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>
    <%s><channel><item><title>&lol2;</title></item></channel></%s>""" % (root, root)
    with pytest.raises(ValidationError, match="not a readable"):
        reader(io.BytesIO(bomb))  # type: ignore[operator]
    with pytest.raises(ValidationError, match="not a readable"):
        reader(io.BytesIO(b"<%s><channel><item>" % root))  # type: ignore[operator]


@pytest.mark.parametrize(("reader", "root"), [(read_wxr, "rss"), (read_disqus, "disqus")])
def test_well_formed_xml_of_another_kind_is_refused_by_its_root(reader: object, root: str) -> None:
    with pytest.raises(ValidationError, match=f"its root element is <feed>, not <{root}>"):
        reader(io.BytesIO(b'<feed xmlns="http://www.w3.org/2005/Atom"><entry/></feed>'))  # type: ignore[operator]


def test_imported_html_is_sanitised_and_keeps_paragraphs() -> None:
    source = (
        'One <b>bold</b> line\nand the next\n\n<a href="javascript:alert(1)">x</a><script>alert(2)</script>'
    )
    html = imported_html(source)
    assert html == '<p>One <b>bold</b> line<br>and the next</p><p><a rel="nofollow ugc noopener">x</a></p>'
    assert plain_text(html) == "One bold line\nand the next\n\nx"
    disqus = imported_html('<p>a &amp; b <a href="https://x.example/">link</a></p><p>two</p>')
    assert (
        disqus
        == '<p>a &amp; b <a href="https://x.example/" rel="nofollow ugc noopener">link</a></p><p>two</p>'
    )
    assert plain_text(disqus) == "a & b link\n\ntwo"


@pytest.mark.parametrize(
    ("link", "uri"),
    [
        ("https://ledger.example/2019/03/x/", "/2019/03/x/"),
        ("https://ledger.example/2019/03/x/?utm_source=feed", "/2019/03/x/"),
        ("https://ledger.example/?p=57", "/?p=57"),
        ("https://ledger.example", "/"),
    ],
)
def test_a_thread_is_keyed_by_the_path_the_widget_sends(link: str, uri: str) -> None:
    assert uri_of(link) == uri


def _comment(key: str, parent: str | None, minute: int) -> SourceComment:
    return SourceComment(
        key,
        parent,
        "A",
        "",
        "",
        "",
        "text",
        datetime(2020, 1, 1, 0, minute, tzinfo=UTC),
        CommentStatus.APPROVED,
    )


def test_parents_come_first_even_when_a_reply_is_dated_earlier() -> None:
    # a reply stamped before its parent (clock skew), a reply to a missing comment, and a cycle
    comments = [
        _comment("a", None, 10),
        _comment("b", "a", 5),
        _comment("c", "missing", 1),
        _comment("d", "e", 20),
        _comment("e", "d", 21),
    ]
    ordered, orphans = parents_first(comments)
    keys = [c.key for c in ordered]
    assert sorted(keys) == ["a", "b", "c", "d", "e"]
    assert keys.index("a") < keys.index("b")
    placed: set[str] = set()
    for comment in ordered:
        assert comment.parent_key is None or comment.parent_key in placed
        placed.add(comment.key)
    assert {c.key: c.parent_key for c in ordered} == {"a": None, "b": "a", "c": None, "d": None, "e": "d"}
    assert orphans == {"c", "d"}  # c lost its missing parent; d was cut out of the cycle


WXR_COMMENT = """<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><item><title>{title}</title><link>{link}</link>
<wp:comment><wp:comment_id>{cid}</wp:comment_id><wp:comment_author>{author}</wp:comment_author>
<wp:comment_date_gmt>{date}</wp:comment_date_gmt><wp:comment_content>{content}</wp:comment_content>
<wp:comment_approved>{approved}</wp:comment_approved><wp:comment_parent>{parent}</wp:comment_parent>
</wp:comment></item></channel></rss>"""


# What XML 1.0 can hold: no control characters but tab and newline, no surrogates or non-characters.
XML_TEXT = st.text(
    st.characters(blacklist_categories=("Cs", "Cc", "Cn")) | st.sampled_from("\t\n"), max_size=40
)


@given(st.binary(max_size=400))
@settings(max_examples=150, deadline=None)
def test_any_bytes_are_read_or_refused_with_a_message(data: bytes) -> None:
    for reader in (read_wxr, read_disqus):
        with contextlib.suppress(ValidationError):  # a message, or an export: nothing else
            reader(io.BytesIO(data))


@given(
    st.dictionaries(
        st.sampled_from(["title", "link", "cid", "author", "date", "content", "approved", "parent"]),
        XML_TEXT,
    )
)
@settings(max_examples=150, deadline=None)
def test_any_field_values_are_read_or_skipped_never_a_crash(values: dict[str, str]) -> None:
    fields = {
        k: escape(values.get(k, ""))
        for k in ("title", "link", "cid", "author", "date", "content", "approved", "parent")
    }
    export = read_wxr(io.BytesIO(WXR_COMMENT.format(**fields).encode("utf-8")))
    for thread in export.threads:
        assert thread.uri.startswith("/")
        for comment in thread.comments:
            assert comment.created_at.tzinfo is UTC
            assert isinstance(imported_html(comment.content), str)
