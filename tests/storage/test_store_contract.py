"""The contract every ``Store`` backend keeps. Each test runs on SQLite and on PostgreSQL.

Nothing is mocked: the ``store`` fixture opens a fresh SQLite file or a fresh database on a real
PostgreSQL server, runs the migrations and hands over the store.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

import pytest

from rejoinder.domain import (
    BanKind,
    CommentStatus,
    Decision,
    MailKind,
    MailState,
    ModerationPolicy,
    OutgoingMail,
    Reason,
    RequiredField,
    Role,
    SiteSettings,
)
from rejoinder.errors import Conflict, NotFound, ValidationError
from rejoinder.storage import Store
from rejoinder.storage.base import CommenterRecords, CommentFilter, EditOfComment, SpamCheckRecord
from tests.storage.helpers import BASE, add_comment, site_and_thread

APPROVED, PENDING, SPAM, DELETED = (
    CommentStatus.APPROVED,
    CommentStatus.PENDING,
    CommentStatus.SPAM,
    CommentStatus.DELETED,
)


def is_utc(value: datetime | None) -> bool:
    return value is not None and value.utcoffset() == timedelta(0)


def near_now(value: datetime | None) -> bool:
    return value is not None and abs(datetime.now(UTC) - value) < timedelta(minutes=1)


# -- sites and keys -----------------------------------------------------------------------------


async def test_site_round_trip_with_settings_and_utc_time(store: Store) -> None:
    settings = SiteSettings(
        required_fields=(RequiredField.EMAIL, RequiredField.WEBSITE),
        moderation=ModerationPolicy.HOLD_ALL,
        pending_threshold=0.4,
        allowed_origins=("https://news.example.com", "https://www.news.example.com"),
        trust_approved_commenters=False,
        retention_days=90,
        privacy_url="https://news.example.com/privacy",
    )
    created = await store.create_site("News", "https://news.example.com", settings)
    loaded = await store.get_site(created.id)
    assert loaded == created
    assert loaded.settings == settings
    assert is_utc(loaded.created_at)
    assert near_now(loaded.created_at)
    assert await store.list_sites() == [loaded]


async def test_site_errors(store: Store) -> None:
    await store.create_site("News", "https://news.example.com")
    with pytest.raises(Conflict):
        await store.create_site("Again", "https://news.example.com")
    with pytest.raises(NotFound):
        await store.get_site(999)
    with pytest.raises(NotFound):
        await store.update_site_settings(999, SiteSettings())


async def test_update_site_settings(store: Store) -> None:
    site = await store.create_site("News", "https://news.example.com")
    changed = SiteSettings(moderation=ModerationPolicy.HOLD_FIRST_TIME, edit_window_seconds=60)
    updated = await store.update_site_settings(site.id, changed)
    assert updated.settings == changed
    assert (await store.get_site(site.id)).settings == changed
    assert updated.created_at == site.created_at


async def test_find_site_by_url(store: Store) -> None:
    root = await store.create_site("Root", "https://News.Example.com/")
    blog = await store.create_site("Blog", "https://news.example.com/blog")
    other = await store.create_site("Other", "http://other.example.net")
    assert await store.find_site_by_url("https://news.example.com") == root
    assert await store.find_site_by_url("HTTPS://NEWS.EXAMPLE.COM/world/1") == root
    assert await store.find_site_by_url("https://news.example.com/blog/") == blog
    assert await store.find_site_by_url("https://news.example.com/blog/post?x=1") == blog
    assert await store.find_site_by_url("https://news.example.com/blogger") == root  # not a path prefix
    assert await store.find_site_by_url("http://other.example.net/page") == other
    assert await store.find_site_by_url("https://other.example.net/page") is None  # scheme differs
    assert await store.find_site_by_url("https://news.example.com.evil.test/") is None
    assert await store.find_site_by_url("not a url") is None
    assert await store.find_site_by_url("") is None


async def test_api_keys(store: Store) -> None:
    site = await store.create_site("News", "https://news.example.com")
    other = await store.create_site("Other", "https://other.example.net")
    key = await store.create_api_key("abcdef123456", site.id, ["https://news.example.com"])
    await store.create_api_key("zzzzzz000000", other.id)
    assert key.active
    assert is_utc(key.created_at)
    assert await store.get_api_key("abcdef123456") == key
    assert await store.get_api_key("nope00000000") is None
    assert [k.key for k in await store.list_api_keys(site.id)] == ["abcdef123456"]
    assert {k.key for k in await store.list_api_keys()} == {"abcdef123456", "zzzzzz000000"}
    revoked = await store.revoke_api_key("abcdef123456")
    assert not revoked.active
    assert is_utc(revoked.revoked_at)
    again = await store.revoke_api_key("abcdef123456")
    assert again.revoked_at == revoked.revoked_at  # the first revocation time stays
    assert await store.get_api_key("abcdef123456") == revoked
    with pytest.raises(NotFound):
        await store.revoke_api_key("nope00000000")
    with pytest.raises(Conflict):
        await store.create_api_key("abcdef123456", site.id)
    with pytest.raises(NotFound):
        await store.create_api_key("orphan000000", 999)


async def test_count_key_usage_per_month(store: Store) -> None:
    site = await store.create_site("News", "https://news.example.com")
    await store.create_api_key("abcdef123456", site.id)
    assert await store.count_key_usage("abcdef123456", "2026-11") == 1
    assert await store.count_key_usage("abcdef123456", "2026-11", add=4) == 5
    assert await store.count_key_usage("abcdef123456", "2026-12") == 1
    assert await store.count_key_usage("abcdef123456", "2026-11", add=0) == 5


async def test_concurrent_key_usage_loses_no_call(store: Store) -> None:
    await asyncio.gather(*(store.count_key_usage("abcdef123456", "2026-11") for _ in range(20)))
    assert await store.count_key_usage("abcdef123456", "2026-11", add=0) == 20


# -- threads ------------------------------------------------------------------------------------


async def test_threads(store: Store) -> None:
    site, thread = await site_and_thread(store)
    assert thread.uri == "/a"
    assert thread.title == "A page"
    assert not thread.closed
    assert is_utc(thread.created_at)
    assert await store.get_or_create_thread(site.id, "/a", "another title") == thread
    assert await store.get_thread(site.id, "/a") == thread
    assert await store.get_thread(site.id, "/missing") is None
    assert await store.get_thread_by_id(thread.id) == thread
    with pytest.raises(NotFound):
        await store.get_thread_by_id(999)
    other = await store.create_site("Other", "https://other.example.net")
    assert (await store.get_or_create_thread(other.id, "/a")).id != thread.id


async def test_concurrent_thread_creation_makes_one_thread(store: Store) -> None:
    site = await store.create_site("News", "https://news.example.com")
    made = await asyncio.gather(*(store.get_or_create_thread(site.id, "/hot") for _ in range(8)))
    assert len({t.id for t in made}) == 1


async def test_thread_version_bumps_on_every_change(store: Store) -> None:
    _, thread = await site_and_thread(store)
    v0 = await store.thread_version(thread.id)
    comment = await add_comment(store, thread)
    v1 = await store.thread_version(thread.id)
    await store.set_comment_status(comment.id, PENDING)
    v2 = await store.thread_version(thread.id)
    edit = EditOfComment(text="x", html="<p>x</p>", status=APPROVED, score=0.1, decision=Decision.HAM)
    await store.edit_comment(comment.id, edit)
    v3 = await store.thread_version(thread.id)
    closed = await store.set_thread_closed(thread.id, True)
    v4 = await store.thread_version(thread.id)
    assert v0 < v1 < v2 < v3 < v4
    assert closed.closed
    assert (await store.get_thread_by_id(thread.id)).closed
    assert not (await store.set_thread_closed(thread.id, False)).closed
    with pytest.raises(NotFound):
        await store.thread_version(999)
    with pytest.raises(NotFound):
        await store.set_thread_closed(999, True)


# -- comments -----------------------------------------------------------------------------------


async def test_comment_round_trip(store: Store) -> None:
    _, thread = await site_and_thread(store)
    reasons = (Reason("links to a known spam host", 1.25), Reason("ünïcödé ✓", -0.5))
    stored = await add_comment(store, thread, text_hash="h1", reasons=reasons, text="Ünïcödé ✓ 'quotes'")
    loaded = await store.get_comment(stored.id)
    assert loaded == stored
    assert loaded.reasons == reasons
    assert loaded.status is APPROVED
    assert loaded.decision is Decision.HAM
    assert is_utc(loaded.created_at)
    assert near_now(loaded.created_at)
    assert loaded.edited_at is None
    assert loaded.likes == 0
    with pytest.raises(NotFound):
        await store.get_comment(999)


async def test_insert_into_missing_thread_or_parent(store: Store) -> None:
    _, thread = await site_and_thread(store)
    with pytest.raises(NotFound):
        await add_comment(store, replace(thread, id=999))
    with pytest.raises(NotFound):
        await add_comment(store, thread, parent_id=999)
    assert await store.list_thread_comments(thread.id) == []  # nothing half-written


async def test_list_thread_comments_statuses_and_extra_ids(store: Store) -> None:
    _, thread = await site_and_thread(store)
    first = await add_comment(store, thread)
    pending = await add_comment(store, thread, status=PENDING, decision=Decision.PENDING)
    spam = await add_comment(store, thread, status=SPAM, decision=Decision.SPAM)
    reply = await add_comment(store, thread, parent_id=first.id)
    assert [c.id for c in await store.list_thread_comments(thread.id)] == [first.id, reply.id]
    mine = await store.list_thread_comments(thread.id, extra_ids=[pending.id])
    assert [c.id for c in mine] == [first.id, pending.id, reply.id]  # oldest first
    both = await store.list_thread_comments(thread.id, statuses=[PENDING, SPAM])
    assert [c.id for c in both] == [pending.id, spam.id]
    assert await store.list_thread_comments(thread.id, statuses=[]) == []
    assert (await store.list_thread_comments(thread.id))[1].parent_id == first.id


async def test_extra_ids_of_another_thread_do_not_leak(store: Store) -> None:
    site, thread = await site_and_thread(store)
    elsewhere = await store.get_or_create_thread(site.id, "/b")
    hidden = await add_comment(store, elsewhere, status=PENDING)
    assert await store.list_thread_comments(thread.id, extra_ids=[hidden.id]) == []


async def test_edit_comment(store: Store) -> None:
    _, thread = await site_and_thread(store)
    original = await add_comment(store, thread, text_hash="old")
    edit = EditOfComment(
        text="Edited",
        html="<p>Edited</p>",
        status=PENDING,
        score=0.6,
        decision=Decision.PENDING,
        reasons=(Reason("edited into a link", 0.7),),
        text_hash="new",
    )
    edited = await store.edit_comment(original.id, edit)
    assert (edited.text, edited.html, edited.status, edited.decision) == (
        "Edited",
        "<p>Edited</p>",
        PENDING,
        Decision.PENDING,
    )
    assert edited.score == pytest.approx(0.6)
    assert edited.reasons == edit.reasons
    assert is_utc(edited.edited_at)
    assert edited.created_at == original.created_at
    assert await store.get_comment(original.id) == edited
    assert await store.count_same_text(thread.site_id, "new", datetime.now(UTC) - timedelta(hours=1)) == 1
    with pytest.raises(NotFound):
        await store.edit_comment(999, edit)


async def test_set_comment_status(store: Store) -> None:
    _, thread = await site_and_thread(store)
    comment = await add_comment(store, thread, status=PENDING)
    assert (await store.set_comment_status(comment.id, APPROVED)).status is APPROVED
    assert (await store.get_comment(comment.id)).status is APPROVED
    with pytest.raises(NotFound):
        await store.set_comment_status(999, SPAM)


async def test_count_comments_for_many_uris(store: Store) -> None:
    site, a = await site_and_thread(store)
    b = await store.get_or_create_thread(site.id, "/b")
    await store.get_or_create_thread(site.id, "/empty")
    other = await store.create_site("Other", "https://other.example.net")
    other_a = await store.get_or_create_thread(other.id, "/a")
    for _ in range(3):
        await add_comment(store, a)
    await add_comment(store, a, status=PENDING)
    await add_comment(store, b)
    await add_comment(store, other_a)
    uris = ["/a", "/b", "/empty", "/never-seen", *(f"/page-{i}" for i in range(300))]
    counts = await store.count_comments(site.id, uris)
    assert counts["/a"] == 3
    assert counts["/b"] == 1
    assert counts["/empty"] == 0
    assert counts["/never-seen"] == 0
    assert set(counts) == set(uris)
    assert await store.count_comments(site.id, []) == {}


async def test_recent_comments(store: Store) -> None:
    site, a = await site_and_thread(store)
    b = await store.get_or_create_thread(site.id, "/b")
    other = await store.create_site("Other", "https://other.example.net")
    first = await add_comment(store, a)
    await add_comment(store, a, status=PENDING)
    second = await add_comment(store, b)
    await add_comment(store, await store.get_or_create_thread(other.id, "/x"))
    recent = await store.recent_comments(site.id, 10)
    assert [(c.id, t.uri) for c, t in recent] == [(second.id, "/b"), (first.id, "/a")]
    assert recent[0][1] == b
    assert len(await store.recent_comments(site.id, 1)) == 1


async def test_count_by_status(store: Store) -> None:
    site, thread = await site_and_thread(store)
    other = await store.create_site("Other", "https://other.example.net")
    await add_comment(store, thread)
    await add_comment(store, thread, status=SPAM)
    await add_comment(store, thread, status=SPAM)
    await add_comment(store, await store.get_or_create_thread(other.id, "/x"), status=PENDING)
    counts = await store.count_by_status(site.id)
    assert counts == {APPROVED: 1, PENDING: 0, SPAM: 2, DELETED: 0}
    assert (await store.count_by_status())[PENDING] == 1


async def test_has_approved_comment_is_the_exact_triple_on_the_site(store: Store) -> None:
    site, thread = await site_and_thread(store)
    other = await store.create_site("Other", "https://other.example.net")
    await add_comment(store, thread, author_name="Ada", author_email="ada@example.org", author_url="")
    await add_comment(store, thread, author_name="Bob", author_email="bob@example.org", status=PENDING)
    assert await store.has_approved_comment(site.id, "Ada", "ada@example.org", "")
    assert not await store.has_approved_comment(site.id, "Ada", "ada@example.org", "https://x.test")
    assert not await store.has_approved_comment(site.id, "Eve", "ada@example.org", "")
    assert not await store.has_approved_comment(site.id, "Bob", "bob@example.org", BASE.author_url)
    assert not await store.has_approved_comment(other.id, "Ada", "ada@example.org", "")


async def test_count_same_text_since(store: Store) -> None:
    site, thread = await site_and_thread(store)
    other = await store.create_site("Other", "https://other.example.net")
    await add_comment(store, thread, text_hash="dup")
    await add_comment(store, thread, text_hash="dup", status=SPAM)
    await add_comment(store, await store.get_or_create_thread(other.id, "/x"), text_hash="dup")
    hour_ago = datetime.now(UTC) - timedelta(hours=1)
    assert await store.count_same_text(site.id, "dup", hour_ago) == 2
    assert await store.count_same_text(site.id, "dup", datetime.now(UTC) + timedelta(minutes=1)) == 0
    assert await store.count_same_text(site.id, "other", hour_ago) == 0
    assert await store.count_same_text(site.id, "", hour_ago) == 0


async def test_since_accepts_any_timezone(store: Store) -> None:
    site, thread = await site_and_thread(store)
    await add_comment(store, thread, text_hash="dup")
    paris_hour_ago = (datetime.now(UTC) - timedelta(hours=1)).astimezone(timezone(timedelta(hours=1)))
    assert await store.count_same_text(site.id, "dup", paris_hour_ago) == 1
    tokyo_soon = (datetime.now(UTC) + timedelta(minutes=5)).astimezone(timezone(timedelta(hours=9)))
    assert await store.count_same_text(site.id, "dup", tokyo_soon) == 0


async def test_count_author_url_host(store: Store) -> None:
    site, thread = await site_and_thread(store)
    for url in (
        "https://shop.example/buy",
        "http://SHOP.example",
        "shop.example/x",
        "https://shop.example:8080/",
    ):
        await add_comment(store, thread, author_url=url)
    await add_comment(store, thread, author_url="https://shop.example/", status=SPAM)
    await add_comment(store, thread, author_url="https://notshop.example/")
    await add_comment(store, thread, author_url="https://shop.example.evil/")
    assert await store.count_author_url_host(site.id, "shop.example") == 4
    assert await store.count_author_url_host(site.id, "SHOP.EXAMPLE") == 4
    assert await store.count_author_url_host(site.id, "nobody.example") == 0
    assert await store.count_author_url_host(site.id, "") == 0


async def test_daily_counts_of_recorded_checks(store: Store) -> None:
    site, _ = await site_and_thread(store)
    other = await store.create_site("Other", "https://other.example.net")
    now = datetime.now(UTC)
    yesterday = now - timedelta(days=1)
    checks = [
        (site.id, Decision.HAM, now, False),
        (site.id, Decision.HAM, now, False),
        (site.id, Decision.DISCARD, now, False),
        (site.id, Decision.SPAM, yesterday, False),
        (site.id, Decision.SPAM, now, True),  # test traffic never counts
        (other.id, Decision.HAM, now, False),
    ]
    for i, (site_id, decision, at, is_test) in enumerate(checks):
        await store.record_check(
            SpamCheckRecord(f"g{i}", site_id, None, None, {}, 0.5, decision, is_test=is_test, created_at=at)
        )
    today, before = now.strftime("%Y-%m-%d"), yesterday.strftime("%Y-%m-%d")
    two_days = now - timedelta(days=2)
    counts = {(d.day, d.decision): d.count for d in await store.daily_counts(site.id, two_days)}
    assert counts == {(today, Decision.HAM): 2, (today, Decision.DISCARD): 1, (before, Decision.SPAM): 1}
    assert sum(d.count for d in await store.daily_counts(None, two_days)) == 5
    assert sum(d.count for d in await store.daily_counts(site.id, now - timedelta(minutes=1))) == 3
    assert await store.daily_counts(site.id, now + timedelta(minutes=1)) == []


async def test_daily_counts_use_the_utc_day(store: Store) -> None:
    site = await store.create_site("News", "https://news.example.com")
    late_evening_utc = datetime(2026, 3, 1, 23, 30, tzinfo=UTC)  # already 2 March in Paris
    await store.record_check(
        SpamCheckRecord("g", site.id, None, None, {}, 0.1, Decision.HAM, created_at=late_evening_utc)
    )
    days = await store.daily_counts(site.id, datetime(2026, 3, 1, tzinfo=UTC))
    assert [(d.day, d.count) for d in days] == [("2026-03-01", 1)]


# -- search -------------------------------------------------------------------------------------


async def search_ids(store: Store, **fields: object) -> list[int]:
    page = await store.search_comments(CommentFilter(**fields))  # type: ignore[arg-type]
    return [c.id for c, _ in page.items]


async def test_search_filters(store: Store) -> None:
    site, thread = await site_and_thread(store)
    other_thread = await store.get_or_create_thread(site.id, "/b")
    other_site = await store.create_site("Other", "https://other.example.net")
    a = await add_comment(store, thread, author_name="Ada Lovelace", author_email="Ada@Example.org")
    b = await add_comment(
        store,
        thread,
        author_name="Bob",
        author_email="bob@example.org",
        status=SPAM,
        decision=Decision.SPAM,
        text="Buy cheap watches",
        author_url="https://watches.example",
        ip="198.51.100.0",
    )
    c = await add_comment(
        store, other_thread, author_name="Carol", author_email="carol@example.org", ip="203.0.120.0"
    )
    d = await add_comment(
        store,
        await store.get_or_create_thread(other_site.id, "/x"),
        author_name="Dan",
        author_email="dan@example.org",
    )
    assert set(await search_ids(store)) == {a.id, b.id, c.id, d.id}
    assert set(await search_ids(store, site_id=site.id)) == {a.id, b.id, c.id}
    assert await search_ids(store, thread_id=other_thread.id) == [c.id]
    assert await search_ids(store, statuses=(SPAM,)) == [b.id]
    assert await search_ids(store, decision=Decision.SPAM) == [b.id]
    assert await search_ids(store, author="lovelace") == [a.id]
    assert await search_ids(store, email="ADA@example.ORG") == [a.id]
    assert await search_ids(store, email="ada@") == []  # e-mail is exact, not a substring
    assert await search_ids(store, text="CHEAP watch") == [b.id]  # in the text
    assert await search_ids(store, text="watches.example") == [b.id]  # in the website
    assert await search_ids(store, text="carol@") == [c.id]  # in the e-mail
    assert await search_ids(store, text="dan", site_id=other_site.id) == [d.id]  # in the name
    page = await store.search_comments(CommentFilter(site_id=site.id))
    assert page.items[0][1].uri == "/b"
    assert page.total == 3


async def test_search_escapes_like_wildcards(store: Store) -> None:
    _, thread = await site_and_thread(store)
    hundred = await add_comment(store, thread, text="100% agree")
    await add_comment(store, thread, text="1000 agree")
    under = await add_comment(store, thread, text="snake_case")
    await add_comment(store, thread, text="snakeXcase")
    assert await search_ids(store, text="100%") == [hundred.id]
    assert await search_ids(store, text="e_c") == [under.id]
    assert await search_ids(store, author="%") == []


async def test_search_ip_networks(store: Store) -> None:
    _, thread = await site_and_thread(store)
    a = await add_comment(store, thread, ip="203.0.113.0")
    b = await add_comment(store, thread, ip="203.0.120.0")
    c = await add_comment(store, thread, ip="198.51.100.0")
    v6 = await add_comment(store, thread, ip="2001:db8:abcd::")
    v6_other = await add_comment(store, thread, ip="2001:db9:1::")
    await add_comment(store, thread, ip="")
    assert await search_ids(store, ip_network="203.0.113.0/24") == [a.id]
    assert await search_ids(store, ip_network="203.0.113.77/24") == [a.id]  # host bits ignored
    assert sorted(await search_ids(store, ip_network="203.0.0.0/16")) == [a.id, b.id]
    assert await search_ids(store, ip_network="203.0.112.0/21") == [a.id]  # .112-.119, not .120
    assert await search_ids(store, ip_network="203.0.120.0/21") == [b.id]
    assert sorted(await search_ids(store, ip_network="0.0.0.0/0")) == [a.id, b.id, c.id]
    assert await search_ids(store, ip_network="203.0.113.") == [a.id]
    assert await search_ids(store, ip_network="198.51") == [c.id]
    assert await search_ids(store, ip_network="2001:db8::/32") == [v6.id]
    assert sorted(await search_ids(store, ip_network="2001:db8::/30")) == [v6.id, v6_other.id]
    assert await search_ids(store, ip_network="2001:db8:abcd::/48") == [v6.id]
    for bad in ("203.0.113.0/33", "banana", "1.2.3.4/x", "'; drop table comments; --"):
        with pytest.raises(ValidationError) as caught:
            await store.search_comments(CommentFilter(ip_network=bad))
        assert caught.value.field == "ip_network"


async def test_search_time_range_paging_and_order(store: Store) -> None:
    _, thread = await site_and_thread(store)
    made = [await add_comment(store, thread, text=f"number {i}") for i in range(7)]
    ids = [c.id for c in made]
    page = await store.search_comments(CommentFilter(limit=3))
    assert page.total == 7
    assert [c.id for c, _ in page.items] == ids[::-1][:3]
    page = await store.search_comments(CommentFilter(limit=3, offset=6))
    assert page.total == 7
    assert [c.id for c, _ in page.items] == [ids[0]]
    oldest = await store.search_comments(CommentFilter(limit=2, newest_first=False))
    assert [c.id for c, _ in oldest.items] == ids[:2]
    start = made[2].created_at
    end = made[5].created_at
    assert start is not None
    assert end is not None
    assert await search_ids(store, since=start, until=end, newest_first=False) == ids[2:5]
    future = datetime.now(UTC) + timedelta(minutes=1)
    assert (await store.search_comments(CommentFilter(since=future))).total == 0
    with pytest.raises(ValidationError):
        await store.search_comments(CommentFilter(limit=-1))
    with pytest.raises(ValidationError):
        await store.search_comments(CommentFilter(offset=-5))


# -- privacy ------------------------------------------------------------------------------------


async def test_export_commenter(store: Store) -> None:
    site, thread = await site_and_thread(store)
    other = await store.get_or_create_thread(site.id, "/b")
    first = await add_comment(store, thread, author_email="ada@example.org")
    second = await add_comment(store, other, author_email="ADA@example.org", status=SPAM)
    await add_comment(store, thread, author_email="bob@example.org")
    exported = await store.export_commenter("Ada@Example.org")
    assert [(c.id, t.uri) for c, t in exported] == [(first.id, "/a"), (second.id, "/b")]
    assert await store.export_commenter("nobody@example.org") == []
    assert await store.export_commenter("") == []


async def test_erase_commenter_keeps_text_only_under_replies(store: Store) -> None:
    _, thread = await site_and_thread(store)
    answered = await add_comment(store, thread, author_email="ada@example.org", text="Question?")
    reply = await add_comment(
        store, thread, parent_id=answered.id, author_email="bob@example.org", author_name="Bob"
    )
    lonely = await add_comment(store, thread, author_email="Ada@example.org", text="Lonely remark")
    version = await store.thread_version(thread.id)
    assert await store.erase_commenter("ada@example.org") == 2
    kept = await store.get_comment(answered.id)
    assert (kept.author_name, kept.author_email, kept.author_url, kept.ip, kept.user_agent) == (
        "",
        "",
        "",
        "",
        "",
    )
    assert kept.text == "Question?"
    assert kept.status is APPROVED
    gone = await store.get_comment(lonely.id)
    assert (gone.text, gone.html, gone.author_email, gone.ip) == ("", "", "", "")
    assert gone.status is DELETED
    assert await store.get_comment(reply.id) == reply  # other people are untouched
    assert await store.thread_version(thread.id) > version
    assert await store.export_commenter("ada@example.org") == []
    assert await store.erase_commenter("ada@example.org") == 0


async def test_erase_commenter_scrubs_recorded_payloads(store: Store) -> None:
    site, _ = await site_and_thread(store)
    mine = {
        "comment_author": "Ada",
        "comment_author_email": "ADA@example.org",
        "comment_author_url": "https://ada.example.org",
        "user_ip": "203.0.113.9",
        "user_agent": "Mozilla/5.0",
        "comment_content": "Text the model learned from",
    }
    theirs = {**mine, "comment_author": "Bob", "comment_author_email": "bob@example.org"}
    quoting = {**theirs, "comment_content": "write to ada@example.org"}  # mentions, not written by
    for guid, payload in (("mine", mine), ("theirs", theirs), ("quoting", quoting)):
        await store.record_check(SpamCheckRecord(guid, site.id, None, None, payload, 0.9, Decision.SPAM))
    event = await store.add_learning_event(site.id, mine, True, "akismet", guid="mine")
    assert await store.erase_commenter("ada@example.org") == 0  # no comments, yet payloads scrubbed
    scrubbed = await store.get_check("mine")
    assert scrubbed is not None
    assert scrubbed.payload == {
        "comment_author": "",
        "comment_author_email": "",
        "comment_author_url": "",
        "user_ip": "",
        "user_agent": "",
        "comment_content": "Text the model learned from",
    }
    for untouched, payload in (("theirs", theirs), ("quoting", quoting)):
        found = await store.get_check(untouched)
        assert found is not None
        assert found.payload == payload
    (learned,) = await store.learning_events(site.id)
    assert learned.id == event.id
    assert learned.payload == scrubbed.payload


async def test_export_records_finds_every_other_record_that_holds_the_address(store: Store) -> None:
    """An access request is answered with the checks and learning events the address wrote, its
    reply subscriptions and the mail sent to it: never another person's, nor a mere mention."""
    site, thread = await site_and_thread(store)
    mine = {"comment_author_email": "ADA@example.org", "comment_content": "Hello"}
    quoting = {"comment_author_email": "bob@example.org", "comment_content": "ask ada@example.org"}
    for guid, payload in (("mine", mine), ("quoting", quoting)):
        await store.record_check(SpamCheckRecord(guid, site.id, None, None, payload, 0.2, Decision.HAM))
    event = await store.add_learning_event(site.id, mine, False, "dashboard", actor="editor")
    await store.add_learning_event(site.id, quoting, True, "dashboard")
    hers = await add_comment(store, thread, author_email="Ada@Example.org")
    his = await add_comment(store, thread, author_email="bob@example.org")
    for comment in (hers, his):  # awaiting confirmation; her language is hers to see too
        assert not await store.subscribe_replies(comment.id, confirmed=False, language="de")
    await store.queue_mail(
        [
            OutgoingMail(site.id, MailKind.REPLY, his.id, "Ada@Example.org"),  # kept as typed
            OutgoingMail(site.id, MailKind.REPLY, hers.id, "bob@example.org"),
        ]
    )
    records = await store.export_records(" Ada@example.org ")
    assert [c.guid for c in records.checks] == ["mine"]
    assert [(e.id, e.is_spam, e.payload) for e in records.events] == [(event.id, False, mine)]
    assert [(s.comment_id, s.confirmed_at, s.language) for s in records.subscriptions] == [
        (hers.id, None, "de")
    ]
    assert [(m.kind, m.comment_id, m.state) for m in records.mail] == [
        (MailKind.REPLY, his.id, MailState.QUEUED)
    ]
    assert await store.export_records("") == CommenterRecords((), (), (), ())
    await store.erase_commenter("ada@example.org")
    assert await store.forget_mail_to("ada@example.org") == 1  # matched as the comments are
    after = await store.export_records("ada@example.org")
    assert after == CommenterRecords((), (), (), ())
    assert await store.export_records("bob@example.org") != after  # another reader's stay


async def test_purge(store: Store) -> None:
    site, thread = await site_and_thread(store)
    other = await store.create_site("Other", "https://other.example.net")
    spam = await add_comment(store, thread, status=SPAM)
    reply_to_spam = await add_comment(store, thread, parent_id=spam.id)
    deleted = await add_comment(store, thread, status=DELETED)
    other_spam = await add_comment(store, await store.get_or_create_thread(other.id, "/x"), status=SPAM)
    before_them = datetime.now(UTC) - timedelta(hours=1)
    assert await store.purge([SPAM, DELETED], before_them) == 0
    version = await store.thread_version(thread.id)
    soon = datetime.now(UTC) + timedelta(seconds=1)
    assert await store.purge([SPAM, DELETED], soon, site_id=site.id) == 2
    for gone in (spam, deleted):
        with pytest.raises(NotFound):
            await store.get_comment(gone.id)
    assert (await store.get_comment(reply_to_spam.id)).parent_id is None  # the reply stays, detached
    assert (await store.get_comment(other_spam.id)).status is SPAM  # another site is untouched
    assert await store.thread_version(thread.id) > version
    assert await store.purge([SPAM], soon) == 1
    assert await store.purge([], soon) == 0


async def test_minimise_ips(store: Store) -> None:
    _, thread = await site_and_thread(store)
    a = await add_comment(store, thread, ip="203.0.113.0")
    b = await add_comment(store, thread, ip="2001:db8:abcd::")
    assert await store.minimise_ips(datetime.now(UTC) - timedelta(hours=1)) == 0
    assert await store.minimise_ips(datetime.now(UTC) + timedelta(seconds=1)) == 2
    assert (await store.get_comment(a.id)).ip == ""
    assert (await store.get_comment(b.id)).ip == ""
    assert (await store.get_comment(a.id)).text == a.text
    assert await store.minimise_ips(datetime.now(UTC) + timedelta(seconds=1)) == 0


# -- spam checks and learning ---------------------------------------------------------------------


async def test_spam_checks(store: Store) -> None:
    site, thread = await site_and_thread(store)
    comment = await add_comment(store, thread)
    payload = {
        "comment_content": "Buy ✓ now",
        "comment_author": "Spammer",
        "nested": {"list": [1, 2.5, None]},
    }
    record = SpamCheckRecord(
        guid="6f1c2d3e-0000-4000-8000-000000000001",
        site_id=site.id,
        api_key="abcdef123456",
        comment_id=comment.id,
        payload=payload,
        score=0.97,
        decision=Decision.SPAM,
        is_test=True,
    )
    await store.record_check(record)
    loaded = await store.get_check(record.guid)
    assert loaded is not None
    assert loaded.payload == payload
    assert loaded.is_test
    assert loaded.decision is Decision.SPAM
    assert loaded.score == pytest.approx(0.97)
    assert loaded.comment_id == comment.id
    assert is_utc(loaded.created_at)
    assert near_now(loaded.created_at)
    assert replace(loaded, created_at=None) == record
    assert await store.get_check("00000000-0000-4000-8000-000000000000") is None
    with pytest.raises(Conflict):
        await store.record_check(record)
    at = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    await store.record_check(replace(record, guid="g2", comment_id=None, api_key=None, created_at=at))
    second = await store.get_check("g2")
    assert second is not None
    assert second.created_at == at
    assert second.api_key is None


async def test_learning_events(store: Store) -> None:
    site, thread = await site_and_thread(store)
    other = await store.create_site("Other", "https://other.example.net")
    comment = await add_comment(store, thread)
    assert await store.learning_state_version(site.id) == (0, 0)
    first = await store.add_learning_event(
        site.id, {"text": "spam ✓"}, True, "dashboard", comment_id=comment.id, actor="mod"
    )
    second = await store.add_learning_event(site.id, {"text": "ham"}, False, "akismet", guid="g-1")
    foreign = await store.add_learning_event(other.id, {"text": "x"}, True, "api")
    assert first.id < second.id < foreign.id
    assert is_utc(first.created_at)
    assert first.undone_at is None
    assert await store.learning_events(site.id) == [first, second]
    assert await store.learning_events(site.id, after_id=first.id) == [second]
    assert await store.learning_events(site.id, after_id=second.id) == []
    assert await store.learning_state_version(site.id) == (second.id, 0)
    undone = await store.undo_learning_event(first.id)
    assert is_utc(undone.undone_at)
    assert undone.payload == {"text": "spam ✓"}
    assert (await store.undo_learning_event(first.id)).undone_at == undone.undone_at  # idempotent
    assert await store.learning_state_version(site.id) == (second.id, 1)
    assert await store.learning_events(site.id) == [undone, second]  # undone ones are included
    assert await store.learning_state_version(other.id) == (foreign.id, 0)
    with pytest.raises(NotFound):
        await store.undo_learning_event(999_999)
    with pytest.raises(NotFound):
        await store.add_learning_event(999, {}, True, "api")


# -- moderators, sessions, bans, audit ------------------------------------------------------------


async def test_moderators(store: Store) -> None:
    owner = await store.add_moderator("alice", Role.OWNER, "$argon2id$hash-1")
    mod = await store.add_moderator("bob", Role.MODERATOR, "$argon2id$hash-2")
    assert await store.get_moderator_by_name("alice") == owner
    assert await store.get_moderator_by_name("carol") is None
    assert await store.list_moderators() == [owner, mod]
    assert owner.role is Role.OWNER
    assert is_utc(owner.created_at)
    await store.set_moderator_password(mod.id, "$argon2id$hash-3")
    changed = await store.get_moderator_by_name("bob")
    assert changed is not None
    assert changed.password_hash == "$argon2id$hash-3"
    with pytest.raises(Conflict):
        await store.add_moderator("alice", Role.MODERATOR, "x")
    with pytest.raises(NotFound):
        await store.set_moderator_password(999, "x")


async def test_sessions_expire(store: Store) -> None:
    alice = await store.add_moderator("alice", Role.OWNER, "hash")
    soon = datetime.now(UTC) + timedelta(hours=1)
    await store.create_session("a" * 64, alice.id, "csrf-1", soon)
    await store.create_session("b" * 64, alice.id, "csrf-2", datetime.now(UTC) - timedelta(seconds=1))
    live = await store.get_session("a" * 64)
    assert live is not None
    assert live.moderator == alice
    assert live.csrf_token == "csrf-1"
    assert is_utc(live.expires_at)
    assert abs(live.expires_at - soon) < timedelta(milliseconds=1)
    assert await store.get_session("b" * 64) is None  # expired
    assert await store.get_session("c" * 64) is None  # unknown
    await store.delete_session("a" * 64)
    assert await store.get_session("a" * 64) is None
    await store.delete_session("never-existed")  # no error
    with pytest.raises(NotFound):
        await store.create_session("d" * 64, 999, "csrf", soon)


async def test_bans_global_and_per_site(store: Store) -> None:
    site = await store.create_site("News", "https://news.example.com")
    other = await store.create_site("Other", "https://other.example.net")
    everywhere = await store.add_ban(None, BanKind.IP_NETWORK, "203.0.113.0/24", "alice")
    here = await store.add_ban(site.id, BanKind.EMAIL, "troll@example.org", "bob")
    there = await store.add_ban(other.id, BanKind.DOMAIN, "spam.example", "bob")
    assert here.kind is BanKind.EMAIL
    assert here.site_id == site.id
    assert is_utc(here.created_at)
    assert await store.list_bans(site.id) == [everywhere, here]
    assert await store.list_bans(other.id) == [everywhere, there]
    assert await store.list_bans() == [everywhere, here, there]
    await store.remove_ban(here.id)
    assert await store.list_bans(site.id) == [everywhere]
    with pytest.raises(NotFound):
        await store.remove_ban(here.id)
    with pytest.raises(NotFound):
        await store.add_ban(999, BanKind.NAME_PATTERN, "*casino*", "bob")


async def test_audit_log(store: Store) -> None:
    entries = [
        await store.add_audit("alice", "comment.approve", f"comment:{i}", "via dashboard") for i in range(5)
    ]
    assert is_utc(entries[0].created_at)
    listed = await store.list_audit()
    assert listed == entries[::-1]  # newest first
    assert await store.list_audit(limit=2, offset=1) == [entries[3], entries[2]]
    assert await store.list_audit(limit=2, offset=10) == []


async def test_deleting_a_site_cascades(store: Store) -> None:
    """Not a Store method, but the schema promise the privacy tools rely on: nothing orphaned."""
    site, thread = await site_and_thread(store)
    await add_comment(store, thread)
    assert await store.count_by_status(site.id) != dict.fromkeys(CommentStatus, 0)
