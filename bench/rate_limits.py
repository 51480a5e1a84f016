"""Rate limits counted in the store: what a hit costs, and what a comment post costs with them.

    python -m bench.rate_limits [--seconds 4] [--concurrency 8] [--no-postgres] [--write-results]

Both parts run in one process, on SQLite (a real file, WAL, ``synchronous=FULL``) and PostgreSQL
(a throwaway local cluster, ``fsync=on``), with ``--concurrency`` asyncio tasks sharing one store,
as the requests of one server process do.

- **counter**: ``Store.count_hit`` (one atomic upsert, group-committed), against two baselines
  measured in the same run: ``Store.count_key_usage`` (the same kind of upsert in its own
  transaction per call: what a counter costs without group commit) and the in-memory
  ``SlidingWindowLimiter`` (what the per-process limits cost, and could not share).
- **post**: ``CommentService.post`` end to end in-process (form token, validation, spam check with
  its site context, Markdown, the durable group-committed write), once with the shared limiter and
  once with the in-memory limiter it replaced, alternating (shared, memory, shared, memory) so
  both see the same machine load. Limits are set high enough never to refuse.

CPU is this process's CPU time per operation (aiosqlite's driver threads included, the
PostgreSQL server's not); on a shared machine it is the steadier number. Rates are upper bounds
under whatever else runs: the load average is printed beside them.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from bench.results_file import write_block
from rejoinder.domain import SiteSettings
from rejoinder.services.comments import PostRequest
from rejoinder.services.container import Services, build_services
from rejoinder.services.rate_limit import Limit, SlidingWindowLimiter, window_start
from rejoinder.settings import Settings
from rejoinder.storage import open_store

ROOT = Path(__file__).resolve().parents[1]
BEGIN, END = "<!-- rate_limits:begin -->", "<!-- rate_limits:end -->"
UNLIMITED = 10**9
TEXT = (
    "Thanks for the careful reporting on the council budget. The part about school funding answered "
    "most of my questions, though I would like to know how the bus routes will change next year."
)


@dataclass(frozen=True)
class Row:
    backend: str
    part: str
    variant: str
    per_second: float
    p50_ms: float
    p99_ms: float
    cpu_us: float


class InProcessLimits:
    """The limiter posts used before: an exact sliding window in this process's memory only."""

    def __init__(self) -> None:
        self._window = SlidingWindowLimiter(60.0)

    def refuse_blocked(self, *limits: tuple[Limit, str]) -> None:
        return None

    async def hit(self, *limits: tuple[Limit, str]) -> None:
        for limit, subject in limits:
            self._window.hit(f"{limit.scope}:{subject}", limit.limit, "comments")


async def measure(
    op: Callable[[int, int], Awaitable[object]], concurrency: int, seconds: float
) -> tuple[float, float, float, float]:
    """(ops/s, p50 ms, p99 ms, CPU µs per op) with ``concurrency`` tasks looping ``op(task, i)``."""
    latencies: list[float] = []
    deadline = time.perf_counter() + seconds

    async def worker(task: int) -> None:
        i = 0
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            await op(task, i)
            latencies.append(time.perf_counter() - started)
            i += 1

    started, cpu = time.perf_counter(), time.process_time()
    await asyncio.gather(*(worker(t) for t in range(concurrency)))
    elapsed, cpu_used = time.perf_counter() - started, time.process_time() - cpu
    n = max(len(latencies), 1)
    cuts = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
    return n / elapsed, cuts[49] * 1e3, cuts[98] * 1e3, cpu_used / n * 1e6


async def counter_rows(backend: str, url: str, concurrency: int, seconds: float) -> list[Row]:
    store = await open_store(url)
    await store.migrate()
    memory = SlidingWindowLimiter(60.0)
    window = window_start(time.time(), 60)

    async def shared(task: int, i: int) -> None:
        await store.count_hit(f"comment-ip:{task}", window, 60)

    async def usage(task: int, i: int) -> None:
        await store.count_key_usage(f"k{task:011d}", "2026-11")

    async def in_memory(task: int, i: int) -> None:
        memory.hit(f"ip:{task}", UNLIMITED, "comments")
        await asyncio.sleep(0)  # yield as an awaited store call would

    rows = []
    try:
        for variant, op in (
            ("Store.count_hit (group commit)", shared),
            ("baseline: upsert, one commit per call", usage),
            ("baseline: in-memory window (per process)", in_memory),
        ):
            rows.append(Row(backend, "counter", variant, *await measure(op, concurrency, seconds)))
    finally:
        await store.close()
    return rows


async def post_rows(backend: str, url: str, concurrency: int, seconds: float) -> list[Row]:
    settings = Settings(
        database_url=url,
        secret_key="bench-secret",  # noqa: S106 - signs this run's form tokens only
        rate_limit_per_minute=UNLIMITED,
        site_rate_limit_per_minute=UNLIMITED,
    )
    store = await open_store(url)
    await store.migrate()
    services = await build_services(settings, store)
    site = await store.create_site(
        "Bench", f"https://bench-{backend}.example", SiteSettings(min_seconds_on_page=0.0)
    )
    comments = services.comments
    shared_limiter = comments.limiter
    samples: dict[str, list[tuple[float, float, float, float]]] = {"shared": [], "memory": []}

    async def post(task: int, i: int) -> None:
        await comments.post(
            PostRequest(
                site_id=site.id,
                uri=f"/bench/{task % 4}",
                text=f"{TEXT} ({task}-{i}-{time.perf_counter_ns()})",
                form_token=comments.tokens.form_token(site.id, f"/bench/{task % 4}"),
                author=f"Reader {task}",
                email=f"reader{task}@example.org",
                ip=f"203.0.113.{task + 1}",
                user_agent="Mozilla/5.0 (X11; Linux x86_64) bench",
            )
        )

    try:
        await measure(post, concurrency, 1.0)  # warm-up: model loaded, caches filled
        for _ in range(2):
            for variant in ("shared", "memory"):
                comments.limiter = shared_limiter if variant == "shared" else InProcessLimits()  # type: ignore[assignment]
                samples[variant].append(await measure(post, concurrency, seconds / 2))
    finally:
        comments.limiter = shared_limiter
        await close(services)
    names = {"shared": "limits in the store (this change)", "memory": "baseline: in-memory limits (before)"}
    return [
        Row(backend, "post", names[v], *(statistics.fmean(s[k] for s in runs) for k in range(4)))
        for v, runs in samples.items()
    ]


async def close(services: Services) -> None:
    await services.close()


def render(rows: list[Row], args: argparse.Namespace, load_before: str, load_after: str) -> str:
    lines = [
        "Command: `.venv/bin/python -m bench.rate_limits "
        f"--seconds {args.seconds:g} --concurrency {args.concurrency}`  ",
        f"Machine: {os.cpu_count()} vCPU ({platform.machine()}) shared with the other engineers' work; "
        f"load average {load_before} before, {load_after} after; CPython {platform.python_version()}.  ",
        f"{args.concurrency} concurrent tasks on one store (one process). CPU: this process's CPU time per "
        "operation (driver threads included, the PostgreSQL server's not). Post rows: the mean of two "
        "alternating rounds each.",
        "",
        "| storage | what | variant | ops/s | p50 ms | p99 ms | CPU µs/op |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r.backend} | {r.part} | {r.variant} | {r.per_second:,.0f} | {r.p50_ms:.2f} | {r.p99_ms:.2f} "
            f"| {r.cpu_us:,.0f} |"
        )
    return "\n".join(lines)


def load() -> str:
    return ", ".join(f"{x:.1f}" for x in os.getloadavg())


async def run(args: argparse.Namespace) -> list[Row]:
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="rejoinder-bench-") as folder:
        rows += await counter_rows("SQLite", f"sqlite:///{folder}/counter.db", args.concurrency, args.seconds)
        rows += await post_rows("SQLite", f"sqlite:///{folder}/post.db", args.concurrency, args.seconds)
    if not args.no_postgres:
        sys.path.insert(0, str(ROOT))
        from tests.support.postgres import fresh_database, postgres_server

        with ExitStack() as stack:
            server = stack.enter_context(postgres_server())
            rows += await counter_rows("PostgreSQL", fresh_database(server), args.concurrency, args.seconds)
            rows += await post_rows("PostgreSQL", fresh_database(server), args.concurrency, args.seconds)
    return rows


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.rate_limits", description=__doc__)
    parser.add_argument("--seconds", type=float, default=4.0, help="per measurement")
    parser.add_argument("--concurrency", type=int, default=8, help="concurrent tasks")
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only")
    parser.add_argument("--write-results", action="store_true", help="update bench/RESULTS.md")
    args = parser.parse_args(argv)
    before = load()
    rows = asyncio.run(run(args))
    block = render(rows, args, before, load())
    print(block)
    if args.write_results:
        write_block(
            block,
            begin=BEGIN,
            end=END,
            heading="Rate limits across processes",
            path=ROOT / "bench" / "RESULTS.md",
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
