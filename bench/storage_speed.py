"""Storage speed: the operations the hot paths call, on SQLite and PostgreSQL, against a naive baseline.

    python -m bench.storage_speed [--seconds 2] [--no-postgres] [--write-results]

Each operation runs for ``--seconds`` with N concurrent asyncio tasks sharing one ``Store`` (one
pooled engine, as in one server process). The baseline does the same work the way Isso does it:
a new database connection for every call (``aiosqlite.connect`` / ``asyncpg.connect``), no pool,
hand-written SQL, and the same ``Comment`` objects built from the raw rows.

The targets come from the brief: 300+ reads/s of a 200-comment thread and 1,500 recorded
Akismet checks/s (each check is one ``record_check``). The thread endpoint caches a rendered
thread by ``thread_version``, so its steady state is the "cache hit" row. PostgreSQL runs as a
throwaway local cluster (``tests.support.postgres.postgres_server``) with ``fsync=on``.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import platform
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from contextlib import ExitStack
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

import aiosqlite
import asyncpg

from bench.results_file import write_block
from rejoinder.domain import Comment, CommentStatus, Decision, NewComment, Reason
from rejoinder.storage import Store, open_store, rows
from rejoinder.storage.base import SpamCheckRecord

ROOT = Path(__file__).resolve().parents[1]
BEGIN, END = "<!-- storage_speed:begin -->", "<!-- storage_speed:end -->"
THREAD_SIZE = 200

COMMENT = NewComment(
    thread_id=0,
    parent_id=None,
    author_name="Reader",
    author_email="reader@example.org",
    author_url="https://reader.example.org",
    text="A comment of ordinary length, two sentences or so. " * 3,
    html="<p>" + "A comment of ordinary length, two sentences or so. " * 3 + "</p>",
    status=CommentStatus.APPROVED,
    score=0.04,
    decision=Decision.HAM,
    reasons=(Reason("reads like a reply", -0.4), Reason("no links", -0.2)),
    ip="203.0.113.0",
    user_agent="Mozilla/5.0 (X11; Linux x86_64)",
)
PAYLOAD = {
    "comment_content": "Great article, thanks!",
    "comment_author": "Reader",
    "comment_author_email": "reader@example.org",
    "user_ip": "203.0.113.9",
    "user_agent": "Mozilla/5.0",
    "permalink": "https://news.example.com/a",
}


Op = Callable[[], Awaitable[object]]


@dataclass(frozen=True)
class Result:
    backend: str
    operation: str
    concurrency: int
    ours: float  # operations per second (wall clock)
    ours_cpu_us: float  # this process's CPU time per operation, all threads
    baseline: float | None
    baseline_cpu_us: float | None


async def rate(op: Callable[[], Awaitable[object]], concurrency: int, seconds: float) -> tuple[float, float]:
    """Operations per second with ``concurrency`` tasks looping ``op`` until the deadline, and the
    process's CPU microseconds per operation (driver threads included; a PostgreSQL server's not).
    On a shared, loaded machine the CPU cost is the steadier number: ops/s on a free core is
    about 1,000,000 / CPU µs."""
    done = 0
    deadline = time.perf_counter() + seconds

    async def worker() -> None:
        nonlocal done
        while time.perf_counter() < deadline:
            await op()
            done += 1

    started, cpu = time.perf_counter(), time.process_time()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return done / (time.perf_counter() - started), (time.process_time() - cpu) / max(done, 1) * 1e6


async def seed(store: Store) -> tuple[int, int, int, str]:
    site = await store.create_site("News", f"https://news-{uuid.uuid4().hex[:6]}.example.com")
    key = uuid.uuid4().hex[:12]
    await store.create_api_key(key, site.id)
    thread = await store.get_or_create_thread(site.id, "/big", "A busy page")
    for _ in range(THREAD_SIZE):
        await store.insert_comment(replace(COMMENT, thread_id=thread.id))
    spare = await store.get_or_create_thread(site.id, "/writes")
    return site.id, thread.id, spare.id, key


def check(site_id: int) -> SpamCheckRecord:
    return SpamCheckRecord(str(uuid.uuid4()), site_id, None, None, PAYLOAD, 0.12, Decision.HAM)


# -- the naive baseline: a connection per call ----------------------------------------------------


def _parsed(raw: tuple[object, ...]) -> tuple[object, ...]:
    """Decode what the driver leaves as text: the reasons JSON and, on SQLite, the two times."""
    values = list(raw)
    reasons = values[11]
    values[11] = json.loads(reasons) if isinstance(reasons, str) else reasons
    for i in (16, 17):
        if isinstance(values[i], str):
            values[i] = datetime.fromisoformat(values[i])
    return tuple(values)


class Naive:
    """Isso's pattern: open, run one statement, commit, close."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.sqlite_path = url.removeprefix("sqlite:///") if url.startswith("sqlite") else ""

    async def _sqlite(self, sql: str, params: tuple[object, ...], write: bool) -> list[object]:
        async with aiosqlite.connect(self.sqlite_path) as db:
            await db.execute("PRAGMA synchronous=FULL")
            await db.execute("PRAGMA busy_timeout=5000")
            cursor = await db.execute(sql, params)
            found = list(await cursor.fetchall())
            if write:
                await db.commit()
            return found

    async def _postgres(self, sql: str, params: tuple[object, ...]) -> list[object]:
        conn = await asyncpg.connect(self.url.replace("postgresql://", "postgres://", 1))
        try:
            return list(await conn.fetch(sql, *params))
        finally:
            await conn.close()

    async def read_thread(self, thread_id: int) -> list[Comment]:
        """The same answer as ours (``Comment`` objects, aware times, parsed reasons), fetched naively."""
        if self.sqlite_path:
            sql = "SELECT * FROM comments WHERE thread_id = ? AND status = 'approved' ORDER BY created_at"
            found = await self._sqlite(sql, (thread_id,), write=False)
            return [rows.comment(_parsed(tuple(r))) for r in found]  # type: ignore[arg-type]
        sql = "SELECT * FROM comments WHERE thread_id = $1 AND status = 'approved' ORDER BY created_at"
        found = await self._postgres(sql, (thread_id,))
        return [rows.comment(_parsed(tuple(r))) for r in found]  # type: ignore[arg-type]

    async def record_check(self, site_id: int) -> None:
        values = (str(uuid.uuid4()), site_id, '{"comment_content": "Great article"}', 0.12, "ham", False)
        if self.sqlite_path:
            sql = (
                "INSERT INTO spam_checks (guid, site_id, payload, score, decision, is_test, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, datetime('now'))"
            )
            await self._sqlite(sql, values, write=True)
        else:
            sql = (
                "INSERT INTO spam_checks (guid, site_id, payload, score, decision, is_test, created_at)"
                " VALUES ($1, $2, $3::json, $4, $5, $6, now())"
            )
            await self._postgres(sql, values)


# -- one backend ----------------------------------------------------------------------------------


async def bench_backend(backend: str, url: str, seconds: float) -> list[Result]:
    store = await open_store(url)
    await store.migrate()
    try:
        site_id, thread_id, spare_id, key = await seed(store)
        assert len(await store.list_thread_comments(thread_id)) == THREAD_SIZE
        naive = Naive(url)
        counter = itertools.count()

        def read() -> Awaitable[object]:
            return store.list_thread_comments(thread_id)

        def read_naive() -> Awaitable[object]:
            return naive.read_thread(thread_id)

        def record() -> Awaitable[object]:
            return store.record_check(check(site_id))

        def record_naive() -> Awaitable[object]:
            return naive.record_check(site_id)

        def insert() -> Awaitable[object]:
            return store.insert_comment(replace(COMMENT, thread_id=spare_id, text=str(next(counter))))

        async def cached_read() -> object:
            """What the thread endpoint does when its cache is warm: find the page, check the version."""
            thread = await store.get_thread(site_id, "/big")
            assert thread is not None
            return await store.thread_version(thread.id)

        plan: list[tuple[str, int, Op, Op | None]] = [
            ("read a 200-comment thread (uncached)", 1, read, read_naive),
            ("read a 200-comment thread (uncached)", 8, read, read_naive),
            ("get_thread + thread_version (cache hit)", 8, cached_read, None),
            ("get_api_key", 8, lambda: store.get_api_key(key), None),
            ("learning_state_version", 8, lambda: store.learning_state_version(site_id), None),
            ("record_check (one Akismet check)", 1, record, record_naive),
            ("record_check (one Akismet check)", 16, record, record_naive),
            ("insert_comment", 8, insert, None),
        ]
        results = []
        for name, concurrency, ours, baseline in plan:
            mine, mine_cpu = await rate(ours, concurrency, seconds)
            theirs, theirs_cpu = await rate(baseline, concurrency, seconds) if baseline else (None, None)
            results.append(Result(backend, name, concurrency, mine, mine_cpu, theirs, theirs_cpu))
            print(f"{backend} {name} c={concurrency}: {mine:.0f}/s, {mine_cpu:.0f} µs CPU", file=sys.stderr)
        return results
    finally:
        await store.close()


def machine() -> str:
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    python = platform.python_version()
    return f"{platform.machine()}, {os.cpu_count()} cores shared (load average {load}), Python {python}"


def render(results: list[Result], seconds: float) -> str:
    lines = [
        f"Command: `.venv/bin/python -m bench.storage_speed --seconds {seconds:g} --write-results`  ",
        f"Machine: {machine()}  ",
        f"Measured: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}. "
        "Baseline: a new connection per call (Isso's way).",
        "",
        "| backend | operation | tasks | Rejoinder ops/s | CPU µs/op | baseline ops/s | baseline CPU µs/op |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        base = f"{r.baseline:,.0f}" if r.baseline is not None else "-"
        base_cpu = f"{r.baseline_cpu_us:,.0f}" if r.baseline_cpu_us is not None else "-"
        lines.append(
            f"| {r.backend} | {r.operation} | {r.concurrency} | {r.ours:,.0f} | {r.ours_cpu_us:,.0f} "
            f"| {base} | {base_cpu} |"
        )
    return "\n".join(lines)


async def run(args: argparse.Namespace) -> list[Result]:
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="rejoinder-bench-") as folder:
        results += await bench_backend("sqlite", f"sqlite:///{folder}/bench.db", args.seconds)
    if not args.no_postgres:
        sys.path.insert(0, str(ROOT))
        from tests.support.postgres import fresh_database, postgres_server

        with ExitStack() as stack:
            server = stack.enter_context(postgres_server())
            results += await bench_backend("postgresql", fresh_database(server), args.seconds)
    return results


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.storage_speed", description=__doc__)
    parser.add_argument("--seconds", type=float, default=2.0, help="per operation and concurrency")
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only")
    parser.add_argument("--write-results", action="store_true", help="update bench/RESULTS.md")
    args = parser.parse_args(argv)
    block = render(asyncio.run(run(args)), args.seconds)
    print(block)
    if args.write_results:
        write_block(block, begin=BEGIN, end=END, heading="Storage speed", path=ROOT / "bench" / "RESULTS.md")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
