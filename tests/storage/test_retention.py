"""Store contract (SQLite and PostgreSQL): recorded spam checks are deleted after their retention,
and learning events lose their IP and user agent but keep what the model learned from."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from rejoinder.domain import Decision
from rejoinder.storage import Store
from rejoinder.storage.base import SpamCheckRecord
from tests.storage.helpers import site_and_thread

PAYLOAD = {
    "comment_content": "Cheap watches at my site",
    "comment_author": "Ada",
    "comment_author_email": "ada@example.org",
    "user_ip": "203.0.113.0",
    "user_agent": "Mozilla/5.0",
}


async def test_purge_checks_deletes_only_checks_made_before_the_cutoff(store: Store) -> None:
    site, _ = await site_and_thread(store)
    other = await store.create_site("Other", "https://other.example.net")
    now = datetime.now(UTC)
    for guid, site_id, age in (("old", site.id, 40), ("old-other", other.id, 31), ("new", site.id, 29)):
        at = now - timedelta(days=age)
        await store.record_check(
            SpamCheckRecord(guid, site_id, None, None, PAYLOAD, 0.99, Decision.DISCARD, created_at=at)
        )
    assert await store.purge_checks(now - timedelta(days=60)) == 0
    assert await store.purge_checks(now - timedelta(days=30)) == 2
    assert await store.get_check("old") is None
    assert await store.get_check("old-other") is None
    kept = await store.get_check("new")
    assert kept is not None
    assert kept.payload == PAYLOAD
    assert await store.purge_checks(now - timedelta(days=30)) == 0


async def test_minimise_learning_payloads_blanks_ip_and_agent_and_keeps_the_text(store: Store) -> None:
    site, _ = await site_and_thread(store)
    native = {"content": "A fair point", "author": "Bo", "author_ip": "2001:db8::", "user_agent": "curl"}
    first = await store.add_learning_event(site.id, PAYLOAD, True, "akismet", guid="g")
    second = await store.add_learning_event(site.id, native, False, "api")
    bare = await store.add_learning_event(site.id, {"comment_content": "no network data"}, True, "api")
    assert await store.minimise_learning_payloads(datetime.now(UTC) - timedelta(hours=1)) == 0
    assert await store.learning_events(site.id) == [first, second, bare]
    later = datetime.now(UTC) + timedelta(seconds=1)
    assert await store.minimise_learning_payloads(later) == 2
    events = {e.id: e for e in await store.learning_events(site.id)}
    assert events[first.id].payload == {**PAYLOAD, "user_ip": "", "user_agent": ""}
    assert events[second.id].payload == {**native, "author_ip": "", "user_agent": ""}
    assert events[bare.id] == bare
    assert events[first.id].is_spam
    assert events[first.id].guid == "g"
    assert await store.minimise_learning_payloads(later) == 0  # nothing left to blank
    assert await store.learning_state_version(site.id) == (bare.id, 0)  # no replay is forced
