"""Take a test's own PostgreSQL cluster away and bring it back, as an operator's restart or a
failover does, while a ``rejoinder serve`` keeps running against it.

Only for clusters a test started itself (``postgres_server()``): the session's shared cluster
serves every other test. ``pg_ctl start`` does not remember the options the cluster was started
with (``restart`` does, but gives no time in between), so they are read from ``postmaster.opts``.
"""

from __future__ import annotations

import shlex
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import asyncpg

from tests.support.in_thread import in_thread
from tests.support.postgres import _as_cluster_owner


def _data_directory(url: str) -> Path:
    async def ask() -> str:
        conn = await asyncpg.connect(url.replace("postgresql://", "postgres://", 1))
        try:
            return str(await conn.fetchval("SHOW data_directory"))
        finally:
            await conn.close()

    return Path(in_thread(ask()))


def _pg_ctl(data: Path, *args: str) -> None:
    pg_ctl = shutil.which("pg_ctl")
    assert pg_ctl, "pg_ctl is not on PATH"
    log = data.parent / "server.log"  # where postgres_server() logs; -l keeps pg_ctl's pipes free
    command = [pg_ctl, "-D", str(data), "-l", str(log), "-w", "-t", "60", *args]
    result = subprocess.run(_as_cluster_owner(command), capture_output=True, text=True, timeout=90)
    assert result.returncode == 0, f"pg_ctl {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"


@contextmanager
def postgres_away(url: str, *, crash: bool = False) -> Iterator[None]:
    """The cluster behind ``url`` is stopped inside the block and started again, with the same
    options, when it ends. A fast shutdown ends the sessions and writes a checkpoint; ``crash``
    stops it as a power cut or a killed postmaster would (``immediate``: no checkpoint, WAL
    replayed at the next start), so only what was flushed to disk survives."""
    data = _data_directory(url)
    words = shlex.split((data / "postmaster.opts").read_text())[1:]  # the postgres binary's arguments
    at = words.index("-D")
    options = shlex.join(words[:at] + words[at + 2 :])
    _pg_ctl(data, "-m", "immediate" if crash else "fast", "stop")
    try:
        yield
    finally:
        _pg_ctl(data, "-o", options, "start")
