"""How long moving a site's history in takes: ``rejoinder import`` and the learned layer it leaves.

    python -m bench.import_speed [--comments 12000] [--learn 2000] [--no-postgres] [--write-results]

A WordPress export (WXR) is generated from the public training corpora: ``--comments`` comments on
posts of 40, a quarter of them replies, ham approved and spam in the spam folder. For each backend
the real command runs three times on a fresh database: the import, the same import again (which
must add nothing), and nothing else. Then a fresh process rebuilds the site's learned layer from the
``--learn`` marks the import left, as every server process does on its first check: that is the
price of ``--learn`` paid at each start.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from xml.sax.saxutils import escape

from bench.results_file import write_block

ROOT = Path(__file__).resolve().parents[1]
CORPORA = (
    "youtube_spam_collection",
    "sms_spam_collection",
    "instagram_scam_comments",
    "wordpress_queue_spam",
)
BEGIN, END = "<!-- import_speed:begin -->", "<!-- import_speed:end -->"
PER_POST = 40


@dataclass(frozen=True)
class Run:
    backend: str
    step: str
    seconds: float
    cpu_seconds: float
    max_rss_mb: float
    comments: int


def corpus_rows() -> list[dict[str, str]]:
    rows = []
    for name in CORPORA:
        with (ROOT / "training" / "data" / f"{name}.jsonl").open(encoding="utf-8") as f:
            rows += [json.loads(line) for line in f if line.strip()]
    return rows


def write_wxr(path: Path, comments: int) -> None:
    """An export in WordPress's own shape, with ``comments`` comments drawn round-robin from the corpora."""
    rows = corpus_rows()
    start = datetime(2020, 1, 1, tzinfo=UTC)
    with path.open("w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/">'
        )
        out.write("<channel><title>Bench</title>\n")
        for post in range(0, comments, PER_POST):
            out.write(
                f"<item><title>Post {post // PER_POST}</title><link>https://bench.example/p/{post}/</link>"
            )
            out.write("<wp:comment_status>open</wp:comment_status>\n")
            for n in range(post, min(post + PER_POST, comments)):
                row = rows[n % len(rows)]
                when = (start + timedelta(minutes=n)).strftime("%Y-%m-%d %H:%M:%S")
                parent = n - 1 if n % 4 == 3 else 0
                status = "spam" if row.get("label") == "spam" else "1"
                out.write(
                    f"<wp:comment><wp:comment_id>{n + 1}</wp:comment_id>"
                    f"<wp:comment_author>{escape(str(row.get('author') or 'Reader'))}</wp:comment_author>"
                    f"<wp:comment_author_email>reader{n}@example.org</wp:comment_author_email>"
                    f"<wp:comment_author_IP>198.51.100.{n % 250}</wp:comment_author_IP>"
                    f"<wp:comment_date_gmt>{when}</wp:comment_date_gmt>"
                    f"<wp:comment_content>{escape(str(row.get('content') or ''))}</wp:comment_content>"
                    f"<wp:comment_approved>{status}</wp:comment_approved><wp:comment_type>comment</wp:comment_type>"
                    f"<wp:comment_parent>{parent + 1 if parent else 0}</wp:comment_parent></wp:comment>\n"
                )
            out.write("</item>\n")
        out.write("</channel></rss>\n")


def timed_cli(backend: str, step: str, comments: int, *args: str, db: str) -> Run:
    """One ``rejoinder`` subprocess: wall time, its CPU time and its peak memory."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    env = {**os.environ, "REJOINDER_DATABASE_URL": db}
    subprocess.run([sys.executable, "-m", "rejoinder", *args], check=True, env=env, capture_output=True)
    seconds = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Run(backend, step, seconds, cpu, after.ru_maxrss / 1024, comments)


async def replay_seconds(db: str) -> tuple[float, int]:
    """A fresh process's first sync of the site's learned layer, and how many marks it read."""
    from rejoinder.services.spam_check import SpamService
    from rejoinder.settings import Settings
    from rejoinder.spam import Engine
    from rejoinder.storage import open_store

    store = await open_store(db)
    try:
        spam = SpamService(store, Engine.load(), Settings.from_env(database_url=db))
        began = time.perf_counter()
        model = await spam.site_model(1)
        return time.perf_counter() - began, int(model.n_learned)
    finally:
        await store.close()


def bench_backend(
    backend: str, db: str, export: Path, comments: int, learn: int
) -> tuple[list[Run], float, int]:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "rejoinder",
            "sites",
            "create",
            "--name",
            "Bench",
            "--url",
            "https://bench.example",
        ],
        check=True,
        capture_output=True,
        env={**os.environ, "REJOINDER_DATABASE_URL": db},
    )
    args = ("import", "wordpress", str(export), "--site", "1", "--learn", str(learn))
    runs = [
        timed_cli(backend, "import", comments, *args, db=db),
        timed_cli(backend, "import again (adds nothing)", comments, *args, db=db),
    ]
    replay, marks = asyncio.run(replay_seconds(db))
    return runs, replay, marks


def render(runs: list[Run], replays: dict[str, tuple[float, int]], comments: int, learn: int) -> str:
    load = os.getloadavg()[0]
    lines = [
        f"Command: `.venv/bin/python -m bench.import_speed --comments {comments} --learn {learn}`  ",
        f"Machine: {os.cpu_count()} vCPU ({platform.machine()}), load average {load:.1f} at the end; "
        f"CPython {platform.python_version()}. Each step is one `rejoinder` process, start-up and "
        "model load included.",
        "",
        "| backend | step | comments | wall s | comments/s | CPU s | peak RSS MB |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for r in runs:
        rate = r.comments / r.seconds
        lines.append(
            f"| {r.backend} | {r.step} | {r.comments:,} | {r.seconds:.1f} | {rate:,.0f} "
            f"| {r.cpu_seconds:.1f} | {r.max_rss_mb:.0f} |"
        )
    lines += [
        "",
        "A new server process's first check rebuilds the learned layer from the marks `--learn` left:",
        "",
    ]
    for backend, (seconds, marks) in replays.items():
        lines.append(f"- {backend}: {marks:,} marks replayed in {seconds * 1000:,.0f} ms")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--comments", type=int, default=12_000)
    parser.add_argument("--learn", type=int, default=2_000)
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only")
    parser.add_argument("--write-results", action="store_true", help="update bench/RESULTS.md")
    args = parser.parse_args(argv)
    runs: list[Run] = []
    replays: dict[str, tuple[float, int]] = {}
    with tempfile.TemporaryDirectory() as folder, ExitStack() as stack:
        export = Path(folder) / "export.xml"
        write_wxr(export, args.comments)
        targets = {"SQLite": f"sqlite:///{folder}/bench.db"}
        if not args.no_postgres:
            from tests.support.postgres import fresh_database, postgres_server

            targets["PostgreSQL"] = fresh_database(stack.enter_context(postgres_server()))
        for backend, db in targets.items():
            done, replay, marks = bench_backend(backend, db, export, args.comments, args.learn)
            runs += done
            replays[backend] = (replay, marks)
    block = render(runs, replays, args.comments, args.learn)
    print(block)
    if args.write_results:
        write_block(block, begin=BEGIN, end=END, heading="Import speed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
