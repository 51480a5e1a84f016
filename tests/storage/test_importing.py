"""``Store.import_comments``: another system's history, on SQLite and on PostgreSQL.

What an import must keep: each comment's own time, replies under their parents, the thread whole
or not at all, and no doubles when the same export is imported again.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from rejoinder.domain import CommentStatus, ImportedComment
from rejoinder.errors import NotFound, ValidationError
from rejoinder.storage import Store
from rejoinder.storage.base import LearningMark
from tests.storage.helpers import BASE, site_and_thread

WRITTEN = datetime(2019, 3, 4, 5, 6, 7, tzinfo=UTC)


def imported(
    key: str, text: str, parent_key: str | None = None, minutes: int = 0, **fields: object
) -> ImportedComment:
    return ImportedComment(
        comment=replace(BASE, text=text, html=f"<p>{text}</p>", **fields),  # type: ignore[arg-type]
        created_at=WRITTEN + timedelta(minutes=minutes),
        key=key,
        parent_key=parent_key,
    )


HISTORY = [
    imported("wp-1", "First!"),
    imported("wp-2", "A reply to the first", parent_key="wp-1", minutes=5),
    imported("wp-3", "Buy cheap pills", minutes=9, status=CommentStatus.SPAM),
    imported("wp-4", "A reply to the reply", parent_key="wp-2", minutes=12),
]


async def test_keeps_dates_statuses_and_the_reply_tree(store: Store) -> None:
    _, thread = await site_and_thread(store)
    version = await store.thread_version(thread.id)

    outcome = await store.import_comments(thread.id, HISTORY)
    ids = outcome.ids

    stored = {c.id: c for c in await store.list_thread_comments(thread.id, statuses=tuple(CommentStatus))}
    assert sorted(ids) == ["wp-1", "wp-2", "wp-3", "wp-4"] == sorted(outcome.inserted)
    assert stored[ids["wp-1"]].created_at == WRITTEN
    assert stored[ids["wp-4"]].created_at == WRITTEN + timedelta(minutes=12)
    assert stored[ids["wp-1"]].parent_id is None
    assert stored[ids["wp-2"]].parent_id == ids["wp-1"]
    assert stored[ids["wp-4"]].parent_id == ids["wp-2"]
    assert stored[ids["wp-3"]].status is CommentStatus.SPAM
    assert all(c.thread_id == thread.id for c in stored.values())
    assert await store.thread_version(thread.id) > version  # read caches see the new comments


async def test_importing_again_adds_nothing_and_returns_the_same_ids(store: Store) -> None:
    _, thread = await site_and_thread(store)
    first = await store.import_comments(thread.id, HISTORY)

    again = await store.import_comments(thread.id, [*HISTORY, imported("wp-5", "New since", minutes=30)])

    assert {k: again.ids[k] for k in first.ids} == first.ids
    assert again.inserted == {"wp-5"}
    assert len(await store.list_thread_comments(thread.id, statuses=tuple(CommentStatus))) == 5


async def test_a_reply_before_its_parent_is_refused_and_nothing_is_written(store: Store) -> None:
    _, thread = await site_and_thread(store)

    with pytest.raises(ValidationError, match="wp-2"):
        await store.import_comments(
            thread.id, [imported("wp-1", "ok"), imported("wp-3", "orphan", parent_key="wp-2")]
        )

    assert await store.list_thread_comments(thread.id, statuses=tuple(CommentStatus)) == []


async def test_an_unknown_thread_is_not_found(store: Store) -> None:
    with pytest.raises(NotFound):
        await store.import_comments(999_999, HISTORY[:1])


async def test_learning_marks_of_an_import_go_in_together_and_in_order(store: Store) -> None:
    site, thread = await site_and_thread(store)
    ids = (await store.import_comments(thread.id, HISTORY)).ids
    marks = [
        LearningMark({"comment_content": "First!"}, False, ids["wp-1"]),
        LearningMark({"comment_content": "Buy cheap pills"}, True, ids["wp-3"]),
    ]

    assert await store.add_learning_events(site.id, marks, "import", actor="import") == 2

    events = await store.learning_events(site.id)
    assert [(e.payload, e.is_spam, e.comment_id, e.source, e.actor) for e in events] == [
        ({"comment_content": "First!"}, False, ids["wp-1"], "import", "import"),
        ({"comment_content": "Buy cheap pills"}, True, ids["wp-3"], "import", "import"),
    ]
    assert events[0].id < events[1].id
    assert await store.learning_state_version(site.id) == (events[1].id, 0)
    with pytest.raises(NotFound):
        await store.add_learning_events(999_999, marks, "import")
    assert len(await store.learning_events(site.id)) == 2


async def test_a_comment_exported_twice_is_stored_once_and_replies_to_either_copy_find_it(
    store: Store,
) -> None:
    # A double-clicked "Post": the same author, second and text under two source ids.
    _, thread = await site_and_thread(store)
    items = [
        imported("wp-1", "Posted twice"),
        imported("wp-2", "Posted twice"),
        imported("wp-3", "A reply to the second copy", parent_key="wp-2", minutes=5),
    ]

    outcome = await store.import_comments(thread.id, items)

    assert outcome.ids["wp-1"] == outcome.ids["wp-2"]
    assert outcome.inserted == {"wp-1", "wp-3"}
    stored = await store.list_thread_comments(thread.id, statuses=tuple(CommentStatus))
    assert len(stored) == 2
    assert next(c for c in stored if c.id == outcome.ids["wp-3"]).parent_id == outcome.ids["wp-1"]
