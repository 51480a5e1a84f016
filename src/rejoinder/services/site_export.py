"""A site's comments as a WordPress export (WXR): the way out of Rejoinder.

Cusdis dropped its export and Schnack never had one; a comment system one cannot leave is one
more reason not to adopt it. WXR is what WordPress imports (Tools > Import > WordPress) and what
Isso, Remark42, Comentario and Rejoinder's own ``rejoinder import wordpress`` read, so one file
serves every road out and back. Each page is an ``item`` (its link is the site's URL plus the
thread's path), each comment a ``wp:comment`` with its id, parent, author, e-mail, website,
stored (shortened) IP, UTC date, sanitised HTML and status. Deleted comments are never written:
their authors or the moderators took them back. Spam only when asked for.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit
from xml.etree.ElementTree import Element, ElementTree, SubElement, indent, register_namespace

from rejoinder.domain import Comment, CommentStatus, Site, Thread
from rejoinder.storage import Store
from rejoinder.storage.base import CommentFilter

WP = "http://wordpress.org/export/1.2/"
PAGE = 500  # the store's largest page of search results
APPROVED = {CommentStatus.APPROVED: "1", CommentStatus.PENDING: "0", CommentStatus.SPAM: "spam"}
_NOT_XML = re.compile(
    "[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)  # XML 1.0 has no such characters

register_namespace("wp", WP)


@dataclass(frozen=True, slots=True)
class SiteExport:
    """The export's document and what it holds, for the command's summary line."""

    document: ElementTree
    threads: int
    comments: int


async def export_site(store: Store, site: Site, statuses: Iterable[CommentStatus]) -> SiteExport:
    """Every comment of ``site`` with one of ``statuses`` (deleted ones never), grouped by page in
    the order they were written. The export is built in memory, about the size of the file."""
    wanted = tuple(s for s in statuses if s in APPROVED)
    by_thread: dict[int, tuple[Thread, list[Comment]]] = {}
    async for comment, thread in _comments(store, site.id, wanted):
        by_thread.setdefault(thread.id, (thread, []))[1].append(comment)
    rss = Element("rss", {"version": "2.0"})
    channel = _channel(rss, site)
    for thread, comments in by_thread.values():
        _item(channel, site, thread, comments)
    document = ElementTree(rss)
    indent(document)
    return SiteExport(document, len(by_thread), sum(len(c) for _, c in by_thread.values()))


async def _comments(
    store: Store, site_id: int, statuses: tuple[CommentStatus, ...]
) -> AsyncIterator[tuple[Comment, Thread]]:
    """Oldest first, a page at a time: (created_at, id) is a total order, so no page overlaps."""
    offset = 0
    while statuses:
        flt = CommentFilter(site_id=site_id, statuses=statuses, limit=PAGE, offset=offset, newest_first=False)
        page = await store.search_comments(flt)
        for item in page.items:
            yield item
        if len(page.items) < PAGE:
            return
        offset += PAGE


def _channel(rss: Element, site: Site) -> Element:
    channel = SubElement(rss, "channel")
    _text(channel, "title", site.name)
    _text(channel, "link", site.url)
    _text(channel, f"{{{WP}}}wxr_version", "1.2")
    _text(channel, f"{{{WP}}}base_site_url", site.url)
    _text(channel, f"{{{WP}}}base_blog_url", site.url)
    return channel


def _item(channel: Element, site: Site, thread: Thread, comments: list[Comment]) -> None:
    item = SubElement(channel, "item")
    _text(item, "title", thread.title or thread.uri)
    _text(item, "link", _origin(site.url) + thread.uri)  # a thread's uri is the page's whole path
    _text(item, f"{{{WP}}}post_type", "post")
    _text(item, f"{{{WP}}}status", "publish")
    _text(item, f"{{{WP}}}comment_status", "closed" if thread.closed else "open")
    for comment in comments:
        _comment(item, comment)


def _comment(item: Element, comment: Comment) -> None:
    element = SubElement(item, f"{{{WP}}}comment")
    fields = {
        "comment_id": str(comment.id),
        "comment_author": comment.author_name,
        "comment_author_email": comment.author_email,
        "comment_author_url": comment.author_url,
        "comment_author_IP": comment.ip,
        "comment_date_gmt": _date(comment.created_at),
        "comment_content": comment.html,
        "comment_approved": APPROVED[comment.status],
        "comment_type": "comment",
        "comment_parent": str(comment.parent_id or 0),
    }
    for name, value in fields.items():
        _text(element, f"{{{WP}}}{name}", value)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _date(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S") if moment else "0000-00-00 00:00:00"


def _text(parent: Element, tag: str, value: str) -> None:
    SubElement(parent, tag).text = _NOT_XML.sub("", value)
