"""A post's facts ask and its rate-limit hits are one gathered batch, one trip to the database.

On SQLite and PostgreSQL: asks and hits that arrive together are answered by one batch, each
caller with exactly its own answer (the facts of its five look-ups, a distinct count per hit);
a batch of one kind only still works; a failing batch is retried item by item, so only the
offending caller sees its error.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

from rejoinder.storage import Store
from rejoinder.storage.base import FactsQuery, WindowHits
from rejoinder.storage.sql_store import SqlStore
from tests.storage.helpers import BASE, add_comment, site_and_thread
from tests.storage.test_posting import five_lookups

W = 60
T0 = 1_800_000_000 - 1_800_000_000 % W


def batches_of(store: Store) -> list[tuple[int, int]]:
    """Record (asks, hits) of every batch the store's first-trip writer runs (a spy, not a mock)."""
    assert isinstance(store, SqlStore)
    seen: list[tuple[int, int]] = []
    real = store._first._write_batch

    async def spy(batch: list[object]) -> None:
        seen.append(
            (sum(type(i).__name__ == "_Ask" for i in batch), sum(type(i).__name__ == "_Hit" for i in batch))
        )
        await real(batch)  # type: ignore[arg-type]

    store._first._write_batch = spy  # type: ignore[assignment]
    return seen


def one_statement_batches(store: Store) -> list[bool]:
    """Record whether each PostgreSQL batch of asks and hits was read and counted by one statement."""
    assert isinstance(store, SqlStore)
    seen: list[bool] = []
    real = store._read_and_count_postgres

    async def spy(asks: list[Any], hits: list[Any]) -> bool:
        seen.append(await real(asks, hits))
        return seen[-1]

    store._read_and_count_postgres = spy  # type: ignore[method-assign]
    return seen


async def test_asks_and_hits_that_arrive_together_are_one_batch(store: Store) -> None:
    site, thread = await site_and_thread(store)
    since = datetime.now(UTC) - timedelta(hours=1)
    await add_comment(store, thread, text_hash="a")
    author = (BASE.author_name, BASE.author_email, BASE.author_url)
    asks = [
        FactsQuery(site.id, "a", since, "ada.example.org", True, *author),
        FactsQuery(site.id, "b", since, "", False),
        FactsQuery(site.id, "a", since, "nowhere.example", True, "Nobody"),
    ]
    seen = batches_of(store)
    combined = one_statement_batches(store)
    calls = []
    for i, q in enumerate(asks):  # what three posts do: facts and two hits each, side by side
        calls += [store.spam_facts(q), store.count_hit(f"ip:{i % 2}", T0, W), store.count_hit("site", T0, W)]
    answers = await asyncio.gather(*calls)
    assert seen == [(3, 6)]  # an idle store starts at once, and everyone queued before it ran joins
    assert combined == ([True] if store.backend == "postgresql" else [])  # PostgreSQL: one statement
    for q, facts in zip(asks, answers[0::3], strict=True):
        got = (facts.bans, facts.duplicates, facts.host_count, facts.trusted, facts.learning_version)
        assert got == await five_lookups(store, q)
    assert [c.hits for c in answers[1::3]] == [1, 1, 2]  # ip:0, ip:1, ip:0 in arrival order
    assert [c.hits for c in answers[2::3]] == [1, 2, 3]
    assert await store.peek_hits("site", T0, W) == WindowHits(T0, 3, 0)


async def test_a_batch_of_one_kind_takes_only_its_part(store: Store) -> None:
    site, _ = await site_and_thread(store)
    seen = batches_of(store)
    q = FactsQuery(site.id, "x", datetime.now(UTC) - timedelta(days=7))
    facts = (await asyncio.gather(store.spam_facts(q), store.spam_facts(q)))[0]
    assert facts.duplicates == 0
    assert [c.hits for c in await asyncio.gather(*(store.count_hit("k", T0, W) for _ in range(4)))] == [
        1,
        2,
        3,
        4,
    ]
    assert seen == [(2, 0), (0, 4)]


async def test_a_failing_batch_fails_only_the_offending_caller(store: Store) -> None:
    """A hit whose window cannot be stored (beyond a 64-bit integer: the driver refuses it) fails
    its batch; retried alone, the ask and the other hit succeed."""
    site, _ = await site_and_thread(store)
    q = FactsQuery(site.id, "x", datetime.now(UTC) - timedelta(days=7))
    seen = batches_of(store)
    outcomes = await asyncio.gather(
        store.spam_facts(q),
        store.count_hit("good", T0, W),
        store.count_hit("bad", 2**70, W),
        return_exceptions=True,
    )
    assert outcomes[0].duplicates == 0  # type: ignore[union-attr]
    assert outcomes[1] == WindowHits(T0, 1, 0)
    assert isinstance(outcomes[2], Exception)
    assert await store.peek_hits("bad", T0, W) == WindowHits(T0, 0, 0)
    assert seen == [(1, 2)]  # one batch failed; its items were then written one by one
