"""``rejoinder admin`` through a real subprocess on a real SQLite file."""

from __future__ import annotations

from pathlib import Path

from rejoinder.domain import Role
from rejoinder.services.auth import AuthService
from rejoinder.settings import Settings
from rejoinder.storage import open_store
from tests.support.live_server import run_cli

PASSWORD = "correct horse battery"


async def test_add_list_and_passwd(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'r.db'}"
    added = run_cli(
        "admin", "add", "olga", "--password-stdin", "--role", "owner", db_url=db, stdin=PASSWORD + "\n"
    )
    assert "created owner 'olga'" in added.stdout
    assert PASSWORD not in added.stdout + added.stderr
    run_cli("admin", "add", "mo", "--password-stdin", db_url=db, stdin=PASSWORD + "\n")
    listed = run_cli("admin", "list", db_url=db).stdout.splitlines()
    assert [line.split("\t")[:2] for line in listed] == [["olga", "owner"], ["mo", "moderator"]]

    run_cli("admin", "passwd", "mo", "--password-stdin", db_url=db, stdin="another long passphrase\n")
    store = await open_store(db)
    try:
        auth = AuthService(store, Settings(secret_key="t"))
        session = (await auth.login("mo", "another long passphrase", "192.0.2.1")).session
        assert session.moderator.role is Role.MODERATOR
        audit = [(e.actor, e.action, e.detail) for e in await store.list_audit()]
        assert ("cli", "add_moderator", "olga as owner") in audit
        assert ("cli", "set_password", "mo") in audit
    finally:
        await store.close()


def test_bad_input_is_a_clear_error_not_a_traceback(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'r.db'}"
    short = run_cli("admin", "add", "olga", "--password-stdin", db_url=db, stdin="short\n", check=False)
    assert short.returncode == 1
    assert "at least 10 characters" in short.stderr
    empty = run_cli("admin", "add", "olga", "--password-stdin", db_url=db, stdin="", check=False)
    assert empty.returncode == 2
    assert "standard input is empty" in empty.stderr
    no_flag = run_cli("admin", "add", "olga", db_url=db, stdin=PASSWORD, check=False)
    assert no_flag.returncode == 2
    assert "--password-stdin" in no_flag.stderr
    run_cli("admin", "add", "olga", "--password-stdin", db_url=db, stdin=PASSWORD)
    again = run_cli("admin", "add", "olga", "--password-stdin", db_url=db, stdin=PASSWORD, check=False)
    assert again.returncode == 1
    assert "already exists" in again.stderr
    missing = run_cli("admin", "passwd", "nobody", "--password-stdin", db_url=db, stdin=PASSWORD, check=False)
    assert missing.returncode == 1
    assert "no moderator named 'nobody'" in missing.stderr
    for result in (short, empty, again, missing):
        assert "Traceback" not in result.stderr
