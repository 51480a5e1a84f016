"""A post's two store calls: ``spam_facts`` (one read) and ``insert_checked_comment`` (one write).

Each test runs on SQLite and on PostgreSQL. ``spam_facts`` must say exactly what the five single
look-ups say; the checked insert must write both rows or neither, also when concurrent posts
share one commit.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from rejoinder.domain import BanKind, CommentStatus, Decision
from rejoinder.errors import Conflict, NotFound, ThreadClosed
from rejoinder.storage import Store
from rejoinder.storage.base import FactsQuery, SpamCheckRecord
from tests.storage.helpers import BASE, add_comment, site_and_thread


def check(site_id: int, guid: str) -> SpamCheckRecord:
    return SpamCheckRecord(guid, site_id, None, None, {"comment_content": "hi", "n": 1}, 0.2, Decision.HAM)


async def five_lookups(store: Store, q: FactsQuery) -> tuple[object, ...]:
    return (
        tuple(await store.list_bans(q.site_id)),
        await store.count_same_text(q.site_id, q.text_hash, q.since) if q.text_hash else 0,
        await store.count_author_url_host(q.site_id, q.host) if q.host else -1,
        await store.has_approved_comment(q.site_id, q.name, q.email, q.url) if q.trust else False,
        await store.learning_state_version(q.site_id),
    )


async def test_spam_facts_say_what_the_five_lookups_say(store: Store) -> None:
    site, thread = await site_and_thread(store)
    other, other_thread = await site_and_thread(store, "https://other.example.com")
    hour_ago = datetime.now(UTC) - timedelta(hours=1)
    await add_comment(store, thread, text_hash="dup")
    await add_comment(store, thread, text_hash="dup", status=CommentStatus.SPAM)
    await add_comment(store, other_thread, text_hash="dup")  # another site: not counted
    author = (BASE.author_name, BASE.author_email, BASE.author_url)
    q = FactsQuery(site.id, "dup", hour_ago, "ada.example.org", True, *author)

    empty = await store.spam_facts(q)
    assert (empty.bans, empty.duplicates, empty.host_count, empty.trusted) == (
        (),
        2,
        1,
        True,
    )  # the host: approved comments only
    assert (
        empty.bans,
        empty.duplicates,
        empty.host_count,
        empty.trusted,
        empty.learning_version,
    ) == await five_lookups(store, q)

    await store.add_ban(site.id, BanKind.EMAIL, "spam@example.org", "mod")
    await store.add_ban(None, BanKind.DOMAIN, "bad.example", "mod")
    await store.add_ban(other.id, BanKind.EMAIL, "elsewhere@example.org", "mod")
    event = await store.add_learning_event(site.id, {"comment_content": "x"}, True, "moderator")
    await store.undo_learning_event(event.id)
    await store.add_learning_event(site.id, {"comment_content": "y"}, False, "moderator")
    full = await store.spam_facts(q)
    assert [b.value for b in full.bans] == ["spam@example.org", "bad.example"]
    assert full.learning_version == (event.id + 1, 1)
    assert (full.bans, full.duplicates, full.host_count, full.trusted, full.learning_version) == (
        await five_lookups(store, q)
    )


async def test_spam_facts_skip_what_was_not_asked(store: Store) -> None:
    site, thread = await site_and_thread(store)
    await add_comment(store, thread, text_hash="")  # an unhashed row must not count as a duplicate
    q = FactsQuery(site.id, "", datetime.now(UTC) - timedelta(days=7), "", False, BASE.author_name)
    facts = await store.spam_facts(replace(q, email=BASE.author_email, url=BASE.author_url))
    assert (facts.duplicates, facts.host_count, facts.trusted, facts.learning_version) == (
        0,
        -1,
        False,
        (0, 0),
    )
    stranger = await store.spam_facts(replace(q, trust=True, name="Nobody"))
    assert stranger.trusted is False


async def test_concurrent_spam_facts_each_get_their_own_answer(store: Store) -> None:
    """Asks that arrive together are read as one batch (one statement on PostgreSQL): each caller
    must still get exactly the answer of its own five look-ups, across sites, texts, hosts, trust
    and bans, whatever its place in the batch."""
    site, thread = await site_and_thread(store)
    other, other_thread = await site_and_thread(store, "https://other.example.com")
    since = datetime.now(UTC) - timedelta(hours=1)
    await add_comment(store, thread, text_hash="a")
    await add_comment(store, thread, text_hash="a")
    await add_comment(store, other_thread, text_hash="b", author_url="https://Bob.example.net/")
    await add_comment(store, other_thread, text_hash="b", author_url="bob.example.net.evil.test")
    await store.add_ban(other.id, BanKind.EMAIL, "spam@example.org", "mod")
    await store.add_learning_event(site.id, {"comment_content": "x"}, True, "moderator")
    author = (BASE.author_name, BASE.author_email, BASE.author_url)
    asks = [
        FactsQuery(site.id, "a", since, "ada.example.org", True, *author),
        FactsQuery(other.id, "a", since, "bob.example.net", False),
        FactsQuery(other.id, "b", since, "", True, *author),
        FactsQuery(site.id, "", since, "  ", True, "Nobody", BASE.author_email, BASE.author_url),
        FactsQuery(site.id, "b", since, "ADA.example.org", False),
        FactsQuery(other.id, "b", since, "nowhere.example", True, "Bob"),
    ] * 3
    answers = await asyncio.gather(*(store.spam_facts(q) for q in asks))
    for q, facts in zip(asks, answers, strict=True):
        expected = await five_lookups(store, q)
        assert (facts.bans, facts.duplicates, facts.host_count, facts.trusted, facts.learning_version) == (
            expected
        ), q
    assert [(f.duplicates, f.host_count, f.trusted, len(f.bans)) for f in answers[:6]] == [
        (2, 2, True, 0),
        (0, 1, False, 1),
        (2, -1, False, 1),
        (0, 0, False, 0),
        (0, 2, False, 0),
        (2, 0, False, 1),
    ]


async def test_checked_insert_writes_the_comment_and_its_check(store: Store) -> None:
    site, thread = await site_and_thread(store)
    version = await store.thread_version(thread.id)
    new = replace(BASE, thread_id=thread.id)
    comment = await store.insert_checked_comment(new, check(site.id, "g-1"), text_hash="h1")
    loaded = await store.get_comment(comment.id)
    assert loaded == comment
    assert loaded.reasons == BASE.reasons
    assert loaded.status is CommentStatus.APPROVED
    assert await store.count_same_text(site.id, "h1", datetime.now(UTC) - timedelta(minutes=1)) == 1
    recorded = await store.get_check("g-1")
    assert recorded is not None
    assert recorded.payload == {"comment_content": "hi", "n": 1}
    assert recorded.decision is Decision.HAM
    assert recorded.comment_id is None
    assert await store.thread_version(thread.id) == version + 1


async def test_checked_insert_is_both_or_neither(store: Store) -> None:
    site, thread = await site_and_thread(store)
    new = replace(BASE, thread_id=thread.id)
    await store.insert_checked_comment(new, check(site.id, "g-1"))
    with pytest.raises(Conflict):  # a replayed form: its guid is taken, so no second comment
        await store.insert_checked_comment(new, check(site.id, "g-1"))
    with pytest.raises(NotFound):  # a reply to nothing: its check is not kept either
        await store.insert_checked_comment(replace(new, parent_id=10**9), check(site.id, "g-2"))
    with pytest.raises(NotFound):
        await store.insert_checked_comment(replace(new, thread_id=10**9), check(site.id, "g-3"))
    assert len(await store.list_thread_comments(thread.id)) == 1
    assert await store.get_check("g-2") is None
    assert await store.get_check("g-3") is None


async def test_concurrent_checked_inserts_share_commits_and_keep_their_own_errors(store: Store) -> None:
    site, thread = await site_and_thread(store)
    new = replace(BASE, thread_id=thread.id)
    guids = [f"c-{i}" for i in range(30)] + ["c-3"]  # the last one replays a form
    outcomes = await asyncio.gather(
        *(store.insert_checked_comment(replace(new, text=g), check(site.id, g)) for g in guids),
        return_exceptions=True,
    )
    errors = [o for o in outcomes if isinstance(o, BaseException)]
    assert len(errors) == 1
    assert isinstance(errors[0], Conflict)
    stored = await store.list_thread_comments(thread.id)
    assert len(stored) == 30
    assert len({c.id for c in stored}) == 30
    assert sorted(c.text for c in stored) == sorted(guids[:30])
    assert {o.id for o in outcomes if not isinstance(o, BaseException)} == {c.id for c in stored}


async def test_checked_insert_refuses_a_closed_thread_in_its_own_transaction(store: Store) -> None:
    """The write reads the closed flag itself: a caller that knew the thread as open (a cache, or a
    read just before another process closed it) cannot add to it, and nothing of the post is kept."""
    site, thread = await site_and_thread(store)
    _, open_thread = await site_and_thread(store, "https://open.example.com")
    await store.set_thread_closed(thread.id, True)
    version = await store.thread_version(thread.id)
    new = replace(BASE, thread_id=thread.id)
    with pytest.raises(ThreadClosed):
        await store.insert_checked_comment(new, check(site.id, "closed-1"))
    assert await store.get_check("closed-1") is None
    assert await store.thread_version(thread.id) == version  # the bump was rolled back too
    # in a shared commit, only the post to the closed thread fails
    outcomes = await asyncio.gather(
        store.insert_checked_comment(new, check(site.id, "closed-2")),
        store.insert_checked_comment(replace(new, thread_id=open_thread.id), check(site.id, "open-1")),
        return_exceptions=True,
    )
    assert isinstance(outcomes[0], ThreadClosed)
    assert not isinstance(outcomes[1], BaseException)
    assert await store.list_thread_comments(thread.id) == []
    assert len(await store.list_thread_comments(open_thread.id)) == 1
    await store.set_thread_closed(thread.id, False)  # reopened: posts are taken again
    await store.insert_checked_comment(new, check(site.id, "closed-3"))
    assert len(await store.list_thread_comments(thread.id)) == 1


async def test_a_shared_commit_gives_each_post_its_own_id_across_threads(store: Store) -> None:
    """Posts to several threads in one batch (more than one multi-row statement on PostgreSQL):
    every caller's comment id is the row with its own text, thread and check, and every thread's
    version moved, so read caches of each thread see the change."""
    site, first = await site_and_thread(store)
    _, second = await site_and_thread(store, "https://second.example.com")
    threads = [second, first, second]  # not in id order: the bumps are taken in id order anyway
    before = {t.id: await store.thread_version(t.id) for t in (first, second)}
    posts = [(f"m-{i}", threads[i % 3]) for i in range(40)]
    outcomes = await asyncio.gather(
        *(
            store.insert_checked_comment(replace(BASE, thread_id=t.id, text=g), check(site.id, g))
            for g, t in posts
        )
    )
    for (guid, thread), comment in zip(posts, outcomes, strict=True):
        loaded = await store.get_comment(comment.id)
        assert (loaded.text, loaded.thread_id) == (guid, thread.id)
        recorded = await store.get_check(guid)
        assert recorded is not None
    after = {t: await store.thread_version(t) for t in before}
    assert all(after[t] > v for t, v in before.items())


async def test_each_post_of_a_batch_reads_back_under_its_own_id(store: Store) -> None:
    """One batch of posts by different authors, to different threads, some replying: every id a
    caller hears back is the row with that caller's author, thread, parent and status (on
    PostgreSQL the statement answers each row's ordinal in the batch with its id)."""
    site, first = await site_and_thread(store)
    _, second = await site_and_thread(store, "https://second.example.com")
    parent = await add_comment(store, first)
    statuses = (CommentStatus.APPROVED, CommentStatus.PENDING, CommentStatus.SPAM)
    posts = [
        replace(
            BASE,
            thread_id=(first, second)[i % 2].id,
            parent_id=parent.id if i % 4 == 0 else None,
            author_name=f"Author {i}",
            author_email=f"author{i}@example.org",
            text=f"text {i}",
            status=statuses[i % 3],
        )
        for i in range(19)  # more than one statement's worth on PostgreSQL
    ]
    written = await asyncio.gather(
        *(store.insert_checked_comment(p, check(site.id, f"own-{i}")) for i, p in enumerate(posts))
    )
    assert len({c.id for c in written}) == len(posts)
    for post, comment in zip(posts, written, strict=True):
        loaded = await store.get_comment(comment.id)
        assert (
            loaded.author_name,
            loaded.author_email,
            loaded.thread_id,
            loaded.parent_id,
            loaded.status,
        ) == (
            post.author_name,
            post.author_email,
            post.thread_id,
            post.parent_id,
            post.status,
        )
        assert loaded == comment


async def test_spam_facts_start_from_their_own_index_without_statistics(store: Store) -> None:
    """The duplicate count and the trusted-author look-up must read the rows of their text hash and
    e-mail, not every comment of the site. On a fresh PostgreSQL table (no ANALYZE yet, as in every
    new install and benchmark) the planner walked the thread/status index instead, so each post's
    facts cost grew with the site's comments. The batch statement's plan is checked: each of its
    three look-ups on ``comments`` (duplicates, trusted author, website host) starts from its own
    index, the host's on ``author_host`` (migration 0006; it was an ILIKE over the site's websites)."""
    if store.backend != "postgresql":
        pytest.skip("a PostgreSQL plan")
    from rejoinder.storage.spam_facts import _BATCH_FACTS
    from rejoinder.storage.sql_base import _bound, _compiled_constant

    site, thread = await site_and_thread(store)
    new = replace(BASE, thread_id=thread.id)
    for start in range(0, 2000, 200):  # posts share commits (the checked insert), so this is quick
        await asyncio.gather(
            *(
                store.insert_checked_comment(new, check(site.id, f"p-{i}"), text_hash=f"h{i}")
                for i in range(start, start + 200)
            )
        )
    sql, order, carried = _compiled_constant(_BATCH_FACTS, store.engine.dialect)
    since = datetime.now(UTC) - timedelta(days=7)
    values = {
        "site_ids": [site.id] * 2,
        "text_hashes": ["h1", "new"],
        "sinces": [since] * 2,
        "trusts": [True] * 2,
        "names": ["Ada", "Bob"],
        "emails": ["ada@example.org", "bob@example.org"],
        "urls": ["", ""],
        "hosts": ["ada.example.org", ""],
    }
    async with store.engine.connect() as conn:
        pg = (await conn.get_raw_connection()).driver_connection
        plans = [await pg.fetchval("EXPLAIN (FORMAT JSON) " + sql, *_bound(values, order, carried))]
        await pg.execute("SET plan_cache_mode = force_generic_plan")  # as the facts session plans it
        try:
            statement = await pg.prepare("EXPLAIN (FORMAT JSON) " + sql)
            plans.append(await statement.fetchval(*_bound(values, order, carried)))
        finally:
            await pg.execute("RESET plan_cache_mode")
    for plan in plans:
        _assert_selective(plan)


def _assert_selective(plan: Any) -> None:
    parsed = json.loads(plan) if isinstance(plan, str) else plan  # the pool's JSON codec may decode it
    on_comments = [
        subplan
        for subplan in parsed[0]["Plan"]["Plans"]
        if any(node.get("Relation Name") == "comments" for node in _nodes(subplan))
    ]
    assert len(on_comments) == 3  # the duplicate count, the trusted author and the website host
    assert any("ix_comments_author_host" in json.dumps(subplan) for subplan in on_comments)
    for subplan in on_comments:
        text = json.dumps(subplan)
        assert "ix_comments_thread_status_created" not in text, subplan.get("Subplan Name")
        assert "ix_comments_status_created" not in text, subplan.get("Subplan Name")
        scans = [node for node in _nodes(subplan) if node.get("Relation Name") == "comments"]
        assert all(node["Node Type"] != "Seq Scan" for node in scans), subplan.get("Subplan Name")


def _nodes(plan: dict[str, Any]) -> list[dict[str, Any]]:
    return [plan, *(node for child in plan.get("Plans", ()) for node in _nodes(child))]
