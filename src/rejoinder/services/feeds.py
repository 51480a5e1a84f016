"""Atom feeds of approved comments: a site's newest, and one page's.

Feed readers are how many readers follow a discussion they took part in, and how a site's staff
watch every new comment without the dashboard open. A feed holds only what the widget already
shows anyone: approved comments, the author's name (never the e-mail), the sanitised HTML and the
times. Each entry's link is the comment's permalink (``page#comment-ID``), which the widget
scrolls to and highlights.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from rejoinder.domain import Comment, CommentStatus, Site, Thread
from rejoinder.errors import NotFound
from rejoinder.services.comment_form import check_uri
from rejoinder.storage import Store

FEED_SIZE = 50
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class FeedEntry:
    id: str  # the permalink: unique, stable, and what a reader opens
    title: str
    author: str
    html: str
    published: datetime
    updated: datetime


@dataclass(frozen=True, slots=True)
class Feed:
    id: str  # the feed's own address on this server
    title: str
    link: str  # the page (or site) the comments are on
    updated: datetime
    entries: tuple[FeedEntry, ...]


class FeedService:
    def __init__(self, store: Store) -> None:
        self.store = store

    async def recent(self, site_id: int, self_url: str) -> Feed:
        """The site's newest approved comments, on any page."""
        site = await self._site(site_id)
        found = await self.store.recent_comments(site.id, FEED_SIZE)
        entries = tuple(_entry(site, thread, comment) for comment, thread in found)
        return _feed(self_url, f"Comments on {site.name}", site.url, entries)

    async def thread(self, site_id: int, uri: str, self_url: str) -> Feed:
        """The newest approved comments of one page."""
        site = await self._site(site_id)
        thread = await self.store.get_thread(site.id, check_uri(uri))
        if thread is None:
            raise NotFound(f"site {site.id} has no comments on {uri}", field="uri")
        comments = await self.store.list_thread_comments(thread.id, (CommentStatus.APPROVED,))
        newest = sorted(comments, key=lambda c: (c.created_at or EPOCH, c.id), reverse=True)[:FEED_SIZE]
        entries = tuple(_entry(site, thread, c) for c in newest)
        title = f"Comments on {thread.title or thread.uri}"
        return _feed(self_url, title, site.page_url(thread.uri), entries)

    async def _site(self, site_id: int) -> Site:
        try:
            return await self.store.get_site(site_id)
        except NotFound:
            raise NotFound(f"There is no site {site_id}.", field="site") from None


def _entry(site: Site, thread: Thread, comment: Comment) -> FeedEntry:
    author = comment.author_name or "Anonymous"
    published = comment.created_at or EPOCH
    return FeedEntry(
        id=site.comment_url(thread.uri, comment.id),
        title=f"{author} on {thread.title or thread.uri}",
        author=author,
        html=comment.html,
        published=published,
        updated=comment.edited_at or published,
    )


def _feed(self_url: str, title: str, link: str, entries: tuple[FeedEntry, ...]) -> Feed:
    updated = max((e.updated for e in entries), default=EPOCH)
    return Feed(id=self_url, title=title, link=link, updated=updated, entries=entries)
