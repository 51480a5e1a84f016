"""Comments API speed: Rejoinder against Isso 0.14, side by side in one run, same machine, same data.

    python -m bench.api_vs_isso [--seconds 10] [--connections 16] [--post-connections 16 32 64]
                                [--no-postgres] [--write-results]

Two workloads, each driven by ``wrk`` (2 threads, N keep-alive connections) for ``--seconds``:

- **read**: ``GET`` a thread of 200 comments (150 roots, 50 replies; the same texts in both systems),
  Rejoinder ``/api/threads?...&limit=200``, Isso ``/?uri=...`` (Isso returns the whole thread).
- **post**: ``POST`` a new comment to one thread. Rejoinder's post includes everything a real post does:
  a signed single-use form token (pre-issued, one per request), validation, rate limiting (limits
  raised so the benchmark is not refused), the local spam check with the site context, Markdown
  rendering, a durable insert and the recorded check. Isso's post has its guard off (its rate limit
  would refuse the load) and no spam check (Isso has none).

Posts are measured at each of ``--post-connections`` (16, 32 and 64 by default) and each system is
credited with its best rate, its **capacity**: a closed loop of 16 connections keeps Isso saturated
(its p50 is ~55 ms) but measures Rejoinder's latency, not its throughput (p50 ~11 ms with a fifth of
the two cores idle). Every system gets the same counts; the table gives the count each rate was
reached at, and the sweep table every count's rate, so the 16-connection figures stay comparable with
earlier runs.

Both servers run two worker processes under uvicorn: Rejoinder with ``rejoinder serve --workers 2``;
Isso's WSGI app (``isso.make_app``) with ``uvicorn --interface wsgi --workers 2``, because Isso's own
``isso run`` is a single werkzeug process and werkzeug's ``processes=2`` forks per request. Isso has no
PostgreSQL backend, so its SQLite numbers are the baseline for both Rejoinder rows.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import re
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench.process_group import stop_group
from bench.results_file import write_block

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
READ_URI = "/bench/read"
POST_URI = "/bench/post"
SECRET = "bench-secret-key"  # noqa: S105 - signs the pre-issued form tokens of this run only
BEGIN, END = "<!-- api_vs_isso:begin -->", "<!-- api_vs_isso:end -->"

SENTENCES = (
    "The council's budget leaves the library hours where they were, which is a relief.",
    "I have taken the number 12 bus for twenty years and the new timetable worries me.",
    "Good reporting, but the piece never says who pays for the new bridge.",
    "My daughter's school lost two teachers last year; this article explains why.",
    "Could you publish the full figures? The chart only shows the last five years.",
    "We moved here in 2019 and the rents have doubled since, exactly as described.",
    "I disagree with the mayor, yet I respect that she answered every question.",
    "The **market square** plan looks fine on paper; the traffic will be another matter.",
    "Thank you for covering the flood defences, nobody else did.",
    "See the minutes of the March meeting: https://council.example.org/minutes/march",
)


@dataclass(frozen=True)
class Seed:
    author: str
    email: str
    website: str
    text: str
    parent: int | None  # index into the seed list


def thread_seeds(n: int = 200, replies: int = 50) -> list[Seed]:
    """The same deterministic thread for both systems: ``n - replies`` roots, then the replies."""
    seeds = []
    for i in range(n):
        text = " ".join(SENTENCES[(i * 7 + k) % len(SENTENCES)] for k in range(1 + i % 3))
        parent = (i * 13) % (n - replies) if i >= n - replies else None
        website = f"https://reader{i}.example.net" if i % 4 == 0 else ""
        seeds.append(Seed(f"Reader {i}", f"reader{i}@example.org", website, text, parent))
    return seeds


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited early:\n{log.read_text(errors='replace')}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"server did not listen:\n{log.read_text(errors='replace')}")


@contextmanager
def process_group(command: list[str], port: int, log: Path, env: dict[str, str], cwd: Path) -> Iterator[int]:
    """Start a server in its own session; yields the session id (its processes' CPU is metered)."""
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=cwd, start_new_session=True
        )
    try:
        wait_for(port, process, log)
        yield process.pid
    finally:
        stop_group(process)


# -- CPU of the servers ---------------------------------------------------------------------------
TICK = os.sysconf("SC_CLK_TCK")


def _stat(pid: str) -> list[str] | None:
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return raw[raw.rindex(")") + 2 :].split()  # fields from "state" on (the name may hold spaces)


def group_cpu(group: tuple[str, int]) -> float:
    """CPU seconds (user + system) of the live processes of a group: ``("session", sid)`` is a
    server and its workers; ``("parent", pid)`` is the PostgreSQL postmaster and its backends
    (each backend starts its own session, so they are found by their parent)."""
    kind, ident = group
    total = 0.0
    for pid in filter(str.isdigit, os.listdir("/proc")):
        fields = _stat(pid)
        if fields is None:
            continue
        if (kind == "session" and int(fields[3]) == ident) or (
            kind == "parent" and ident in (int(pid), int(fields[1]))  # field 4 of stat: the parent
        ):
            total += (int(fields[11]) + int(fields[12])) / TICK  # utime, stime
    return total


def postmaster_of(url: str) -> tuple[str, int] | None:
    """The PostgreSQL server listening on ``url``'s port, as a group for ``group_cpu``."""
    port = (url.split("port=", 1)[1] if "port=" in url else url.rsplit(":", 1)[1].split("/", 1)[0]).encode()
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if argv[0].endswith(b"postgres") and b"-p" in argv and port in argv:
            return ("parent", int(pid))
    return None


def unix_socket_url(url: str) -> str:
    """``url`` (``postgresql://user@127.0.0.1:PORT/db``) over the server's Unix socket instead of
    TCP: the socket's folder is the ``-k`` of the postmaster on that port."""
    found = postmaster_of(url)
    if found is None:
        raise RuntimeError(f"no PostgreSQL server for {url}")
    argv = Path(f"/proc/{found[1]}/cmdline").read_bytes().decode().split("\0")
    folder = argv[argv.index("-k") + 1]
    user, rest = url.split("://", 1)[1].split("@", 1)
    port, name = rest.split(":", 1)[1].split("/", 1)
    return f"postgresql://{user}@/{name}?host={folder}&port={port}"


# -- the two systems ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Target:
    name: str
    base: str
    read_path: str
    post_path: str
    post_bodies: list[str]
    post_headers: dict[str, str]
    sessions: tuple[tuple[str, int], ...]  # the server's processes, and the database server's if any


async def seed_rejoinder(db_url: str, seeds: list[Seed]) -> int:
    from rejoinder.domain import CommentStatus, Decision, NewComment
    from rejoinder.services.rendering import render_markdown
    from rejoinder.spam import fingerprint
    from rejoinder.storage import open_store

    store = await open_store(db_url)
    try:
        await store.migrate()
        site = await store.create_site("Bench", "https://bench.example")
        thread = await store.get_or_create_thread(site.id, READ_URI, "A read benchmark")
        await store.get_or_create_thread(site.id, POST_URI, "A post benchmark")
        ids: list[int] = []
        for s in seeds:
            new = NewComment(
                thread_id=thread.id,
                parent_id=ids[s.parent] if s.parent is not None else None,
                author_name=s.author,
                author_email=s.email,
                author_url=s.website,
                text=s.text,
                html=render_markdown(s.text),
                status=CommentStatus.APPROVED,
                score=0.01,
                decision=Decision.HAM,
                ip="203.0.113.0",
            )
            ids.append((await store.insert_comment(new, text_hash=fingerprint(s.text))).id)
        return site.id
    finally:
        await store.close()


def rejoinder_bodies(site_id: int, count: int) -> list[str]:
    from rejoinder.services.tokens import Tokens

    tokens = Tokens(SECRET)
    return [
        json.dumps(
            {
                "site": site_id,
                "uri": POST_URI,
                "title": "A post benchmark",
                "author": f"Poster {i}",
                "email": f"poster{i}@example.org",
                "website": "",
                "text": f"{SENTENCES[i % len(SENTENCES)]} {SENTENCES[(i * 3 + 1) % len(SENTENCES)]} ({i})",
                "form_token": tokens.form_token(site_id, POST_URI),
                "website_url": "",
            }
        )
        for i in range(count)
    ]


@contextmanager
def rejoinder_server(db_url: str, seeds: list[Seed], folder: Path, posts: int) -> Iterator[Target]:
    site_id = asyncio.run(seed_rejoinder(db_url, seeds))
    bodies = rejoinder_bodies(site_id, posts)
    port = free_port()
    env = {
        **os.environ,
        "REJOINDER_SECRET_KEY": SECRET,
        "REJOINDER_RATE_LIMIT_PER_MINUTE": "100000000",
        "REJOINDER_SITE_RATE_LIMIT_PER_MINUTE": "100000000",
    }
    command = [PYTHON, "-m", "rejoinder", "serve", "--db", db_url, "--port", str(port), "--workers", "2"]
    database = postmaster_of(db_url) if db_url.startswith("postgresql") else None
    with process_group(command, port, folder / f"rejoinder-{port}.log", env, folder) as session:
        yield Target(
            name="Rejoinder",
            base=f"http://127.0.0.1:{port}",
            read_path=f"/api/threads?site={site_id}&uri={READ_URI}&limit=200",
            post_path="/api/comments",
            post_bodies=bodies,
            post_headers={"Content-Type": "application/json", "User-Agent": "Mozilla/5.0 (bench)"},
            sessions=(("session", session),) if database is None else (("session", session), database),
        )


ISSO_APP = """
from isso import config, make_app
application = make_app(config.load(config.default_file(), {conf!r}))
"""


def seed_isso(conf_path: Path, seeds: list[Seed]) -> None:
    from isso import config
    from isso.db import SQLite3

    conf = config.load(config.default_file(), str(conf_path))
    db = SQLite3(conf.get("general", "dbpath"), conf)
    db.threads.new(READ_URI, "A read benchmark")
    db.threads.new(POST_URI, "A post benchmark")
    ids: list[int] = []
    for s in seeds:
        row = db.comments.add(
            READ_URI,
            {
                "parent": ids[s.parent] if s.parent is not None else None,
                "text": s.text,
                "author": s.author,
                "email": s.email,
                "website": s.website or None,
                "mode": 1,
                "remote_addr": "203.0.113.0",
                "notification": 0,
            },
        )
        ids.append(row["id"])


@contextmanager
def isso_server(seeds: list[Seed], folder: Path, posts: int) -> Iterator[Target]:
    port = free_port()
    conf_path = folder / "isso.cfg"
    conf_path.write_text(
        f"[general]\ndbpath = {folder / 'isso.db'}\nhost = http://127.0.0.1:{port}/\n"
        "[moderation]\nenabled = false\n[guard]\nenabled = false\n"
        f"[server]\nlisten = http://127.0.0.1:{port}/\n"
    )
    seed_isso(conf_path, seeds)
    (folder / "isso_app.py").write_text(ISSO_APP.format(conf=str(conf_path)))
    bodies = [
        json.dumps(
            {
                "text": f"{SENTENCES[i % len(SENTENCES)]} {SENTENCES[(i * 3 + 1) % len(SENTENCES)]} ({i})",
                "author": f"Poster {i}",
                "email": f"poster{i}@example.org",
                "website": None,
                "title": "A post benchmark",
            }
        )
        for i in range(posts)
    ]
    command = [
        PYTHON, "-m", "uvicorn", "isso_app:application", "--interface", "wsgi", "--workers", "2",
        "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning", "--no-access-log",
    ]  # fmt: skip
    with process_group(command, port, folder / f"isso-{port}.log", dict(os.environ), folder) as session:
        yield Target(
            name="Isso 0.14",
            base=f"http://127.0.0.1:{port}",
            read_path=f"/?uri={READ_URI}",
            post_path=f"/new?uri={POST_URI}",
            post_bodies=bodies,
            post_headers={"Content-Type": "application/json", "Origin": f"http://127.0.0.1:{port}"},
            sessions=(("session", session),),
        )


# -- load and measurement -------------------------------------------------------------------------
@dataclass(frozen=True)
class Measure:
    system: str
    backend: str
    workload: str
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    bad: int  # non-2xx answers and socket errors
    cpu_ms: float  # server CPU per request (all its processes), ms
    db_cpu_ms: float  # the PostgreSQL server's CPU per request, ms (0: no separate database server)
    wrk_cpu_ms: float  # the load generator's own CPU per request, ms (it shares the cores)
    connections: int  # wrk's keep-alive connections


POST_LUA = """
local bodies = dofile({bodies!r})
local headers = {headers}
local next_id = 0
local counter = 0
function setup(thread)
  thread:set("tid", next_id)
  next_id = next_id + 1
end
function request()
  counter = counter + 1
  local i = (({offset} + counter * 2 + tid) % #bodies) + 1
  return wrk.format("POST", {path!r}, headers, bodies[i])
end
"""


def lua_table(items: list[str]) -> str:
    return "return {\n" + ",\n".join(f"[==[{item}]==]" for item in items) + "\n}\n"


def run_wrk(
    url: str, seconds: float, connections: int, script: Path | None = None
) -> tuple[float, float, float, int, int]:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds:g}s", "--latency", "--timeout", "10s"]
    if script:
        command += ["-s", str(script)]
    out = subprocess.run(
        [*command, url], capture_output=True, text=True, check=True, timeout=seconds + 60
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    total = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    bad = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", out))
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if errors:
        bad += sum(int(n) for n in errors.groups())
    return rps, latency(out, "50%"), latency(out, "99%"), total, bad


def latency(out: str, percentile: str) -> float:
    value, unit = re.search(rf"^\s*{percentile}\s+([\d.]+)(us|ms|s)\s*$", out, re.M).groups()  # type: ignore[union-attr]
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def children_cpu() -> float:
    """CPU seconds of this process's finished children (``wrk``: each run is waited for)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def metered(
    target: Target, url: str, seconds: float, connections: int, script: Path | None = None
) -> tuple[tuple[float, float, float, int, int], float, float, float]:
    """``run_wrk`` plus the CPU ms per request of the server, of its database server and of wrk."""
    before = [group_cpu(s) for s in target.sessions]
    wrk_before = children_cpu()
    out = run_wrk(url, seconds, connections, script)
    wrk_spent = children_cpu() - wrk_before
    spent = [group_cpu(s) - b for s, b in zip(target.sessions, before, strict=True)]
    n = max(1, out[3])
    return out, 1000 * spent[0] / n, (1000 * spent[1] / n if len(spent) > 1 else 0.0), 1000 * wrk_spent / n


def measure(target: Target, backend: str, args: argparse.Namespace, folder: Path) -> list[Measure]:
    results = []
    run_wrk(target.base + target.read_path, 2, args.connections)  # warm-up: caches, connections
    if not args.no_reads:
        (rps, p50, p99, n, bad), cpu, db_cpu, wrk_cpu = metered(
            target, target.base + target.read_path, args.seconds, args.connections
        )
        results.append(
            Measure(
                target.name,
                backend,
                "read 200-comment thread",
                rps,
                p50,
                p99,
                n,
                bad,
                cpu,
                db_cpu,
                wrk_cpu,
                args.connections,
            )
        )
    results += measure_posts([(target, backend)], args, folder)  # one after another: one slice
    return results


def post_script(target: Target, backend: str, folder: Path, offset: int) -> Path:
    """A wrk script posting ``target``'s bodies from ``offset`` on (a form token is used once)."""
    bodies = folder / f"bodies-{target.name.split()[0]}-{backend}.lua"
    if not bodies.exists():
        bodies.write_text(lua_table(target.post_bodies))
    script = folder / f"post-{target.name.split()[0]}-{backend}-{offset}.lua"
    headers = "{" + ", ".join(f'["{k}"] = "{v}"' for k, v in target.post_headers.items()) + "}"
    script.write_text(
        POST_LUA.format(bodies=str(bodies), headers=headers, path=target.post_path, offset=offset)
    )
    return script


def measure_posts(targets: list[tuple[Target, str]], args: argparse.Namespace, folder: Path) -> list[Measure]:
    """Each target's posts for ``args.seconds`` in all, in ``args.rounds`` slices taken in turn.

    With one round this is the plain side-by-side run. This machine's speed swings by half within
    a minute (noisy neighbours), so systems measured one after the other can land in different
    phases; slices in turn expose every system to the same swings, and the ratio of their rates
    becomes a property of the code rather than of the moment. Rates are requests over the summed
    slice times; p50 and p99 are the medians of the slices' own; CPU is summed over the slices.
    """
    slice_seconds = args.seconds / args.rounds
    totals: dict[tuple[int, int], list[tuple[tuple[float, float, float, int, int], float, float, float]]] = {}
    done = [0] * len(targets)
    for connections in args.post_connections:
        for _ in range(args.rounds):
            for k, (target, backend) in enumerate(targets):
                script = post_script(target, backend, folder, done[k])
                out = metered(target, target.base + target.post_path, slice_seconds, connections, script)
                # wrk's two threads take the even and the odd bodies, each at its own pace: past twice
                # the slice's requests no body (and so no single-use form token) was taken yet
                done[k] += 2 * out[0][3] + 2
                totals.setdefault((k, connections), []).append(out)
    results = []
    for (k, connections), slices in totals.items():
        target, backend = targets[k]
        n = sum(o[0][3] for o in slices)
        seconds = sum(o[0][3] / o[0][0] for o in slices if o[0][0])
        results.append(
            Measure(
                target.name,
                backend,
                "post a comment",
                n / seconds if seconds else 0.0,
                statistics.median(o[0][1] for o in slices),
                statistics.median(o[0][2] for o in slices),
                n,
                sum(o[0][4] for o in slices),
                sum(o[1] * o[0][3] for o in slices) / max(1, n),
                sum(o[2] * o[0][3] for o in slices) / max(1, n),
                sum(o[3] * o[0][3] for o in slices) / max(1, n),
                connections,
            )
        )
    return results


def capacity(results: list[Measure]) -> list[Measure]:
    """Each system's best rate per workload (the posts' sweep over connection counts), in run order."""
    best: dict[tuple[str, str, str], Measure] = {}
    for m in results:
        key = (m.system, m.backend, m.workload)
        if key not in best or m.rps > best[key].rps:
            best[key] = m
    return list(best.values())


def run(args: argparse.Namespace) -> list[Measure]:
    if args.rounds > 1:
        return run_interleaved(args)
    seeds = thread_seeds()
    posts = args.posts
    results: list[Measure] = []
    with tempfile.TemporaryDirectory(prefix="rejoinder-api-bench-") as tmp:
        folder = Path(tmp)
        if "isso" in args.only:
            with isso_server(seeds, folder, posts) as isso:
                results += measure(isso, "SQLite", args, folder)
        if "sqlite" in args.only:
            with rejoinder_server(f"sqlite:///{folder / 'rejoinder.db'}", seeds, folder, posts) as rejoinder:
                results += measure(rejoinder, "SQLite", args, folder)
        if "postgres" in args.only:
            sys.path.insert(0, str(ROOT))
            from tests.support.postgres import fresh_database, postgres_server

            with ExitStack() as stack:
                server = stack.enter_context(postgres_server())
                db = fresh_database(server)
                if args.pg_socket:
                    db = unix_socket_url(db)
                with rejoinder_server(db, seeds, folder, posts) as rejoinder:
                    results += measure(rejoinder, "PostgreSQL", args, folder)
    return results


def run_interleaved(args: argparse.Namespace) -> list[Measure]:
    """Posts only: the three servers up at once, their posts measured in slices taken in turn."""
    seeds = thread_seeds()
    sys.path.insert(0, str(ROOT))
    from tests.support.postgres import fresh_database, postgres_server

    with tempfile.TemporaryDirectory(prefix="rejoinder-api-bench-") as tmp, ExitStack() as stack:
        folder = Path(tmp)
        targets = [(stack.enter_context(isso_server(seeds, folder, args.posts)), "SQLite")]
        targets.append(
            (
                stack.enter_context(
                    rejoinder_server(f"sqlite:///{folder / 'rejoinder.db'}", seeds, folder, args.posts)
                ),
                "SQLite",
            )
        )
        db = fresh_database(stack.enter_context(postgres_server()))
        db = unix_socket_url(db) if args.pg_socket else db
        targets.append((stack.enter_context(rejoinder_server(db, seeds, folder, args.posts)), "PostgreSQL"))
        for target, _ in targets:
            run_wrk(target.base + target.read_path, 2, args.connections)  # warm-up: caches, connections
        return measure_posts(targets, args, folder)


def table(measured: list[Measure], args: argparse.Namespace) -> str:
    results = capacity(measured)
    isso = {m.workload: m for m in results if m.system.startswith("Isso")}
    lines = [
        f"Command: `.venv/bin/python -m bench.api_vs_isso --seconds {args.seconds:g} --posts {args.posts} "
        "--write-results`  ",
        f"Machine: {os.cpu_count()} vCPU ({platform.machine()}), shared with the other engineers' work "
        f"(load average {args.load_before:.1f} before the run, {os.getloadavg()[0]:.1f} after); "
        f"CPython {platform.python_version()}; load generator wrk -t2 on the same machine "
        f"({args.connections} connections for reads; posts at {', '.join(map(str, args.post_connections))} "
        "connections, each system's best shown; "
        f"{args.seconds:g} s each).  ",
        "Both servers: 2 worker processes under uvicorn (Isso via `--interface wsgi`). CPU: user + system "
        "time of the server's processes (and of the PostgreSQL server's) during the workload, per request; "
        "wrk's own CPU per request beside it (it shares the two cores with the servers).",
        "",
        "| system | storage | workload | connections | req/s | p50 ms | p99 ms | requests | non-2xx "
        "| × Isso req/s | server CPU ms/req | PostgreSQL CPU ms/req | wrk CPU ms/req |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for m in results:
        base = isso.get(m.workload)
        ratio = f"{m.rps / base.rps:.1f}×" if base and base.rps else "–"
        db_cpu = f"{m.db_cpu_ms:.2f}" if m.db_cpu_ms else "–"
        lines.append(
            f"| {m.system} | {m.backend} | {m.workload} | {m.connections} | {m.rps:,.0f} | {m.p50_ms:.1f} "
            f"| {m.p99_ms:.1f} "
            f"| {m.requests:,} | {m.bad} | {ratio} | {m.cpu_ms:.2f} | {db_cpu} | {m.wrk_cpu_ms:.3f} |"
        )
    return "\n".join([*lines, "", *sweep_table(measured)])


def sweep_table(measured: list[Measure]) -> list[str]:
    """Posts per second (p50 / p99 ms) of every system at every connection count of the sweep."""
    posts = [m for m in measured if m.workload == "post a comment"]
    counts = sorted({m.connections for m in posts})
    systems = list(dict.fromkeys((m.system, m.backend) for m in posts))
    cell = {(m.system, m.backend, m.connections): m for m in posts}
    lines = [
        "Posts at each connection count: req/s (p50 / p99 ms, and answers that were not 2xx if any).",
        "",
        "| system | storage | " + " | ".join(f"{c} connections" for c in counts) + " |",
        "|---|---|" + "---|" * len(counts),
    ]
    for system, backend in systems:
        cells = [cell.get((system, backend, c)) for c in counts]
        lines.append(f"| {system} | {backend} | " + " | ".join(_sweep_cell(m) for m in cells) + " |")
    return lines


def _sweep_cell(m: Measure | None) -> str:
    if m is None:
        return "–"
    refused = f", {m.bad:,} non-2xx" if m.bad else ""
    return f"{m.rps:,.0f} ({m.p50_ms:.1f} / {m.p99_ms:.1f}{refused})"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.api_vs_isso", description=__doc__)
    parser.add_argument("--seconds", type=float, default=10.0, help="per workload and system")
    parser.add_argument("--connections", type=int, default=16, help="keep-alive connections for reads")
    # A closed loop of too few connections measures latency, not capacity: 8 did in session 6 (470
    # posts/s, 0.6 of the 2 cores idle), 16 did in the machine's fast phase in session 11 (1,250-1,400
    # posts/s, a fifth idle; 32 gave 1,550-1,650). Isso is saturated at all of them.
    parser.add_argument(
        "--post-connections",
        type=int,
        nargs="+",
        default=[16, 32, 64],
        help="keep-alive connection counts for posts; each system is credited with its best",
    )
    parser.add_argument(
        "--posts",
        type=int,
        default=150_000,
        help="distinct post bodies (form tokens) per system: enough for every slice of the sweep, as a "
        "body's token posts once (a replay is refused and counted non-2xx)",
    )
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only")
    parser.add_argument(
        "--pg-socket",
        action="store_true",
        help="Rejoinder reaches PostgreSQL over its Unix socket, not TCP on loopback (not the default)",
    )
    parser.add_argument(
        "--only",
        action="append",
        choices=("isso", "sqlite", "postgres"),
        help="run only these systems (repeatable; for trying one change; the results need all three)",
    )
    parser.add_argument("--no-reads", action="store_true", help="the post workload only")
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="posts only, every system up at once: --seconds split into this many slices per system, "
        "taken in turn (Isso, SQLite, PostgreSQL, Isso, ...), so the machine's swings hit all alike",
    )
    parser.add_argument("--write-results", action="store_true", help="update bench/RESULTS.md")
    args = parser.parse_args(argv)
    if args.write_results and (args.only or args.no_reads or args.rounds > 1):
        parser.error("--write-results needs every system and workload (drop --only, --no-reads, --rounds)")
    if args.rounds < 1 or (args.rounds > 1 and (args.only or args.no_postgres)):
        parser.error("--rounds is a positive number; above 1 it measures all three systems' posts")
    if args.seconds % args.rounds:  # wrk takes whole seconds: a 3.33 s slice is refused
        parser.error(f"--seconds ({args.seconds:g}) must be a whole multiple of --rounds ({args.rounds})")
    args.only = set(args.only or ("isso", "sqlite", "postgres")) - (
        {"postgres"} if args.no_postgres else set()
    )
    args.load_before = os.getloadavg()[0]
    results = run(args)
    block = table(results, args)
    print(block)
    if any(m.bad for m in results):
        print("warning: some answers were not 2xx (see the non-2xx column)", file=sys.stderr)
    if args.write_results:
        write_block(
            block, begin=BEGIN, end=END, heading="Comments API speed", path=ROOT / "bench" / "RESULTS.md"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
