"""A real ``rejoinder serve`` on a loopback port, as a subprocess: the wire is tested as it is.

``start_server(db_url, workers=...)`` returns a ``LiveServer`` with ``url`` and ``stop()``;
the ``live_server`` fixture gives one server on a fresh SQLite file for the whole session.
Tests that need their own (another database, SIGKILL) call ``start_server`` themselves, and the
dashboard's browser tests take ``dashboard_server``: moderators and seeded rows, then the server.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Coroutine, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pytest

from tests.support.in_thread import in_thread

ROOT = Path(__file__).resolve().parents[2]
REJOINDER = [sys.executable, "-m", "rejoinder"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class LiveServer:
    url: str
    db_url: str
    process: subprocess.Popen[bytes]
    log_path: Path

    def stop(self, sig: int = signal.SIGTERM) -> None:
        """Stop the server and all its workers (it runs in its own process group)."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, sig)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=15)

    def kill(self) -> None:
        """SIGKILL the whole process group: what a crash or the OOM killer does."""
        self.stop(signal.SIGKILL)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


def run_cli(
    *args: str, db_url: str, stdin: str | None = None, check: bool = True
) -> subprocess.CompletedProcess[str]:
    """Run ``rejoinder ARGS`` against ``db_url`` and return its output."""
    env = {**os.environ, "REJOINDER_DATABASE_URL": db_url}
    return subprocess.run(
        [*REJOINDER, *args], input=stdin, capture_output=True, text=True, env=env, check=check, timeout=120
    )


def start_server(
    db_url: str, *, workers: int = 1, log_dir: Path, extra_env: dict[str, str] | None = None
) -> LiveServer:
    port = free_port()
    log_path = log_dir / f"server-{port}.log"
    env = {**os.environ, "REJOINDER_DATABASE_URL": db_url, **(extra_env or {})}
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [
                *REJOINDER,
                "serve",
                "--db",
                db_url,
                "--port",
                str(port),
                "--workers",
                str(workers),
                "--log-level",
                "warning",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,
            cwd=log_dir,
        )
    server = LiveServer(f"http://127.0.0.1:{port}", db_url, process, log_path)
    return wait_until_listening(server, port, "rejoinder serve", seconds=60)


S = TypeVar("S", bound=LiveServer)


def wait_until_listening(server: S, port: int, what: str, *, seconds: float) -> S:
    """``server`` once its port takes connections; its log in the error if it exits or never
    listens (then it is killed, so no process outlives the test)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"{what} exited early:\n{server.log()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise RuntimeError(f"{what} did not listen within {seconds:g} s:\n{server.log()}")


@contextmanager
def servers_on_one_database(
    db_url: str, count: int, *, log_dir: Path, extra_env: dict[str, str] | None = None
) -> Iterator[list[LiveServer]]:
    """``count`` separate ``rejoinder serve`` processes on one database, as a proxy in front of
    several machines (or workers) would see them; all are stopped at the end."""
    servers: list[LiveServer] = []
    try:
        for _ in range(count):
            servers.append(start_server(db_url, workers=1, log_dir=log_dir, extra_env=extra_env))
        yield servers
    finally:
        for server in servers:
            server.stop()


T = TypeVar("T")


@contextmanager
def dashboard_server(
    folder: Path,
    seed: Callable[[str], Coroutine[Any, Any, T]],
    *,
    password: str,
    owners: Sequence[str] = (),
    moderators: Sequence[str] = (),
) -> Iterator[tuple[LiveServer, T]]:
    """A ``rejoinder serve`` on a fresh SQLite file in ``folder``, with its moderators added by the
    real ``rejoinder admin add`` and its rows written through the real store by ``seed(db_url)``
    (whose result comes with the server) before it starts; stopped at the end."""
    db_url = f"sqlite:///{folder / 'rejoinder.db'}"
    for name in owners:
        run_cli("admin", "add", name, "--password-stdin", "--role", "owner", db_url=db_url, stdin=password)
    for name in moderators:
        run_cli("admin", "add", name, "--password-stdin", db_url=db_url, stdin=password)
    seeded = in_thread(seed(db_url))
    server = start_server(db_url, log_dir=folder)
    try:
        yield server, seeded
    finally:
        server.stop()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """One real server on a fresh SQLite database, shared by the tests of a session."""
    folder = tmp_path_factory.mktemp("live")
    server = start_server(f"sqlite:///{folder}/rejoinder.db", workers=1, log_dir=folder)
    yield server
    server.stop()
