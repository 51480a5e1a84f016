"""Where a comment lives: its thread and its site.

Moderation, mail, reactions and subscriptions all start from a comment and need its site's
settings (who moderates, what is allowed) or its thread (the page it sits on). This is the one
place that walks comment -> thread -> site, so a change in how that is looked up (a cache, a
join) is made once.
"""

from __future__ import annotations

from dataclasses import dataclass

from rejoinder.domain import Comment, Site, Thread
from rejoinder.storage import Store


@dataclass(frozen=True, slots=True)
class Placed:
    """A comment with the thread and the site it belongs to."""

    comment: Comment
    thread: Thread
    site: Site


async def place(store: Store, comment: Comment) -> Placed:
    """The comment's thread and site (``NotFound`` only if the database lost its integrity)."""
    thread = await store.get_thread_by_id(comment.thread_id)
    return Placed(comment, thread, await store.get_site(thread.site_id))


async def place_id(store: Store, comment_id: int) -> Placed:
    """As ``place``, from an id; ``NotFound`` if there is no such comment."""
    return await place(store, await store.get_comment(comment_id))
