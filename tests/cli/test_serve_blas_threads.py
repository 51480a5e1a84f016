"""Every server process runs numpy's BLAS on one thread while it serves (``web.blas_threads``).

With numpy's default threads a site layer's refit took 2-3 times the time and CPU on the 2-core
machine (the threads spin), CPU that the workers' requests need. Both tests start each process
at more than one BLAS thread themselves (4, or 3), so they can fail on a machine of any size: a
process that forgot the limit shows the 4 or 3, not 1.
"""

from __future__ import annotations

import asyncio
import json
import os
import time
from pathlib import Path

import psutil
import pytest
from threadpoolctl import ThreadpoolController, threadpool_limits

from rejoinder.settings import Settings
from rejoinder.web.app import create_app
from tests.support.live_server import LiveServer, start_server

# In every Python process started with its folder on PYTHONPATH (``rejoinder serve`` and the
# workers uvicorn spawns, which inherit the environment), this sets BLAS to 4 threads before any
# of Rejoinder's code runs, then appends the process's BLAS thread counts to $BLAS_PROBE_DIR/<pid>
# each time they change. It only observes: the server's code is the one installed.
PROBE = '''"""Written by tests/cli/test_serve_blas_threads.py for one test's server; see there."""
import json
import os
import threading
import time

import numpy  # noqa: F401  (loads the BLAS library)
from threadpoolctl import ThreadpoolController

_blas = ThreadpoolController().select(user_api="blas")
_blas.limit(limits=4)


def _report(path):
    last = None
    while True:
        now = [lib.num_threads for lib in _blas.lib_controllers]
        if now != last:
            with open(path, "a") as f:
                f.write(json.dumps(now) + "\\n")
            last = now
        time.sleep(0.02)


_path = os.path.join(os.environ["BLAS_PROBE_DIR"], str(os.getpid()))
threading.Thread(target=_report, args=(_path,), daemon=True, name="blas-probe").start()
'''


def blas_threads() -> list[int]:
    """The thread count of each BLAS library loaded in this process, as the calling thread sees it."""
    return [lib.num_threads for lib in ThreadpoolController().select(user_api="blas").lib_controllers]


async def test_the_app_runs_blas_on_one_thread_while_it_serves_then_gives_the_setting_back(
    tmp_path: Path,
) -> None:
    app = create_app(Settings(database_url=f"sqlite:///{tmp_path / 'r.db'}", secret_key="blas"))
    # one BLAS library or several (scipy's wheels bring their own OpenBLAS, loaded once any test
    # imported scipy): every one of them must follow
    with threadpool_limits(limits=3, user_api="blas"):
        assert set(blas_threads()) == {3}
        async with app.router.lifespan_context(app):
            assert set(blas_threads()) == {1}
            # a site layer's refit runs in a worker thread (services.spam_check._fit_in_thread)
            assert set(await asyncio.to_thread(blas_threads)) == {1}
        assert set(blas_threads()) == {3}


def history(folder: Path, pid: int) -> list[list[int]]:
    """What the probe of process ``pid`` wrote: its BLAS thread counts, one line per change."""
    path = folder / str(pid)
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines(keepends=True) if line.endswith("\n")]


def app_processes(server: LiveServer, workers: int) -> list[int]:
    """The processes that run the app: ``serve`` itself with one worker, else the workers uvicorn
    spawned (not the resource tracker, which multiprocessing starts beside them)."""
    if workers == 1:
        return [server.process.pid]
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        spawned = [
            child.pid
            for child in psutil.Process(server.process.pid).children()
            if "spawn_main" in " ".join(child.cmdline())
        ]
        if len(spawned) == workers:
            return spawned
        time.sleep(0.1)
    raise AssertionError(f"{workers} workers never ran:\n{server.log()}")


@pytest.mark.slow
@pytest.mark.parametrize("workers", [1, 2])
def test_every_process_of_rejoinder_serve_runs_blas_on_one_thread(tmp_path: Path, workers: int) -> None:
    probe, seen = tmp_path / "probe", tmp_path / "seen"
    probe.mkdir()
    seen.mkdir()
    (probe / "sitecustomize.py").write_text(PROBE)
    path = os.pathsep.join(filter(None, [str(probe), os.environ.get("PYTHONPATH")]))
    server = start_server(
        f"sqlite:///{tmp_path / 'r.db'}",
        workers=workers,
        log_dir=tmp_path,
        extra_env={"PYTHONPATH": path, "BLAS_PROBE_DIR": str(seen)},
    )
    try:
        pids = app_processes(server, workers)
        # a worker's lifespan may still be running when the port first answers
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and any(history(seen, pid)[-1:] != [[1]] for pid in pids):
            time.sleep(0.1)
        assert {pid: history(seen, pid) for pid in pids} == {pid: [[4], [1]] for pid in pids}
        if workers > 1:  # the parent only hands out connections: its setting is untouched
            assert history(seen, server.process.pid) == [[4]]
    finally:
        server.stop()
