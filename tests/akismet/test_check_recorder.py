"""Checks are recorded just after the answer, without anyone calling ``flush``."""

from __future__ import annotations

import asyncio
import sqlite3

from tests.akismet.conftest import HAM, Harness


async def _answer(harness: Harness, key: str, blog: str, text: str) -> str:
    data = {"api_key": key, "blog": blog, **HAM, "comment_content": text}
    response = await harness.post("/1.1/comment-check", data)
    return response.headers["x-akismet-guid"]


async def test_a_check_answered_while_a_commit_is_under_way_is_written_too(harness: Harness) -> None:
    """The writer is held inside a commit (another connection holds SQLite's write lock) when the
    second check is answered; once the lock goes, both must reach the store, unasked."""
    api_key, site = await harness.new_key()
    path = harness.services.settings.database_url.removeprefix("sqlite:///")
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")  # the writer's commit now waits on the busy timeout
    try:
        first = await _answer(harness, api_key.key, site.url, "The first point is fair.")
        await asyncio.sleep(0.3)  # past WRITE_DELAY: the writer is now waiting inside its commit
        second = await _answer(harness, api_key.key, site.url, "The second point is fair too.")
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    missing = [first, second]
    for _ in range(200):  # WRITE_DELAY plus a commit; up to 10 s on a crowded machine
        missing = [g for g in missing if await harness.services.store.get_check(g) is None]
        if not missing:
            break
        await asyncio.sleep(0.05)
    assert missing == []
