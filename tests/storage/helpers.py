"""Small builders for the storage tests: a site with a thread, and comments with sensible fields."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from rejoinder.domain import Comment, CommentStatus, Decision, NewComment, Reason, Site, Thread
from rejoinder.storage import Store

BASE = NewComment(
    thread_id=0,
    parent_id=None,
    author_name="Ada",
    author_email="ada@example.org",
    author_url="https://ada.example.org/about",
    text="A thoughtful remark.",
    html="<p>A thoughtful remark.</p>",
    status=CommentStatus.APPROVED,
    score=0.05,
    decision=Decision.HAM,
    reasons=(Reason("reads like a reply", -0.4),),
    ip="203.0.113.0",
    user_agent="Mozilla/5.0",
)


async def site_and_thread(
    store: Store, url: str = "https://news.example.com", uri: str = "/a"
) -> tuple[Site, Thread]:
    site = await store.create_site("News", url)
    thread = await store.get_or_create_thread(site.id, uri, "A page")
    return site, thread


async def add_comment(store: Store, thread: Thread, text_hash: str = "", **fields: Any) -> Comment:
    return await store.insert_comment(replace(BASE, thread_id=thread.id, **fields), text_hash=text_hash)
