"""What tombstones and fresh relative times cost: the thread tree on the server, the timer in Chromium.

    python -m bench.thread_shape [--rounds 60] [--write-results]

One thread of 200 approved comments (50 roots x 3 replies, the widget benchmark's thread, posted
through the comment service into a temporary SQLite file), measured three ways, each beside a
baseline taken in the same run:

1. **Building the tree** (``build_tree``, pure CPU, no I/O): the builder from before tombstones
   (commit 7c27fed, loaded from git) against today's, with no hidden parent and with 10 roots
   deleted under their replies (10 tombstones).
2. **Rebuilding after a change** (``ThreadReader._tree`` on the real SQLite file, cache cold): the
   read plus the build; with hidden parents this adds the one look-up of their rows.
3. **The widget's minute timer** (headless Chromium, ``page.clock``): main-thread work (script +
   style + layout, CDP ``Performance.getMetrics``) of one refresh of the 200 relative times when
   none changes (most minutes) and when every one changes, against the same measurement around an
   event nobody listens to (the cost of the measuring itself).

CPU times are ``time.process_time`` of this process; the browser numbers are the renderer's own.
The tree is rebuilt only after a change to the thread; every other read is served from the cache.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import types
from collections.abc import Awaitable, Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.results_file import write_block  # noqa: E402
from bench.widget_render import COMMENTS, URI, script_insert, seed  # noqa: E402
from tests.browser.conftest import CHROMIUM_ARGS  # noqa: E402
from tests.support.live_server import start_server  # noqa: E402

BASELINE_COMMIT = "7c27fed"  # the last commit before tombstones
DELETED_ROOTS = 10
BEGIN, END = "<!-- thread_shape:begin -->", "<!-- thread_shape:end -->"
TWO_FRAMES = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
WORK = ("ScriptDuration", "RecalcStyleDuration", "LayoutDuration")
SET_HIDDEN = "hidden => Object.defineProperty(document, 'hidden', {configurable: true, get: () => hidden})"


def baseline_threads_module() -> types.ModuleType:
    """``rejoinder.services.threads`` as it was before tombstones, for a side-by-side run."""
    source = subprocess.run(
        ["git", "show", f"{BASELINE_COMMIT}:src/rejoinder/services/threads.py"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    module = types.ModuleType("baseline_threads")
    module.__dict__["__name__"] = "baseline_threads"
    sys.modules["baseline_threads"] = module  # dataclasses look their module up while decorating
    exec(compile(source, "baseline_threads.py", "exec"), module.__dict__)  # noqa: S102
    return module


def interleaved(
    cases: dict[str, Callable[[], object]], rounds: int, batch: int = 5
) -> dict[str, list[float]]:
    """CPU ms per call of each case, measured in turns (a, b, c, a, b, c, ...) so that a change in
    the machine's load falls on every case alike."""
    samples: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(rounds):
        for name, fn in cases.items():
            start = time.process_time()
            for _ in range(batch):
                fn()
            samples[name].append((time.process_time() - start) * 1000 / batch)
    return samples


async def interleaved_async(
    cases: dict[str, Callable[[], Awaitable[object]]], rounds: int
) -> dict[str, list[float]]:
    samples: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(rounds):
        for name, fn in cases.items():
            start = time.process_time()
            await fn()
            samples[name].append((time.process_time() - start) * 1000)
    return samples


async def server_side(
    db_url: str, site_id: int, rounds: int
) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """CPU ms of building the tree (three cases) and of a cold rebuild with its reads (two)."""
    from rejoinder.domain import CommentStatus
    from rejoinder.services import threads
    from rejoinder.storage import open_store

    old = baseline_threads_module()
    store = await open_store(db_url)
    try:
        thread = await store.get_thread(site_id, URI)
        assert thread is not None
        avatars = threads.Avatars("bench")
        everyone = await store.list_thread_comments(thread.id)
        assert len(everyone) == COMMENTS, len(everyone)
        roots = [c.id for c in everyone if c.parent_id is None][::5][:DELETED_ROOTS]
        for comment_id in roots:
            await store.set_comment_status(comment_id, CommentStatus.DELETED)
        visible = await store.list_thread_comments(thread.id)
        hidden = await threads.hidden_ancestors(store, thread.id, visible)
        assert len(hidden) == DELETED_ROOTS
        builds = interleaved(
            {
                "before tombstones (baseline, 7c27fed)": lambda: old.build_tree(everyone, avatars),
                "now, no hidden parent": lambda: threads.build_tree(everyone, avatars, {}),
                f"now, {DELETED_ROOTS} deleted roots as tombstones": lambda: threads.build_tree(
                    visible, avatars, hidden
                ),
            },
            rounds,
        )

        def rebuild(module: types.ModuleType) -> Callable[[], Awaitable[object]]:
            return lambda: module.ThreadReader(store, avatars)._tree(thread.id, 0)

        rebuilds = await interleaved_async(
            {
                "before tombstones (baseline): replies of deleted roots as roots": rebuild(old),
                f"now: the same {DELETED_ROOTS} as tombstones (one more query)": rebuild(threads),
            },
            max(5, rounds // 2),
        )
        return builds, rebuilds
    finally:
        await store.close()


def browser_side(base: str, site_id: int, runs: int) -> dict[str, list[float]]:
    """Median main-thread work (ms) of one refresh of every relative time, and its baseline."""
    from playwright.sync_api import sync_playwright

    insert = script_insert(
        "/embed.js",
        {"data-rejoinder-site": str(site_id), "data-rejoinder-uri": URI, "data-rejoinder-limit": "50"},
    )
    cases: dict[str, list[float]] = {
        "measuring alone (baseline)": [],
        "no label changes": [],
        "all labels change": [],
    }
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            page.clock.install()
            page.route(f"{base}/host", lambda r: r.fulfill(body=HOST, content_type="text/html"))
            page.goto(f"{base}/host")
            page.evaluate(f"() => {{ {insert} }}")
            page.wait_for_function(f"document.querySelectorAll('li.rj-c').length >= {COMMENTS}", polling=50)
            cdp = context.new_cdp_session(page)
            cdp.send("Performance.enable")

            def work(event: str) -> float:
                before = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
                page.evaluate(f"() => document.dispatchEvent(new Event({event!r}))")
                page.evaluate(TWO_FRAMES)
                after = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
                return float(sum(after[k] - before[k] for k in WORK)) * 1000

            for _ in range(runs):
                page.evaluate(TWO_FRAMES)
                cases["measuring alone (baseline)"].append(work("rejoinder-bench-nothing"))
                cases["no label changes"].append(work("visibilitychange"))
                page.evaluate(SET_HIDDEN, True)
                page.evaluate("() => document.dispatchEvent(new Event('visibilitychange'))")
                page.clock.fast_forward("02:00:00")  # hidden: no timer runs, every label goes stale
                page.evaluate(SET_HIDDEN, False)
                cases["all labels change"].append(work("visibilitychange"))
            context.close()
        finally:
            browser.close()
    return cases


HOST = (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Bench</title></head>'
    '<body style="font:16px system-ui;max-width:50rem;margin:auto">'
    '<div id="rejoinder-thread"></div></body></html>'
)


def run(rounds: int) -> str:
    with tempfile.TemporaryDirectory(prefix="rejoinder-thread-shape-") as folder:
        db_url = f"sqlite:///{folder}/bench.db"
        server = start_server(db_url, log_dir=Path(folder))
        try:
            site_id = asyncio.run(seed(db_url, server.url))
            refreshes = browser_side(server.url, site_id, max(5, rounds // 10))
            builds, rebuilds = asyncio.run(server_side(db_url, site_id, rounds))
        finally:
            server.stop()
    return render(builds, rebuilds, refreshes, rounds)


def _cell(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} ({min(values):.2f})"


def render(
    builds: dict[str, list[float]],
    rebuilds: dict[str, list[float]],
    refreshes: dict[str, list[float]],
    rounds: int,
) -> str:
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    lines = [
        f"`python -m bench.thread_shape --rounds {rounds}`, {when}: {platform.machine()} "
        f"{platform.system()}, {os.cpu_count()} CPUs shared with other work (load average {load}), "
        f"CPython {platform.python_version()}, SQLite, Debian Chromium headless.",
        f"One thread of {COMMENTS} approved comments (50 roots x 3 replies). Server: CPU ms per call of "
        "this process, median (minimum), the cases measured in turns so that load falls on each alike.",
        "",
        f"| building the tree (`build_tree`, {rounds} rounds of 5) | CPU ms |",
        "|---|---:|",
        *[f"| {name} | {_cell(v)} |" for name, v in builds.items()],
        "",
        f"| cold rebuild after a change (`ThreadReader._tree`, {max(5, rounds // 2)} rounds) | CPU ms |",
        "|---|---:|",
        *[f"| {name} | {_cell(v)} |" for name, v in rebuilds.items()],
        "",
        f"Widget: main-thread work (script + style + layout, the renderer's own accounting) of one refresh "
        f"of the {COMMENTS} relative times, median (minimum) of {max(5, rounds // 10)} runs, ms.",
        "",
        "| refresh | work, ms |",
        "|---|---:|",
        *[f"| {name} | {_cell(v)} |" for name, v in refreshes.items()],
    ]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.thread_shape", description=__doc__)
    parser.add_argument("--rounds", type=int, default=60)
    parser.add_argument("--write-results", action="store_true", help="update bench/RESULTS.md")
    args = parser.parse_args(argv)
    block = run(args.rounds)
    print(block)
    if args.write_results:
        write_block(block, begin=BEGIN, end=END, heading="Thread shape and fresh times")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
