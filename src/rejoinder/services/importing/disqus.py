"""Disqus's export (Admin > Community > Export: one XML file), read into an ``Export``.

The file lists ``category``s, then ``thread``s (one per page: link, title, closed or not), then
``post``s, each naming its thread and its parent. Disqus refers to them in two ways, by its
internal ``dsq:id`` attribute or by the ``<id>`` element's text, so both are honoured.
Spam and deleted posts keep those states; a post Disqus holds for approval stays pending.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
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


@dataclass(frozen=True, slots=True)
class _Thread:
    link: str
    title: str
    closed: bool
    deleted: bool


@dataclass(frozen=True, slots=True)
class _Post:
    comment: SourceComment  # its parent_key is the reference as written, resolved by _assemble
    thread_ref: str
    alias: str  # the post's <id> text, which other posts may refer to it by


@dataclass
class _Read:
    """What a pass over the file collects; references are resolved once every post is read."""

    threads: dict[str, _Thread] = field(default_factory=dict)
    posts: list[_Post] = field(default_factory=list)
    # <id> text -> dsq:id, for references written the other way (threads and posts apart)
    thread_aliases: dict[str, str] = field(default_factory=dict)
    post_aliases: dict[str, str] = field(default_factory=dict)


def read_disqus(source: Path | BinaryIO) -> Export:
    export = Export("disqus")
    read = _Read()
    for element in elements_at(source, 1, "Disqus export", "disqus"):
        name = local(element.tag)
        if name == "thread":
            key, alias = _ids(element)
            read.threads[key] = _thread(element)
            if alias:
                read.thread_aliases.setdefault(alias, key)
        elif name == "post":
            post = _post(element, export)
            if post is not None:
                read.posts.append(post)
                if post.alias:
                    read.post_aliases.setdefault(post.alias, post.comment.key)
    _assemble(export, read)
    return export


def _ids(element: Element) -> tuple[str, str]:
    """(the ``dsq:id`` attribute, or else the ``<id>`` text; the ``<id>`` text)."""
    alias = text_of(children(element).get("id"))
    return _dsq_id(element) or alias, alias


def _dsq_id(element: Element) -> str:
    return next((value.strip() for name, value in element.attrib.items() if local(name) == "id"), "")


def _reference(element: Element | None) -> str:
    """A ``<thread>``/``<parent>`` reference: its ``dsq:id`` attribute, else its text."""
    if element is None:
        return ""
    return _dsq_id(element) or text_of(element)


def _flag(element: Element | None) -> bool:
    return text_of(element).lower() == "true"


def _thread(element: Element) -> _Thread:
    fields = children(element)
    link = text_of(fields.get("link")) or text_of(fields.get("id"))
    return _Thread(
        link, text_of(fields.get("title")), _flag(fields.get("isClosed")), _flag(fields.get("isDeleted"))
    )


def _post(element: Element, export: Export) -> _Post | None:
    fields = children(element)
    key, alias = _ids(element)
    created = parse_time(text_of(fields.get("createdAt")))
    if not key or created is None:
        export.skipped["posts without an id or a readable date"] += 1
        return None
    author = children(fields["author"]) if "author" in fields else {}
    parent = _reference(fields.get("parent")) or None
    message = fields.get("message")
    comment = SourceComment(
        key=key,
        parent_key=parent,
        author_name=text_of(author.get("name")) or text_of(author.get("username")),
        author_email=text_of(author.get("email")),
        author_url=website(text_of(author.get("link"))),
        ip=text_of(fields.get("ipAddress")),
        content=(message.text or "") if message is not None else "",
        created_at=created,
        status=_status(fields),
    )
    return _Post(comment, _reference(fields.get("thread")), alias)


def _status(fields: dict[str, Element]) -> CommentStatus:
    if _flag(fields.get("isSpam")):
        return CommentStatus.SPAM
    if _flag(fields.get("isDeleted")):
        return CommentStatus.DELETED
    if "isApproved" in fields and not _flag(fields.get("isApproved")):
        return CommentStatus.PENDING
    return CommentStatus.APPROVED


def _assemble(export: Export, read: _Read) -> None:
    """Group the posts under their threads, with every reference turned into a post key."""
    keys = {post.comment.key for post in read.posts}
    by_thread: dict[str, list[SourceComment]] = defaultdict(list)
    for post in read.posts:
        ref = post.thread_ref
        thread_key = ref if ref in read.threads else read.thread_aliases.get(ref, "")
        thread = read.threads.get(thread_key)
        if thread is None or not thread.link:
            export.skipped["posts whose thread is missing from the export"] += 1
            continue
        if thread.deleted:
            export.skipped["posts on threads deleted in Disqus"] += 1
            continue
        comment = post.comment
        parent = comment.parent_key
        if parent is not None and parent not in keys and parent in read.post_aliases:
            comment = replace(comment, parent_key=read.post_aliases[parent])
        by_thread[thread_key].append(comment)
    for key, comments in by_thread.items():
        thread = read.threads[key]
        export.threads.append(SourceThread(uri_of(thread.link), thread.title, thread.closed, tuple(comments)))
