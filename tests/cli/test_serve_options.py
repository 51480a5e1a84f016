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


def test_a_bad_setting_is_one_line_before_any_worker_starts(tmp_path: Path) -> None:
    """It was a traceback per worker after 'listening'; with --workers 2 uvicorn restarted the
    failing workers for ever and serve never exited."""
    env = {**os.environ, "REJOINDER_RATE_LIMIT_PER_MINUTE": "ten"}
    result = subprocess.run(
        [*REJOINDER, "serve", "--db", f"sqlite:///{tmp_path / 'r.db'}", "--port", "1", "--workers", "2"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        cwd=tmp_path,
    )
    assert result.returncode == 1
    assert result.stderr == "Error: REJOINDER_RATE_LIMIT_PER_MINUTE='ten': expected int\n"
    assert "listening" not in result.stdout


def test_an_empty_secret_file_is_refused(tmp_path: Path) -> None:
    """An empty ``rejoinder.secret`` (a disk that was full, a ``touch``) gave an empty signing key:
    anyone could have signed form and edit tokens, and so edited or deleted any comment."""
    (tmp_path / "rejoinder.secret").write_text("\n")
    result = serve(tmp_path, "--port", "1")
    assert result.returncode == 1
    assert f"the signing key file {tmp_path / 'rejoinder.secret'} is empty: restore it" in result.stderr
    assert "Traceback" not in result.stderr
    assert "listening" not in result.stdout
