"""Akismet API speed: comment-checks per second and latency of a real ``rejoinder serve``.

    python -m bench.akismet_load [--workers 2] [--duration 20] [--connections 16] [--db postgres|URL]

Starts ``rejoinder serve --workers N`` on a fresh SQLite file (``--db postgres``: a throw-away
PostgreSQL cluster; ``--db URL``: that database), creates a key with ``rejoinder keys create``,
and drives ``/1.1/comment-check`` with wrk on loopback, cycling through 400 real comments (ham
and spam, from training/data) encoded as form bodies the way the Akismet clients send them.
Every request is a full check: key look-up, engine, one ``spam_checks`` insert. For scale, the
same run is made on ``/1.1/verify-key`` (a cached key look-up: the HTTP stack's ceiling).
Results go to ``bench/out/akismet_load_<db>.json`` and a Markdown table on stdout.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import psutil

from bench.process_group import stop_group

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.live_server import run_cli, start_server  # noqa: E402

OUT = ROOT / "bench" / "out"
DATA = ROOT / "training" / "data"
BLOG = "https://bench.example.org"
TARGET_RPS, TARGET_P99_MS = 1500, 20.0

LUA = """
local bodies = {}
local f = io.open("%(bodies)s", "r")
for line in f:lines() do bodies[#bodies + 1] = line end
f:close()
local i = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded; charset=UTF-8"
wrk.headers["User-Agent"] = "WordPress/6.7.1 | Akismet/5.3.5"
request = function()
  i = i %% #bodies + 1
  return wrk.format(nil, "%(path)s", nil, bodies[i])
end
"""


def comments(limit: int = 400) -> list[dict[str, str]]:
    """Ham and spam alternately from the repository's training data, with Akismet field names."""
    rows: dict[str, list[dict[str, Any]]] = {"ham": [], "spam": []}
    for path in [*sorted((DATA / "handwritten").glob("*.jsonl")), *sorted(DATA.glob("*.jsonl"))]:
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                row = json.loads(line)
            except ValueError:  # a file being rewritten by the training owner; skip the line
                continue
            if row.get("label") in rows and len(rows[row["label"]]) < limit // 2 and row.get("content"):
                rows[row["label"]].append(row)
    mixed = [r for pair in zip(rows["ham"], rows["spam"], strict=False) for r in pair]
    return [
        {
            "comment_type": "comment",
            "comment_content": r["content"],
            "comment_author": r.get("author") or "",
            "comment_author_email": r.get("author_email") or "",
            "comment_author_url": r.get("author_url") or "",
            "user_ip": r.get("author_ip") or f"198.51.100.{n % 250 + 1}",
            "user_agent": "Mozilla/5.0 (X11; Linux x86_64; rv:131.0) Gecko/20100101 Firefox/131.0",
            "referrer": f"{BLOG}/2026/11/article-{n % 40}/",
            "permalink": f"{BLOG}/2026/11/article-{n % 40}/",
        }
        for n, r in enumerate(mixed)
    ]


def cpu_seconds(server: subprocess.Popen[bytes]) -> float:
    """User + system CPU time of the server and all its workers so far."""
    root = psutil.Process(server.pid)
    total = 0.0
    for proc in [root, *root.children(recursive=True)]:
        try:
            times = proc.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += times.user + times.system
    return total


def wrk(
    url: str,
    path: str,
    bodies: Path,
    folder: Path,
    duration: int,
    connections: int,
    server: subprocess.Popen[bytes],
) -> dict[str, float]:
    """One wrk run; also the server's CPU time per request and wrk's own, which stay meaningful
    on a machine shared with other work, where requests per second do not."""
    script = folder / f"{path.strip('/').replace('/', '_')}.lua"
    script.write_text(LUA % {"bodies": bodies, "path": path})
    command = ["wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--latency", "-s", str(script), url]
    server_before = cpu_seconds(server)
    wrk_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    wrk_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = parse_wrk(output)
    requests = max(result["requests"], 1.0)
    result["server_cpu_ms_per_request"] = round((cpu_seconds(server) - server_before) / requests * 1000, 3)
    wrk_cpu = (wrk_after.ru_utime + wrk_after.ru_stime) - (wrk_before.ru_utime + wrk_before.ru_stime)
    result["wrk_cpu_ms_per_request"] = round(wrk_cpu / requests * 1000, 3)
    result["load_average_1min"] = round(os.getloadavg()[0], 2)
    return result


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def parse_wrk(output: str) -> dict[str, float]:
    """Requests/s, percentiles in ms, and the error counts wrk reports."""
    result: dict[str, float] = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))}  # type: ignore[union-attr]
    for pct, value, unit in re.findall(r"^\s+(50|75|90|99)%\s+([\d.]+)(us|ms|s)\s*$", output, re.MULTILINE):
        result[f"p{pct}_ms"] = round(float(value) * UNITS[unit], 3)
    result["requests"] = float(re.search(r"(\d+) requests in", output).group(1))  # type: ignore[union-attr]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    result["non_2xx"] = float(errors.group(1)) if errors else 0.0
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    result["socket_errors"] = float(sum(map(int, socket_errors.groups()))) if socket_errors else 0.0
    return result


async def breakdown(folder: Path) -> dict[str, float]:
    """CPU per check by part, in this process, 16 checks at a time as a loaded server sees them."""
    import asyncio

    from rejoinder.services.container import build_services
    from rejoinder.settings import Settings
    from rejoinder.web.akismet.form import decode_form

    services = await build_services(Settings.from_env(database_url=f"sqlite:///{folder}/parts.db"))
    akismet = services.akismet
    api_key, site = await akismet.keys.create(BLOG)
    grant = await akismet.authorize(api_key.key, site.url)
    bodies = [urlencode({"api_key": api_key.key, "blog": BLOG, **c}).encode() for c in comments()]
    forms = [decode_form(b) for b in bodies]

    async def per_check() -> float:
        started = time.process_time()
        for i in range(0, len(forms), 16):
            await asyncio.gather(*[akismet.check(grant, f) for f in forms[i : i + 16]])
            await akismet.checker.recorder.flush()
        return (time.process_time() - started) / len(forms) * 1000

    await per_check()  # warm-up
    full = await per_check()
    record = services.spam.record

    async def no_insert(*args: Any, **kwargs: Any) -> None:
        return None

    services.spam.record = no_insert  # type: ignore[method-assign]
    without_insert = await per_check()
    services.spam.record = record  # type: ignore[method-assign]
    started = time.process_time()
    for i in range(0, len(forms), 16):
        services.engine.check_many(forms[i : i + 16])
    engine = (time.process_time() - started) / len(forms) * 1000
    started = time.process_time()
    for body in bodies:
        decode_form(body, "application/x-www-form-urlencoded; charset=UTF-8")
    decoding = (time.process_time() - started) / len(forms) * 1000
    await services.close()
    return {
        "decode_form_ms": round(decoding, 3),
        "engine_check_many_ms": round(engine, 3),
        "service_without_engine_and_insert_ms": round(without_insert - engine, 3),
        "spam_checks_insert_ms": round(full - without_insert, 3),
        "akismet_check_total_ms": round(full, 3),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--duration", type=int, default=20, help="seconds of measured load per endpoint")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument(
        "--db",
        dest="db_url",
        default="",
        help="a database URL, or postgres for a throw-away PostgreSQL cluster (default: a fresh SQLite file)",
    )
    parser.add_argument("--parts", action="store_true", help="only the in-process CPU per check, by part")
    args = parser.parse_args(argv)
    if args.parts:
        import asyncio

        with tempfile.TemporaryDirectory(prefix="akismet-parts-") as tmp:
            parts = asyncio.run(breakdown(Path(tmp)))
        print("| part | CPU ms per check |\n|---|---|")
        for name, value in parts.items():
            print(f"| {name} | {value:.3f} |")
        print(f"(load average {os.getloadavg()[0]:.1f})")
        return 0
    if shutil.which("wrk") is None:
        print("akismet_load: wrk is not installed (apt-get install wrk)", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="akismet-load-") as tmp, contextlib.ExitStack() as stack:
        folder = Path(tmp)
        db_url = args.db_url or f"sqlite:///{folder}/bench.db"
        if args.db_url == "postgres":  # a throw-away cluster, started as the tests start theirs
            from tests.support.postgres import postgres_server

            db_url = stack.enter_context(postgres_server())
        key = run_cli("keys", "create", "--site", BLOG, db_url=db_url).stdout.strip().splitlines()[-1]
        bodies = folder / "bodies.txt"
        bodies.write_text(
            "\n".join(urlencode({"api_key": key, "blog": BLOG, **c}) for c in comments()) + "\n"
        )
        verify = folder / "verify.txt"
        verify.write_text(urlencode({"key": key, "blog": BLOG}) + "\n")
        server = start_server(db_url, workers=args.workers, log_dir=folder)  # as the wire tests start it
        url, process = server.url, server.process
        try:
            wrk(url, "/1.1/comment-check", bodies, folder, 3, args.connections, process)  # warm-up
            check = wrk(url, "/1.1/comment-check", bodies, folder, args.duration, args.connections, process)
            short = max(5, args.duration // 2)
            ceiling = wrk(url, "/1.1/verify-key", verify, folder, short, args.connections, process)
        finally:
            stop_group(process)
    report = {
        "command": f"python -m bench.akismet_load --workers {args.workers} --duration {args.duration} "
        f"--connections {args.connections}" + (f" --db {args.db_url}" if args.db_url == "postgres" else ""),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "comment_check": check,
        "verify_key": ceiling,
        "target": {"rps": TARGET_RPS, "p99_ms": TARGET_P99_MS},
        "met": check["rps"] >= TARGET_RPS
        and check.get("p99_ms", 1e9) < TARGET_P99_MS
        and check["non_2xx"] == 0,
    }
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"akismet_load_{'postgres' if args.db_url == 'postgres' else 'sqlite'}.json").write_text(
        json.dumps(report, indent=2) + "\n"
    )
    print(
        "| endpoint | req/s | p50 ms | p90 ms | p99 ms | errors | server CPU ms/req | wrk CPU ms/req "
        "| load avg |\n|---|---|---|---|---|---|---|---|---|"
    )
    for name, r in (("comment-check", check), ("verify-key (ceiling)", ceiling)):
        print(
            f"| {name} | {r['rps']:.0f} | {r.get('p50_ms', 0):.2f} | {r.get('p90_ms', 0):.2f} | "
            f"{r.get('p99_ms', 0):.2f} | {r['non_2xx'] + r['socket_errors']:.0f} | "
            f"{r['server_cpu_ms_per_request']:.3f} | {r['wrk_cpu_ms_per_request']:.3f} | "
            f"{r['load_average_1min']} |"
        )
    cost = check["server_cpu_ms_per_request"] + check["wrk_cpu_ms_per_request"]
    cores = os.cpu_count() or 1
    print(
        f"CPU per comment-check (server + load generator): {cost:.3f} ms; "
        f"on {cores} otherwise idle cores that allows at most {1000 * cores / cost:.0f} checks/s"
    )
    print(f"target {TARGET_RPS} req/s with p99 < {TARGET_P99_MS} ms: {'met' if report['met'] else 'NOT met'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
