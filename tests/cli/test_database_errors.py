"""A database a command cannot use is one line naming it, never a traceback (session 9's walk:
every command, ``serve`` included, printed sixty lines of asyncpg or Alembic internals).

The cases an operator meets: PostgreSQL not running or the wrong port, a database or role that
does not exist, and a database migrated by a newer Rejoinder (an upgrade rolled back). The
message never shows the password in the URL.
"""

from __future__ import annotations

import sqlite3
import subprocess
from pathlib import Path

import pytest

from tests.support.live_server import free_port, run_cli
from tests.support.postgres import fresh_database


def assert_one_line(result: subprocess.CompletedProcess[str], *expected: str) -> None:
    assert result.returncode == 1
    stderr = result.stderr
    assert "Traceback" not in stderr
    assert stderr.startswith("Error: ")
    assert stderr.count("\n") == 1, stderr
    for part in expected:
        assert part in stderr, stderr


def test_a_postgresql_server_that_is_not_there(tmp_path: Path) -> None:
    url = f"postgresql://rejoinder:hunter2@127.0.0.1:{free_port()}/rejoinder"
    result = run_cli("sites", "list", db_url=url, check=False)
    assert_one_line(result, "cannot open the database postgresql://rejoinder:***@127.0.0.1:", "refused")
    assert "hunter2" not in result.stderr


@pytest.mark.postgres
def test_a_database_that_does_not_exist(postgres_url: str) -> None:
    url = postgres_url.rsplit("/", 1)[0] + "/no_such_database"
    result = run_cli("keys", "list", db_url=url, check=False)
    assert_one_line(result, "cannot open the database", 'database "no_such_database" does not exist')


@pytest.mark.postgres
def test_a_role_that_does_not_exist(postgres_url: str) -> None:
    url = fresh_database(postgres_url).replace("://rejoinder@", "://nobody_here:secret-pw@", 1)
    result = run_cli("sites", "list", db_url=url, check=False)
    assert_one_line(result, 'role "nobody_here" does not exist')
    assert "secret-pw" not in result.stderr


def test_a_database_migrated_by_a_newer_rejoinder(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'r.db'}"
    run_cli("sites", "create", "--name", "News", "--url", "https://news.example", db_url=url)
    with sqlite3.connect(tmp_path / "r.db") as db:
        db.execute("update alembic_version set version_num = '0099_from_the_future'")
    for command in (["sites", "list"], ["serve", "--port", str(free_port())]):
        result = run_cli(*command, db_url=url, check=False)
        assert_one_line(result, "'0099_from_the_future'", "newer version of Rejoinder")
        assert "listening" not in result.stdout
    with sqlite3.connect(tmp_path / "r.db") as db:
        assert db.execute("select version_num from alembic_version").fetchall() == [("0099_from_the_future",)]


def test_database_copy_names_the_side_it_cannot_open(tmp_path: Path) -> None:
    missing = f"postgresql://rejoinder:hunter2@127.0.0.1:{free_port()}/rejoinder"
    good = f"sqlite:///{tmp_path / 'r.db'}"
    for source, target in ((missing, good), (good, missing)):
        result = run_cli("database", "copy", source, target, db_url=good, check=False)
        assert_one_line(result, "cannot open the database postgresql://rejoinder:***@127.0.0.1:", "refused")
        assert "hunter2" not in result.stderr
