"""SQLite's hot writers queue on a ``flock`` beside the database (``storage.write_queue``).

Another process holding the queue file stands for a writer of another server process: a post or a
rate-limit hit must wait for it and go ahead the moment it lets go, and the writes still commit.
"""

from __future__ import annotations

import asyncio
import fcntl
import os
from dataclasses import replace
from pathlib import Path

from rejoinder.domain import Decision
from rejoinder.storage import open_store
from rejoinder.storage.base import SpamCheckRecord
from rejoinder.storage.write_queue import SUFFIX
from tests.storage.helpers import BASE, site_and_thread


async def test_a_writer_waits_for_the_queue_and_goes_on_when_it_is_free(tmp_path: Path) -> None:
    database = tmp_path / "rejoinder.db"
    store = await open_store(f"sqlite:///{database}")
    try:
        await store.migrate()
        site, thread = await site_and_thread(store)
        await store.count_hit("warm", 0, 60)  # the queue file exists once a writer has queued
        queue = Path(f"{database}{SUFFIX}")
        assert queue.exists()
        fd = os.open(queue, os.O_RDWR)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)  # another process's writer holds the queue
            check = SpamCheckRecord("q-1", site.id, None, None, {}, 0.1, Decision.HAM)
            post = asyncio.create_task(
                store.insert_checked_comment(replace(BASE, thread_id=thread.id), check)
            )
            hit = asyncio.create_task(store.count_hit("k", 0, 60))
            await asyncio.sleep(0.5)
            assert not post.done()
            assert not hit.done()
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)
        comment = await asyncio.wait_for(post, 5)
        assert (await asyncio.wait_for(hit, 5)).hits == 1
        assert (await store.get_comment(comment.id)).text == BASE.text
    finally:
        await store.close()
