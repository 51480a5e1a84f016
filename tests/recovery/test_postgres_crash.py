"""A 201 means stored: PostgreSQL crashes (``pg_ctl stop -m immediate``, no checkpoint) in the
middle of a burst of posts, and after its recovery every comment that was answered 201 is there.

The post path is built for speed around exactly this promise: the rate-limit hits go over a
session with ``synchronous_commit = off`` (a lost counter costs nothing), the post's write over
another whose commit waits for the disk (``storage/posting.py``, ``storage/leases.SessionLease``).
A post written through the wrong one would be answered before its commit reached the disk, and
lost in a crash; this test catches that (checked by turning ``synchronous_commit`` off on the
posts' session: comments answered 201 were missing after the crash).
"""

from __future__ import annotations

import asyncio
import threading
from collections import Counter
from pathlib import Path

import asyncpg
import httpx
import pytest

from tests.support.live_server import LiveServer
from tests.support.news_server import NEWS, comment, news_server
from tests.support.pg_outage import postgres_away
from tests.support.postgres import postgres_server

pytestmark = [pytest.mark.postgres, pytest.mark.slow]
POSTS = 500
CRASH_AFTER = 120  # answered 201s before the crash: it lands while many posts are in flight
CONCURRENT = 40


async def burst(server: LiveServer, crash: threading.Event) -> list[tuple[str, int | None]]:
    """Posts from many readers at once; ``crash`` is set once CRASH_AFTER of them were acknowledged.
    Each answer is (what it was, the comment id if 201)."""
    acknowledged = 0
    gate = asyncio.Semaphore(CONCURRENT)  # each reader's form and post, then the next reader

    async def one(client: httpx.AsyncClient, n: int) -> tuple[str, int | None]:
        nonlocal acknowledged
        headers = {"Origin": NEWS, "X-Forwarded-For": f"10.7.{n // 200}.{n % 200 + 1}"}
        uri = f"/crash/{n % 7}"
        async with gate:
            try:
                config = await client.get(
                    f"{server.url}/api/config", params={"site": 1, "uri": uri}, headers=headers
                )
                if config.status_code != 200:
                    return f"config {config.status_code}", None
                body = comment(config.json()["form_token"], n, uri)
                answer = await client.post(f"{server.url}/api/comments", json=body, headers=headers)
            except httpx.TransportError as exc:  # no answer is no promise
                return type(exc).__name__, None
        if answer.status_code != 201:
            return f"post {answer.status_code}", None
        acknowledged += 1
        if acknowledged == CRASH_AFTER:
            crash.set()
        return "201", int(answer.json()["comment"]["id"])

    limits = httpx.Limits(max_connections=CONCURRENT * 2, max_keepalive_connections=0)
    async with httpx.AsyncClient(timeout=60, limits=limits) as client:
        return list(await asyncio.gather(*(one(client, n) for n in range(POSTS))))


def stored_ids(url: str) -> set[int]:
    async def read() -> set[int]:
        conn = await asyncpg.connect(url.replace("postgresql://", "postgres://", 1))
        try:
            return {row[0] for row in await conn.fetch("SELECT id FROM comments")}
        finally:
            await conn.close()

    return asyncio.run(read())


def test_every_comment_answered_201_survives_a_crash_of_postgresql(tmp_path: Path) -> None:
    env = {"REJOINDER_RATE_LIMIT_PER_MINUTE": "100000", "REJOINDER_SITE_RATE_LIMIT_PER_MINUTE": "100000"}
    with postgres_server() as url:
        with news_server(url, workers=2, log_dir=tmp_path, extra_env=env) as server:
            crash, crashed = threading.Event(), threading.Event()

            def crash_when_told() -> None:
                if crash.wait(timeout=120):
                    with postgres_away(url, crash=True):
                        crashed.set()

            crasher = threading.Thread(target=crash_when_told)
            crasher.start()
            try:
                answers = asyncio.run(burst(server, crash))
            finally:
                crash.set()  # if the burst ended early, the cluster still goes down and comes back
                crasher.join(timeout=180)
        assert crashed.is_set()
        acknowledged = {comment_id for what, comment_id in answers if what == "201"}
        assert len(acknowledged) >= CRASH_AFTER, Counter(what for what, _ in answers)
        lost = acknowledged - stored_ids(url)
        assert not lost, f"{len(lost)} comments answered 201 are gone after the crash: {sorted(lost)[:10]}"
        # and while it was down, readers were told to try again, never given a bare 500
        assert {what for what, _ in answers} <= {"201", "post 503", "config 503"}, Counter(
            w for w, _ in answers
        )
