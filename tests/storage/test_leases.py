"""Leased driver connections (``storage.leases``): the hot statements skip the pool's checkout.

On both backends: many more concurrent statements than leases still all get correct answers (the
overflow goes through the pool), the leases stay within their number, a connection the server
killed is replaced instead of failing every later call, and closing the store returns them all.
"""

from __future__ import annotations

import asyncio

import asyncpg
import pytest

from rejoinder.storage import Store
from rejoinder.storage.engine import LEASES
from rejoinder.storage.sql_store import SqlStore
from tests.storage.helpers import site_and_thread


def leases_of(store: Store) -> int:
    assert isinstance(store, SqlStore)
    return store._leases.lent


async def test_more_concurrent_reads_than_leases_all_answer_right(store: Store) -> None:
    assert isinstance(store, SqlStore)
    threads = [(await site_and_thread(store, f"https://s{i}.example", f"/p{i}"))[1] for i in range(5)]
    wanted = [t for t in threads for _ in range(12)]  # 60 reads at once, more than any lease count
    found = await asyncio.gather(*(store.get_thread(t.site_id, t.uri) for t in wanted))
    assert found == wanted
    assert 0 < leases_of(store) <= LEASES[store.backend]


async def test_released_leases_go_back_to_the_pool_open_and_come_back_on_demand(store: Store) -> None:
    """What the store does when the database refuses a connection (tests/api/test_database_busy.py
        has the whole story): the free leases are checked in, for any caller to take (the pool keeps
    up to its size of them open)."""
    assert isinstance(store, SqlStore)
    site, thread = await site_and_thread(store)
    await asyncio.gather(*(store.get_thread(site.id, thread.uri) for _ in range(30)))
    lent = leases_of(store)
    assert lent > 0
    pool = store.engine.pool
    out_before = pool.checkedout()  # type: ignore[attr-defined]
    assert store.release_idle_connections() == lent
    assert leases_of(store) == 0
    await asyncio.sleep(0.05)  # the check-ins run as tasks
    assert pool.checkedout() == out_before - lent  # type: ignore[attr-defined]
    assert await store.get_thread(site.id, thread.uri) == thread  # a lease is taken again
    assert leases_of(store) == 1


async def test_closing_the_store_returns_every_leased_connection(store_url: str) -> None:
    from rejoinder.storage import open_store

    store = await open_store(store_url)
    await store.migrate()
    await site_and_thread(store)
    await asyncio.gather(*(store.list_sites() for _ in range(20)))
    assert leases_of(store) > 0
    await store.close()
    assert leases_of(store) == 0


@pytest.mark.postgres
async def test_a_connection_the_server_killed_is_replaced(postgres_url: str) -> None:
    from rejoinder.storage import open_store
    from tests.support.postgres import fresh_database

    url = fresh_database(postgres_url)
    store = await open_store(url)
    try:
        await store.migrate()
        site, thread = await site_and_thread(store)
        assert await store.get_thread(site.id, "/a") == thread
        admin = await asyncpg.connect(url.replace("postgresql://", "postgres://"))
        try:  # every other backend on this database goes, the leased ones included
            await admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        finally:
            await admin.close()
        failures = 0
        for _ in range(LEASES["postgresql"] + 2):  # each dead lease may fail its caller once
            try:
                assert await store.get_thread(site.id, "/a") == thread
            except (
                asyncpg.PostgresConnectionError,
                asyncpg.exceptions.OperatorInterventionError,  # the server's goodbye
                asyncpg.InternalClientError,  # a goodbye that arrived while the connection was idle
            ):
                failures += 1  # once per dead connection, as with a plain pool
        assert failures <= LEASES["postgresql"]
        assert await store.get_thread(site.id, "/a") == thread  # and then reads work again
        assert leases_of(store) <= LEASES["postgresql"]
    finally:
        await store.close()


@pytest.mark.postgres
async def test_the_hit_session_the_server_killed_is_replaced(postgres_url: str) -> None:
    """Rate-limit hits run on their own kept session (``SessionLease``); a terminated backend
    fails at most one batch, and the next one opens a fresh session."""
    from rejoinder.storage import open_store
    from tests.support.postgres import fresh_database

    url = fresh_database(postgres_url)
    store = await open_store(url)
    try:
        await store.migrate()
        assert (await store.count_hit("k", 600, 60)).hits == 1
        admin = await asyncpg.connect(url.replace("postgresql://", "postgres://"))
        try:
            await admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        finally:
            await admin.close()
        counted = []
        for _ in range(3):
            try:
                counted.append((await store.count_hit("k", 600, 60)).hits)
            except (
                asyncpg.PostgresConnectionError,
                asyncpg.exceptions.OperatorInterventionError,
                asyncpg.InternalClientError,
            ):
                counted.append(0)
        assert counted.count(0) <= 1  # one failed batch at most...
        assert counted[-1] != 0  # ...and then hits are counted again
        assert [c for c in counted if c] == list(range(2, 2 + len(counted) - counted.count(0)))
    finally:
        await store.close()


@pytest.mark.postgres
async def test_the_facts_and_post_sessions_plan_generically_alone_and_close_with_the_store(
    postgres_url: str,
) -> None:
    """The spam-facts read and the post write run on sessions kept for them with generic plans
    (``Leases.session``): the setting is theirs alone (no pooled connection has it), the sessions
    serve the store's calls, and closing the store closes them."""
    from rejoinder.storage import open_store
    from tests.support.postgres import fresh_database

    store = await open_store(fresh_database(postgres_url))
    assert isinstance(store, SqlStore)
    try:
        await store.migrate()
        site, thread = await site_and_thread(store)
        await post_once(store, site.id, thread.id)
        for session in (store._facts_session, store._posts_session):
            async with session.driver() as driver:
                assert driver is not None
                assert await driver.fetchval("SHOW plan_cache_mode") == "force_generic_plan"
                assert await driver.fetchval("SHOW synchronous_commit") == "on"  # posts stay durable
        async with store.engine.connect() as conn:
            assert (await conn.exec_driver_sql("SHOW plan_cache_mode")).scalar() == "auto"
        async with store._leases.driver() as leased:
            assert await leased.fetchval("SHOW plan_cache_mode") == "auto"
    finally:
        await store.close()
    for session in (store._facts_session, store._posts_session):
        async with session.driver() as driver:
            assert driver is None  # closed with the leases


async def post_once(store: Store, site_id: int, thread_id: int) -> None:
    """One post's two store calls, as ``CommentService.post`` makes them."""
    from dataclasses import replace
    from datetime import UTC, datetime, timedelta

    from rejoinder.domain import Decision
    from rejoinder.storage.base import FactsQuery, SpamCheckRecord
    from tests.storage.helpers import BASE

    since = datetime.now(UTC) - timedelta(days=7)
    facts = await store.spam_facts(FactsQuery(site_id, "h", since, "", True, "Ada", "ada@example.org", ""))
    assert facts.duplicates == 0
    record = SpamCheckRecord("once", site_id, None, None, {}, 0.1, Decision.HAM)
    await store.insert_checked_comment(replace(BASE, thread_id=thread_id), record, text_hash="h")
