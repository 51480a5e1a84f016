"""Another process holds SQLite's write lock past the busy timeout (a backup, a migration run by
hand, ``sqlite3`` left open in a transaction): posts get 503 with ``Retry-After`` after about the
busy timeout, not once the lock is released, and the server recovers as soon as it is.

Session 10 found that posts waited for the lock's holder instead: a batch of posts that failed
on the lock was retried one item at a time (``GroupCommit``: a post is three items, its facts
and its two rate-limit hits), each retry waiting the whole busy timeout again, so a burst of
twelve posts behind a lock held for 25 s was answered only when it was released, and a longer
lock held every reader's request for minutes (a proxy in front answers 504 long before).
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from pathlib import Path

import httpx

from rejoinder.storage.engine import BUSY_TIMEOUT_MS
from tests.support.live_server import LiveServer
from tests.support.news_server import NEWS, comment, news_server

LOCK_SECONDS = 25.0
POSTS = 12
# Two busy timeouts: the burst's first batch meets the lock, the rest gather behind it (one
# batch at a time per process), plus slack for a loaded machine. Far less than LOCK_SECONDS.
PATIENCE = 2 * BUSY_TIMEOUT_MS / 1000 + 5


async def post(client: httpx.AsyncClient, server: LiveServer, n: int) -> tuple[int, float]:
    """A reader's post (its form first); the status and how long the post itself took."""
    headers = {"Origin": NEWS, "X-Forwarded-For": f"10.6.0.{n + 1}"}
    config = await client.get(f"{server.url}/api/config", params={"site": 1, "uri": "/a"}, headers=headers)
    assert config.status_code == 200, config.text  # reads do not wait for the write lock (WAL)
    body = comment(config.json()["form_token"], n)
    started = time.monotonic()
    answer = await client.post(f"{server.url}/api/comments", json=body, headers=headers)
    took = time.monotonic() - started
    if answer.status_code == 503:
        assert answer.headers["retry-after"] == "1"
    return answer.status_code, took


async def burst(server: LiveServer, first: int, count: int) -> list[tuple[int, float]]:
    limits = httpx.Limits(max_keepalive_connections=0)
    async with httpx.AsyncClient(timeout=120, limits=limits) as client:
        return await asyncio.gather(*(post(client, server, n) for n in range(first, first + count)))


def test_posts_behind_a_held_write_lock_get_503_after_the_busy_timeout(tmp_path: Path) -> None:
    path = tmp_path / "locked.db"
    with news_server(f"sqlite:///{path}", log_dir=tmp_path) as server:
        backup = sqlite3.connect(path, isolation_level=None, timeout=60)
        try:
            assert asyncio.run(burst(server, 0, 1))[0][0] == 201

            async def while_locked() -> list[tuple[int, float]]:
                backup.execute("BEGIN IMMEDIATE")
                try:
                    answers = asyncio.create_task(burst(server, 1, POSTS))
                    done, _ = await asyncio.wait([answers], timeout=LOCK_SECONDS)
                    assert done, (
                        f"the posts were still waiting when the lock was released after {LOCK_SECONDS:g} s"
                    )
                    return answers.result()
                finally:
                    backup.execute("ROLLBACK")

            answers = asyncio.run(while_locked())
            after = asyncio.run(burst(server, 100, 2))
        finally:
            backup.close()
    assert [status for status, _ in answers] == [503] * POSTS, answers  # nothing could be written
    assert max(took for _, took in answers) < PATIENCE, answers
    assert [status for status, _ in after] == [201, 201], after
