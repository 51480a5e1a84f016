"""Properties of the thread tree for any forest of comments and any mix of statuses: every visible
comment appears once, under its own parent; a tombstone stands exactly where a hidden comment has
visible descendants, and holds nothing about it. (The look-up of the hidden parents on a real
database is tested through the API on SQLite and PostgreSQL: tests/api/test_tombstones.py.)"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from rejoinder.domain import Comment, CommentStatus, Decision
from rejoinder.services.threads import Avatars, CommentView, Gone, Sort, build_tree

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def _comment(i: int, parent: int | None, status: CommentStatus) -> Comment:
    return Comment(
        id=i,
        thread_id=1,
        parent_id=parent,
        author_name=f"Author {i}",
        author_email=f"author{i}@example.org",
        author_url=f"https://author{i}.example",
        text=f"text {i}",
        html=f"<p>text {i}</p>",
        status=status,
        score=0.1,
        decision=Decision.HAM,
        reasons=(),
        ip="192.0.2.0",
        user_agent="test",
        created_at=T0 + timedelta(minutes=i),
        edited_at=None,
    )


@st.composite
def forests(draw: st.DrawFn) -> list[Comment]:
    """Up to 25 comments; each replies to an earlier one (or to a purged id 0) or to nobody."""
    n = draw(st.integers(1, 25))
    out = []
    for i in range(1, n + 1):
        parent = draw(st.one_of(st.none(), st.integers(0, i - 1)))  # 0: a purged comment
        out.append(_comment(i, parent, draw(st.sampled_from(CommentStatus))))
    return out


def _walk(views: tuple[CommentView, ...], parent: int | None = None) -> list[tuple[CommentView, int | None]]:
    found = []
    for v in views:
        found.append((v, parent))
        found += _walk(v.replies, v.id)
    return found


@settings(max_examples=300, deadline=None)
@given(forests())
def test_visible_comments_keep_their_parents_and_tombstones_stand_only_above_them(
    comments: list[Comment],
) -> None:
    by_id = {c.id: c for c in comments}
    shown = [c for c in comments if c.status is CommentStatus.APPROVED]
    shown_ids = {c.id for c in shown}
    hidden: dict[int, Comment] = {}  # the specification: every hidden ancestor of a shown comment
    for c in shown:
        up = by_id.get(c.parent_id or 0)
        while up is not None and up.id not in shown_ids:
            hidden[up.id] = up
            up = by_id.get(up.parent_id or 0)

    tree = build_tree(shown, Avatars("k"), hidden)

    assert tree.count == len(shown)
    for sort in Sort:
        nodes = _walk(tree.roots[sort])
        assert sorted(v.id for v, _ in nodes) == sorted(shown_ids | hidden.keys())  # each once
        for view, nested_under in nodes:
            # under its own parent, or a root when that parent is not in the database (purged)
            assert nested_under == (view.parent_id if view.parent_id in by_id else None)
            if view.id in hidden:
                assert view.gone is (
                    Gone.DELETED if hidden[view.id].status is CommentStatus.DELETED else Gone.HIDDEN
                )
                assert (view.author, view.website, view.avatar, view.html) == ("", "", "", "")
                assert view.created_at is None
                assert any(d.gone is None for d, _ in _walk(view.replies))
            else:
                assert view.gone is None
                assert view.author == by_id[view.id].author_name
