"""WordPress's export (WXR: Tools > Export > All content), read into an ``Export``.

A WXR file is RSS: ``channel`` holds one ``item`` per post or page, and each item its
``wp:comment``s. Pingbacks and trackbacks are not reader comments and are left out. WordPress's
moderation states map onto ours: approved (``1``), pending (``0``), ``spam``, and trash as
deleted.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import BinaryIO
from xml.etree.ElementTree import Element

from rejoinder.domain import CommentStatus
from rejoinder.services.importing.records import (
    Export,
    SourceComment,
    SourceThread,
    parse_time,
    uri_of,
    website,
)
from rejoinder.services.importing.xml_reading import children, elements_at, local, text_of

STATUSES = {
    "1": CommentStatus.APPROVED,
    "approve": CommentStatus.APPROVED,
    "0": CommentStatus.PENDING,
    "hold": CommentStatus.PENDING,
    "spam": CommentStatus.SPAM,
    "trash": CommentStatus.DELETED,
    "post-trashed": CommentStatus.DELETED,
}
READER_COMMENT_TYPES = ("", "comment")
NO_DATE = "0000-00-00 00:00:00"


def read_wxr(source: Path | BinaryIO) -> Export:
    export = Export("wordpress")
    for item in elements_at(source, 2, "WordPress export (WXR)", "rss"):
        if local(item.tag) != "item":
            continue
        thread = _thread(item, export)
        if thread is not None:
            export.threads.append(thread)
    return export


def _thread(item: Element, export: Export) -> SourceThread | None:
    fields = children(item)
    comments = []
    for element in item:
        if local(element.tag) != "comment":
            continue
        comment = _comment(element, export)
        if comment is not None:
            comments.append(comment)
    if not comments:
        return None
    return SourceThread(
        uri=uri_of(text_of(fields.get("link")) or text_of(fields.get("guid"))),
        title=text_of(fields.get("title")),
        closed=text_of(fields.get("comment_status")) == "closed",
        comments=tuple(comments),
    )


def _comment(element: Element, export: Export) -> SourceComment | None:
    parts = children(element)
    fields = {name: text_of(child) for name, child in parts.items()}
    kind = fields.get("comment_type", "")
    if kind not in READER_COMMENT_TYPES:
        export.skipped[f"{kind}s (not reader comments)"] += 1
        return None
    created = _date(fields)
    if created is None or not fields.get("comment_id"):
        export.skipped["comments without an id or a readable date"] += 1
        return None
    parent = fields.get("comment_parent", "0")
    content = parts["comment_content"].text if "comment_content" in parts else None
    return SourceComment(
        key=fields["comment_id"],
        parent_key=parent if parent not in ("", "0") else None,
        author_name=fields.get("comment_author", ""),
        author_email=fields.get("comment_author_email", ""),
        author_url=website(fields.get("comment_author_url", "")),
        ip=fields.get("comment_author_IP", ""),
        content=content or "",
        created_at=created,
        status=STATUSES.get(fields.get("comment_approved", ""), CommentStatus.PENDING),
    )


def _date(fields: dict[str, str]) -> datetime | None:
    """``comment_date_gmt``, or the local ``comment_date`` when WordPress left the GMT one empty."""
    for name in ("comment_date_gmt", "comment_date"):
        value = fields.get(name, "")
        if value and value != NO_DATE:
            return parse_time(value)
    return None
