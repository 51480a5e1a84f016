"""A real PostgreSQL server for the tests, and the ``store`` fixtures that run on both backends.

``postgres_url`` (session scope) makes a cluster with ``initdb`` in a temporary folder and starts
it with ``pg_ctl`` on a free loopback port; PostgreSQL refuses to run as root, so as root the
cluster belongs to a system user (``rejoinder-pg``, created if missing). ``fresh_database(url)``
creates an empty database with a unique name. ``store_url`` is parametrised over
``["sqlite", "postgres"]`` and ``store`` opens, migrates and closes a ``Store`` on it, so any test
that takes ``store`` runs against both backends. Without PostgreSQL binaries the postgres cases
skip locally, and fail when ``CI=true``.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import asyncpg
import pytest

from rejoinder.storage import Store, open_store
from tests.support.in_thread import in_thread
from tests.support.live_server import free_port

PG_USER = "rejoinder-pg"  # the system account that owns the cluster when tests run as root
DB_SUPERUSER = "rejoinder"  # the database role the tests connect as (trust auth on loopback)


class PostgresMissing(RuntimeError):
    """``initdb``/``pg_ctl`` are not on PATH."""


def _binaries() -> tuple[str, str]:
    initdb, pg_ctl = shutil.which("initdb"), shutil.which("pg_ctl")
    if not (initdb and pg_ctl):
        raise PostgresMissing(
            "PostgreSQL binaries (initdb, pg_ctl) are not on PATH; install PostgreSQL 15 to run these tests"
        )
    return initdb, pg_ctl


def _as_cluster_owner(command: list[str]) -> list[str]:
    """Prefix ``command`` so it runs as the non-root cluster owner when we are root."""
    if os.geteuid() != 0:
        return command
    try:
        pwd.getpwnam(PG_USER)
    except KeyError:
        subprocess.run(
            ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", PG_USER],
            check=True,
            capture_output=True,
        )
    return ["runuser", "-u", PG_USER, "--", *command]


def _run(command: list[str], log: Path | None = None) -> None:
    result = subprocess.run(_as_cluster_owner(command), capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        server_log = log.read_text(errors="replace") if log and log.exists() else ""
        output = f"{result.stdout}\n{result.stderr}\n{server_log}"
        raise RuntimeError(f"{' '.join(command)} failed ({result.returncode}):\n{output}")


def run_sql(url: str, *statements: str) -> None:
    """Run statements outside any transaction (CREATE DATABASE needs that), from sync or async code."""

    async def execute() -> None:
        conn = await asyncpg.connect(url.replace("postgresql://", "postgres://", 1))
        try:
            for statement in statements:
                await conn.execute(statement)
        finally:
            await conn.close()

    in_thread(execute())


def fresh_database(postgres_url: str) -> str:
    """An empty database on the test server, with a unique name; returns its URL."""
    name = f"t_{uuid.uuid4().hex[:16]}"
    run_sql(postgres_url, f'CREATE DATABASE "{name}"')
    return postgres_url.rsplit("/", 1)[0] + "/" + name


@contextmanager
def postgres_server() -> Iterator[str]:
    """Start a throwaway cluster and yield ``postgresql://rejoinder@127.0.0.1:PORT/rejoinder``.

    Used by the ``postgres_url`` fixture and by the storage benchmark. Stops and deletes it after.
    """
    initdb, pg_ctl = _binaries()
    folder = Path(tempfile.mkdtemp(prefix="rejoinder-pg-"))  # not under pytest's root-only tmp folder
    if os.geteuid() == 0:
        _as_cluster_owner(["true"])  # make sure the account exists before chown
        shutil.chown(folder, user=PG_USER)
    data, log, port = folder / "data", folder / "server.log", free_port()
    try:
        _run([initdb, "-D", str(data), "-U", DB_SUPERUSER, "-A", "trust", "-E", "UTF8", "--no-sync"])
        options = (
            f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=on -c max_connections=300"
            " -c timezone=Asia/Tokyo"  # not UTC, so that code relying on the server's zone fails
        )
        _run([pg_ctl, "-D", str(data), "-l", str(log), "-w", "-t", "60", "-o", options, "start"], log)
        base = f"postgresql://{DB_SUPERUSER}@127.0.0.1:{port}"
        run_sql(f"{base}/postgres", "CREATE DATABASE rejoinder")
        yield f"{base}/rejoinder"
    finally:
        if (data / "postmaster.pid").exists():
            _run([pg_ctl, "-D", str(data), "-m", "immediate", "-w", "stop"], log)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A running PostgreSQL server for the session (see ``postgres_server``)."""
    with ExitStack() as stack:
        try:
            url = stack.enter_context(postgres_server())
        except PostgresMissing as exc:
            if os.environ.get("CI", "").lower() == "true":
                pytest.fail(str(exc))
            pytest.skip(str(exc))
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database of each kind: a new SQLite file, or a new PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'rejoinder.db'}"
    return fresh_database(request.getfixturevalue("postgres_url"))


@pytest.fixture
async def store(store_url: str) -> AsyncIterator[Store]:
    """An open, migrated ``Store`` on ``store_url``; closed after the test."""
    opened = await open_store(store_url)
    await opened.migrate()
    try:
        yield opened
    finally:
        await opened.close()


def backend_of(url: str) -> str:
    return "sqlite" if url.startswith("sqlite") else "postgres"


__all__: list[str] = [
    "PostgresMissing",
    "backend_of",
    "fresh_database",
    "postgres_server",
    "postgres_url",
    "run_sql",
    "store",
    "store_url",
]
