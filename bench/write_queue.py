"""SQLite writers of two processes: with the ``flock`` write queue and without (SQLite's busy handler).

    python -m bench.write_queue [--seconds 6] [--tasks 4] [--rounds 2] [--write-results]

Two worker processes share one SQLite file; each runs ``--tasks`` asyncio tasks that post a comment
(``insert_checked_comment``: the recorded check and the comment, group-committed, fsync'd) and,
every other post, count a rate-limit hit, as the comments API does. "without" replaces the queue
with nothing in the worker (``sql_base.queued_writer``), which leaves SQLite's busy handler to hand
the write lock over. Rounds alternate without/with so a change in the machine's load hits both.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench.results_file import write_block

BEGIN, END = "<!-- write_queue:begin -->", "<!-- write_queue:end -->"


async def _setup(url: str) -> None:
    from rejoinder.storage import open_store

    store = await open_store(url)
    await store.migrate()
    site = await store.create_site("Bench", "https://bench.example")
    await store.get_or_create_thread(site.id, "/p", "A page")
    await store.close()


async def _work(url: str, seconds: float, tasks: int, tag: str) -> dict[str, float]:
    from rejoinder.domain import CommentStatus, Decision, NewComment
    from rejoinder.storage import open_store
    from rejoinder.storage.base import SpamCheckRecord

    store = await open_store(url)
    site = (await store.list_sites())[0]
    thread = await store.get_thread(site.id, "/p")
    assert thread is not None
    latencies: list[float] = []
    end = time.monotonic() + seconds

    async def poster(k: int) -> None:
        i = 0
        while time.monotonic() < end:
            i += 1
            started = time.perf_counter()
            new = NewComment(
                thread_id=thread.id, parent_id=None, author_name="A", author_email="", author_url="",
                text="t", html="<p>t</p>", status=CommentStatus.APPROVED, score=0.1, decision=Decision.HAM,
                ip="",
            )  # fmt: skip
            check = SpamCheckRecord(f"{tag}-{k}-{i}", site.id, None, None, {}, 0.1, Decision.HAM)
            await store.insert_checked_comment(new, check)
            if i % 2:
                await store.count_hit(f"{tag}-{k}", int(time.time()) // 60 * 60, 60)
            latencies.append(time.perf_counter() - started)

    cpu = time.process_time()
    await asyncio.gather(*(poster(k) for k in range(tasks)))
    cpu = time.process_time() - cpu
    await store.close()
    latencies.sort()
    n = len(latencies)
    return {"n": n, "p50": 1000 * latencies[n // 2], "p99": 1000 * latencies[int(n * 0.99)], "cpu": cpu}


def worker(url: str, seconds: float, tasks: int, tag: str, queue: bool) -> None:
    if not queue:
        import rejoinder.storage.sql_base as sql_base

        @contextmanager
        def no_queue(_connection: Any) -> Any:
            yield

        sql_base.queued_writer = no_queue  # type: ignore[assignment]
    print(json.dumps(asyncio.run(_work(url, seconds, tasks, tag))))


def one_round(seconds: float, tasks: int, queue: bool) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="rejoinder-write-queue-") as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        asyncio.run(_setup(url))
        command = [sys.executable, "-m", "bench.write_queue", "--worker", url, str(seconds), str(tasks)]
        processes = [
            subprocess.Popen([*command, str(j), "1" if queue else "0"], stdout=subprocess.PIPE, text=True)
            for j in range(2)
        ]
        outs = [json.loads(p.communicate()[0].strip().splitlines()[-1]) for p in processes]
    n = sum(o["n"] for o in outs)
    return {
        "rate": n / seconds,
        "p50": max(o["p50"] for o in outs),
        "p99": max(o["p99"] for o in outs),
        "cpu_ms": 1000 * sum(o["cpu"] for o in outs) / n,
    }


def main(argv: list[str]) -> int:
    if argv and argv[0] == "--worker":
        url, seconds, tasks, tag, queue = argv[1:6]
        worker(url, float(seconds), int(tasks), tag, queue == "1")
        return 0
    parser = argparse.ArgumentParser(prog="python -m bench.write_queue", description=__doc__)
    parser.add_argument("--seconds", type=float, default=6.0)
    parser.add_argument("--tasks", type=int, default=4, help="concurrent posters in each of the 2 processes")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--write-results", action="store_true")
    args = parser.parse_args(argv)
    load_before = os.getloadavg()
    rows = []
    for r in range(args.rounds):
        for queue in (False, True):
            m = one_round(args.seconds, args.tasks, queue)
            rows.append(
                f"| {r + 1} | {'flock queue' if queue else 'busy handler (before)'} | {m['rate']:,.0f} "
                f"| {m['p50']:.1f} | {m['p99']:.1f} | {m['cpu_ms']:.2f} |"
            )
            print(rows[-1], flush=True)
    block = "\n".join(
        [
            "Command: `.venv/bin/python -m bench.write_queue "
            f"--seconds {args.seconds:g} --tasks {args.tasks} --rounds {args.rounds}`  ",
            f"Machine: {os.cpu_count()} vCPU ({platform.machine()}), shared; load average "
            f"{load_before[0]:.1f} before, {os.getloadavg()[0]:.1f} after; "
            f"CPython {platform.python_version()}.  ",
            f"2 processes × {args.tasks} tasks on one SQLite file (WAL, synchronous=FULL): a checked comment "
            "insert each, plus a rate-limit hit every other one. Latency per post (p50/p99: the worse of the "
            "two processes); CPU: both processes, driver threads included, per post.",
            "",
            "| round | write lock handed over by | posts/s | p50 ms | p99 ms | CPU ms/post |",
            "|---|---|---:|---:|---:|---:|",
            *rows,
        ]
    )
    print(block)
    if args.write_results:
        write_block(block, begin=BEGIN, end=END, heading="SQLite write queue")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
