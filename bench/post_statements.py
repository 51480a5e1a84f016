"""A post's store calls alone, in one process, on a real PostgreSQL or SQLite: CPU per post.

    python -m bench.post_statements [--posts 3000] [--tasks 4] [--backend postgresql|sqlite]

The HTTP benchmark (``bench.api_vs_isso``) measures everything at once and, on a shared machine,
swings by 2x between neighbouring runs. This one measures only what a post asks of the store, the
way ``CommentService.post`` asks it: ``--tasks`` concurrent posters (one worker's share of the HTTP
benchmark's 8 connections), each post reading its spam facts and counting its two rate-limit hits
side by side, then writing its check and comment. CPU is this process's (``time.process_time``:
the client side, asyncpg and SQLAlchemy included) and the PostgreSQL server's (the postmaster and
its backends, from /proc), per post; both are far steadier under load than rates. On SQLite (a
file in a temporary folder, WAL, ``synchronous=FULL`` as served) the client's CPU is all of it:
aiosqlite's driver thread is this process's too.

Phases: ``facts`` (the spam-facts read alone), ``hits`` (the two hits alone), ``write`` (the
checked insert alone) and ``post`` (all three as a post does them). To compare two trees, run
this module with each tree's ``src`` on ``PYTHONPATH``, interleaved.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.api_vs_isso import SENTENCES, group_cpu, postmaster_of  # noqa: E402

PHASES = ("facts", "hits", "write", "post")


async def measure(url: str, args: argparse.Namespace) -> dict[str, tuple[float, float]]:
    from rejoinder.domain import CommentStatus, Decision, NewComment
    from rejoinder.spam import fingerprint
    from rejoinder.storage import open_store
    from rejoinder.storage.base import FactsQuery, SpamCheckRecord

    store = await open_store(url)
    database = postmaster_of(url) if url.startswith("postgresql") else None
    try:
        await store.migrate()
        site = await store.create_site("Bench", "https://bench.example")
        thread = await store.get_or_create_thread(site.id, "/bench/post", "A post benchmark")
        base = NewComment(
            thread_id=thread.id,
            parent_id=None,
            author_name="",
            author_email="",
            author_url="",
            text="",
            html="",
            status=CommentStatus.APPROVED,
            score=0.05,
            decision=Decision.HAM,
            ip="203.0.113.0",
            user_agent="Mozilla/5.0 (bench)",
        )
        counter = iter(range(10**9))

        def post_parts(i: int) -> tuple[FactsQuery, NewComment, SpamCheckRecord]:
            text = f"{SENTENCES[i % len(SENTENCES)]} {SENTENCES[(i * 3 + 1) % len(SENTENCES)]} ({i})"
            name, email = f"Poster {i}", f"poster{i}@example.org"
            query = FactsQuery(
                site.id, fingerprint(text), datetime.now(UTC) - timedelta(days=7), "", True, name, email, ""
            )
            new = replace(base, author_name=name, author_email=email, text=text, html=f"<p>{text}</p>")
            check = SpamCheckRecord(
                str(uuid.uuid4()), site.id, None, None, {"comment_content": text}, 0.05, Decision.HAM
            )
            return query, new, check

        async def hits(i: int) -> None:
            window = int(time.time()) // 60 * 60
            await asyncio.gather(
                store.count_hit(f"comment-ip:{i % 50}", window, 60),
                store.count_hit("comment-site:1", window, 60),
            )

        async def one(phase: str) -> None:
            i = next(counter)
            query, new, check = post_parts(i)
            if phase == "facts":
                await store.spam_facts(query)
            elif phase == "hits":
                await hits(i)
            elif phase == "write":
                await store.insert_checked_comment(new, check, text_hash=query.text_hash)
            else:
                await asyncio.gather(store.spam_facts(query), hits(i))
                await store.insert_checked_comment(new, check, text_hash=query.text_hash)

        async def run(phase: str, posts: int) -> tuple[float, float]:
            share = posts // args.tasks

            async def poster(work: Callable[[str], Awaitable[None]]) -> None:
                for _ in range(share):
                    await work(phase)

            await asyncio.gather(*(poster(one) for _ in range(args.tasks)))  # warm: statements prepared
            client, server = time.process_time(), group_cpu(database) if database else 0.0
            await asyncio.gather(*(poster(one) for _ in range(args.tasks)))
            n = share * args.tasks
            spent = (group_cpu(database) - server) if database else 0.0
            return 1000 * (time.process_time() - client) / n, 1000 * spent / n

        return {phase: await run(phase, args.posts) for phase in args.phases}
    finally:
        await store.close()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.post_statements", description=__doc__)
    parser.add_argument("--posts", type=int, default=3000, help="posts per phase (after as many to warm up)")
    parser.add_argument("--tasks", type=int, default=4, help="concurrent posters")
    parser.add_argument("--phases", nargs="+", choices=PHASES, default=list(PHASES), help="in this order")
    parser.add_argument("--backend", choices=("postgresql", "sqlite"), default="postgresql")
    args = parser.parse_args(argv)
    from tests.support.postgres import fresh_database, postgres_server

    load = os.getloadavg()[0]
    if args.backend == "sqlite":
        with tempfile.TemporaryDirectory(prefix="rejoinder-post-statements-") as folder:
            found = asyncio.run(measure(f"sqlite:///{folder}/bench.db", args))
    else:
        with postgres_server() as server:
            found = asyncio.run(measure(fresh_database(server), args))
    print(
        f"load {load:.1f} -> {os.getloadavg()[0]:.1f}; {args.backend}; CPU ms per post, client / PostgreSQL"
    )
    for phase, (client, database) in found.items():
        print(f"{phase:6} {client:6.3f} / {database:6.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
