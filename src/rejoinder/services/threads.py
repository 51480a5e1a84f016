"""Reading a thread: the public view of its comments as a sorted, paginated tree.

Reads dominate a comment system (every page view, few posts), so the built tree is cached per
process, keyed by ``store.thread_version(thread_id)``: a write anywhere bumps the version and the
next read rebuilds. The thread row itself is cached under the same version (closing a thread
bumps it too), so a read of an unchanged thread costs one cheap query: its version.
The author's own pending comments (named by their edit tokens) are merged in per request and
never cached.

A conversation keeps its shape: a comment the reader may not see (deleted, held, spam) that has
visible replies stays in its place as a *tombstone*, a node with its id and nothing else (no
author, text, website, avatar or time), so the replies stay nested under it. One without visible
replies is simply absent. Tombstones are never counted: ``count`` is the visible comments.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from rejoinder.domain import Comment, CommentStatus, Thread
from rejoinder.services.tokens import stamp_of
from rejoinder.storage.base import Store

CACHE_SIZE = 512  # threads kept per process; the least recently built are dropped first
MAX_DEPTH = 30  # deeper replies are listed flat under the comment at this depth
MAX_ANCESTRY = 100  # levels of hidden parents looked up; a deeper chain's replies become roots


class Gone(StrEnum):
    """Why a tombstone stands where a comment was; its only content besides the id."""

    DELETED = "deleted"  # by its author or a moderator
    HIDDEN = "hidden"  # held for a moderator or marked spam: not for this reader's eyes


class Sort(StrEnum):
    OLDEST = "oldest"
    NEWEST = "newest"
    BEST = "best"


@dataclass(frozen=True, slots=True)
class CommentView:
    """A comment as anyone may see it: no e-mail, no IP, no score."""

    id: int
    parent_id: int | None
    author: str
    website: str
    avatar: str
    html: str
    created_at: datetime | None
    edited_at: datetime | None
    status: CommentStatus
    likes: int
    replies: tuple[CommentView, ...] = ()
    gone: Gone | None = None  # set on a tombstone, whose other fields are empty


@dataclass(frozen=True, slots=True)
class ThreadPage:
    uri: str
    title: str
    closed: bool
    count: int  # approved comments in the whole thread (tombstones are not comments)
    comments: tuple[CommentView, ...]  # this page's roots, with their replies
    total_roots: int  # tombstone roots included: they hold a page's place like any root
    next_offset: int | None
    cache_key: tuple[int, int, int, str, int, int] | None  # None when personalised (the author's own)


@dataclass(frozen=True, slots=True)
class _Tree:
    count: int
    roots: dict[Sort, tuple[CommentView, ...]]


class Avatars:
    """The avatar seed: a salted hash of the e-mail (or of name and IP), so nothing leaks."""

    def __init__(self, secret_key: str) -> None:
        self._key = hashlib.sha256(b"rejoinder.avatar:" + secret_key.encode()).digest()

    def of(self, comment: Comment) -> str:
        seed = comment.author_email.strip().lower() or f"{comment.author_name}\n{comment.ip}"
        return hmac.new(self._key, seed.encode(), hashlib.sha256).hexdigest()[:32]


def view_of(comment: Comment, avatars: Avatars, *, replies: tuple[CommentView, ...] = ()) -> CommentView:
    status = CommentStatus.APPROVED if comment.status is CommentStatus.APPROVED else CommentStatus.PENDING
    return CommentView(
        id=comment.id,
        parent_id=comment.parent_id,
        author=comment.author_name or "Anonymous",
        website=comment.author_url,
        avatar=avatars.of(comment),
        html=comment.html,
        created_at=comment.created_at,
        edited_at=comment.edited_at,
        status=status,
        likes=comment.likes,
        replies=replies,
    )


def tombstone_of(comment: Comment, replies: tuple[CommentView, ...]) -> CommentView:
    """The place of a comment this reader may not see, under which visible replies hang. It
    keeps only the id (replies and permalinks point at it): nothing about who wrote what."""
    gone = Gone.DELETED if comment.status is CommentStatus.DELETED else Gone.HIDDEN
    return CommentView(
        id=comment.id,
        parent_id=comment.parent_id,
        author="",
        website="",
        avatar="",
        html="",
        created_at=None,
        edited_at=None,
        status=CommentStatus.DELETED,
        likes=0,
        replies=replies,
        gone=gone,
    )


def build_tree(
    shown: Sequence[Comment], avatars: Avatars, hidden: Mapping[int, Comment] | None = None
) -> _Tree:
    """Nest comments under their parents. ``hidden`` are the comments the reader may not see
    that shown replies hang under (``hidden_ancestors``): they become tombstones, so the replies
    keep their place. A reply whose parent is gone from the database (purged) becomes a root."""
    hidden = hidden or {}
    nodes = [*shown, *hidden.values()]
    present = {c.id for c in nodes}
    children: dict[int | None, list[Comment]] = {}
    for c in nodes:
        children.setdefault(c.parent_id if c.parent_id in present else None, []).append(c)

    def descendants(c: Comment) -> list[Comment]:
        found, todo = [], list(children.get(c.id, []))
        while todo:
            found.append(todo.pop())
            todo.extend(children.get(found[-1].id, []))
        return [k for k in found if k.id not in hidden]  # flattened, a tombstone holds nothing

    def node(c: Comment, replies: tuple[CommentView, ...]) -> CommentView:
        return tombstone_of(c, replies) if c.id in hidden else view_of(c, avatars, replies=replies)

    def build(c: Comment, depth: int) -> CommentView:
        if depth >= MAX_DEPTH:
            flat = sorted(descendants(c), key=_oldest)
            return node(c, tuple(view_of(k, avatars) for k in flat))
        kids = sorted(children.get(c.id, []), key=_oldest)
        return node(c, tuple(build(k, depth + 1) for k in kids))

    roots = [(c, build(c, 0)) for c in children.get(None, [])]
    count = sum(1 for c in shown if c.status is CommentStatus.APPROVED)
    return _Tree(count, {sort: tuple(v for _, v in sorted(roots, key=_SORT_KEYS[sort])) for sort in Sort})


async def hidden_ancestors(
    store: Store, thread_id: int, shown: Sequence[Comment], known: Mapping[int, Comment] | None = None
) -> dict[int, Comment]:
    """The comments the reader may not see that ``shown`` replies hang under, up to the first
    visible ancestor. ``known`` are rows already read (no need to ask again). One query per
    level of hidden ancestry, and none at all in the usual thread, where every parent is shown."""
    shown_ids = {c.id for c in shown}
    pool = dict(known or {})
    found: dict[int, Comment] = {}
    wanted = {c.parent_id for c in shown if c.parent_id is not None and c.parent_id not in shown_ids}
    for _ in range(MAX_ANCESTRY):
        if not wanted:
            break
        missing = sorted(wanted - pool.keys())
        if missing:
            extra = await store.list_thread_comments(thread_id, statuses=(), extra_ids=missing)
            pool.update((c.id, c) for c in extra)
        level = [pool[i] for i in wanted if i in pool]
        found.update((c.id, c) for c in level)
        wanted = {
            c.parent_id
            for c in level
            if c.parent_id is not None and c.parent_id not in shown_ids and c.parent_id not in found
        }
    return found


def _oldest(c: Comment) -> tuple[float, int]:
    return (c.created_at.timestamp() if c.created_at else 0.0, c.id)


_Root = tuple[Comment, CommentView]
_SORT_KEYS: dict[Sort, Callable[[_Root], tuple[float, ...]]] = {
    Sort.OLDEST: lambda r: _oldest(r[0]),
    Sort.NEWEST: lambda r: (-_oldest(r[0])[0], -r[0].id),
    Sort.BEST: lambda r: (-r[1].likes, -_size(r[1]), *_oldest(r[0])),
}


def _size(view: CommentView) -> int:
    return len(view.replies) + sum(_size(r) for r in view.replies)


class ThreadReader:
    def __init__(self, store: Store, avatars: Avatars) -> None:
        self.store = store
        self.avatars = avatars
        self._cache: dict[int, tuple[int, _Tree]] = {}
        self._threads: dict[tuple[int, str], tuple[Thread, int]] = {}

    async def current(self, site_id: int, uri: str) -> tuple[Thread, int] | None:
        """The thread of a page and its version; ``None`` if nobody has commented there yet."""
        cached = self._threads.get((site_id, uri))
        if cached is not None:
            thread, seen = cached
            version = await self.store.thread_version(thread.id)
            if version == seen:
                return thread, version
        found = await self.store.get_thread(site_id, uri)
        if found is None:
            return None
        version = await self.store.thread_version(found.id)
        if len(self._threads) >= CACHE_SIZE * 4:
            self._threads.pop(next(iter(self._threads)))
        self._threads[(site_id, uri)] = (found, version)
        return found, version

    async def page(
        self,
        thread: Thread,
        version: int,
        *,
        sort: Sort,
        limit: int,
        offset: int,
        own: Mapping[int, int] | None = None,
    ) -> ThreadPage:
        """One page of roots. ``own`` maps the ids of the reader's own comments to the creation
        stamps their edit tokens name; those are shown whatever their status (except deleted)."""
        if own:
            comments = await self.store.list_thread_comments(thread.id, extra_ids=sorted(own))
            visible = [c for c in comments if _visible_to_author(c, thread.id, own)]
            read = {c.id: c for c in comments}
            hidden = await hidden_ancestors(self.store, thread.id, visible, read)
            tree = build_tree(visible, self.avatars, hidden)
            key = None
        else:
            tree = await self._tree(thread.id, version)
            key = (thread.id, version, int(thread.closed), sort.value, limit, offset)
        roots = tree.roots[sort]
        end = offset + limit
        return ThreadPage(
            uri=thread.uri,
            title=thread.title,
            closed=thread.closed,
            count=tree.count,
            comments=roots[offset:end],
            total_roots=len(roots),
            next_offset=end if end < len(roots) else None,
            cache_key=key,
        )

    async def _tree(self, thread_id: int, version: int) -> _Tree:
        cached = self._cache.get(thread_id)
        if cached is not None and cached[0] == version:
            return cached[1]
        shown = await self.store.list_thread_comments(thread_id)
        hidden = await hidden_ancestors(self.store, thread_id, shown)
        tree = build_tree(shown, self.avatars, hidden)
        if len(self._cache) >= CACHE_SIZE:
            self._cache.pop(next(iter(self._cache)))
        self._cache[thread_id] = (version, tree)
        return tree


def _visible_to_author(c: Comment, thread_id: int, own: Mapping[int, int]) -> bool:
    if c.thread_id != thread_id or c.status is CommentStatus.DELETED:
        return False
    return c.status is CommentStatus.APPROVED or own.get(c.id) == stamp_of(c.created_at)


def empty_page(uri: str) -> ThreadPage:
    """A thread nobody has commented on yet: an empty list, not a 404."""
    return ThreadPage(uri, "", False, 0, (), 0, None, None)
