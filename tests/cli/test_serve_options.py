"""``rejoinder serve`` refuses what it cannot run with a usage error before it starts anything:
a port past 65535, a log level uvicorn does not know, a database URL it cannot open (each was a
traceback, or a server that said it listened on port 70000, in session 8)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from tests.support.live_server import REJOINDER


def serve(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "REJOINDER_DATABASE_URL": f"sqlite:///{tmp_path / 'r.db'}"}
    return subprocess.run(
        [*REJOINDER, "serve", *args], capture_output=True, text=True, env=env, timeout=60, cwd=tmp_path
    )


def test_a_port_past_65535_is_a_usage_error(tmp_path: Path) -> None:
    result = serve(tmp_path, "--port", "70000")
    assert result.returncode == 2
    assert "70000 is not in the range 1<=x<=65535" in result.stderr
    assert "listening" not in result.stdout


def test_an_unknown_log_level_is_a_usage_error(tmp_path: Path) -> None:
    result = serve(tmp_path, "--port", "1", "--log-level", "bogus")
    assert result.returncode == 2
    assert "'bogus' is not one of" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_database_url_it_cannot_open_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    result = serve(tmp_path, "--port", "1", "--db", "mysql://db.example/comments")
    assert result.returncode == 1
    assert "Error: unsupported database URL scheme 'mysql'" in result.stderr
    assert "Traceback" not in result.stderr
    assert "listening" not in result.stdout
