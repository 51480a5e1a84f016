"""Several processes share one database: nothing is lost, and an acknowledged write survives SIGKILL.

These start real Python processes (``tests.storage.writer``) against the same SQLite file or
PostgreSQL database, as ``rejoinder serve --workers N`` does.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from pathlib import Path

from rejoinder.domain import Comment, CommentStatus
from rejoinder.storage import Store, open_store
from tests.storage.helpers import add_comment, site_and_thread

ROOT = Path(__file__).resolve().parents[2]


def start_writer(url: str, thread_id: int, count: int, tag: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-m", "tests.storage.writer", url, str(thread_id), str(count), tag],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


async def test_two_processes_writing_at_once_lose_nothing(store: Store, store_url: str) -> None:
    _, thread = await site_and_thread(store)
    per_writer = 60
    writers = [start_writer(store_url, thread.id, per_writer, tag) for tag in ("writer-one", "writer-two")]
    outputs = [await asyncio.to_thread(w.communicate, timeout=120) for w in writers]
    for writer, (_, err) in zip(writers, outputs, strict=True):
        assert writer.returncode == 0, err
    acked = {int(line.split()[1]) for out, _ in outputs for line in out.splitlines()}
    assert len(acked) == 2 * per_writer
    stored = await store.list_thread_comments(thread.id, statuses=list(CommentStatus))
    assert {c.id for c in stored} == acked
    assert await store.thread_version(thread.id) == 2 * per_writer
    assert await store.count_key_usage("writer-one", "2026-11", add=0) == per_writer
    assert await store.count_key_usage("writer-two", "2026-11", add=0) == per_writer


async def test_two_store_instances_in_one_process(store: Store, store_url: str) -> None:
    _, thread = await site_and_thread(store)
    second = await open_store(store_url)
    try:
        made = await asyncio.gather(
            *(
                add_comment(s, thread, text=f"{n} {i}")
                for n, s in enumerate((store, second))
                for i in range(20)
            ),
            *(s.count_key_usage("shared", "2026-11") for s in (store, second) for _ in range(20)),
        )
        ids = {c.id for c in made if isinstance(c, Comment)}
        assert len(ids) == 40
        assert {c.id for c in await second.list_thread_comments(thread.id)} == ids
        assert await store.thread_version(thread.id) == 40
        assert await second.count_key_usage("shared", "2026-11", add=0) == 40
    finally:
        await second.close()


async def test_acknowledged_comments_survive_sigkill(store: Store, store_url: str) -> None:
    """A writer killed mid-stream: every comment it acknowledged (printed after the insert
    returned) is in the database. This guards the "commit before returning" half of durability;
    the other half, ``synchronous=FULL`` against power loss, is checked in ``test_engine``."""
    _, thread = await site_and_thread(store)
    writer = start_writer(store_url, thread.id, 10_000, "doomed")
    assert writer.stdout is not None
    acked: list[int] = []
    while len(acked) < 40:
        line = await asyncio.to_thread(writer.stdout.readline)
        assert line, writer.stderr.read() if writer.stderr else "writer ended early"
        acked.append(int(line.split()[1]))
    os.kill(writer.pid, signal.SIGKILL)
    await asyncio.to_thread(writer.wait, 30)
    assert writer.returncode == -signal.SIGKILL
    reopened = await open_store(store_url)
    try:
        stored = {c.id for c in await reopened.list_thread_comments(thread.id, statuses=list(CommentStatus))}
    finally:
        await reopened.close()
    assert set(acked) <= stored
