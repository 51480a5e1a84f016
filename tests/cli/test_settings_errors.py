"""A bad server setting is one line naming the variable in every command that reads the settings
(each was a traceback from ``Settings.from_env``; ``serve`` is covered in test_serve_options)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.support.live_server import REJOINDER

COMMANDS = [
    ["mail", "test", "--to", "ada@example.org"],
    ["admin", "list"],
    ["privacy", "purge"],
    ["sites", "webhook-secret", "1"],
]


def run(tmp_path: Path, args: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*REJOINDER, *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        env={**os.environ, "REJOINDER_DATABASE_URL": f"sqlite:///{tmp_path / 'r.db'}", **env},
    )


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a[:2]))
def test_a_bad_setting_is_one_line(tmp_path: Path, args: list[str]) -> None:
    result = run(tmp_path, args, REJOINDER_SECURE_COOKIES="maybe")
    assert result.returncode == 1
    assert result.stderr == "Error: REJOINDER_SECURE_COOKIES='maybe': expected true or false\n"


def test_mail_test_names_the_setting_that_is_missing(tmp_path: Path) -> None:
    result = run(tmp_path, COMMANDS[0], REJOINDER_SMTP_HOST="smtp.example.org", REJOINDER_MAIL_FROM="")
    assert result.returncode == 1
    assert result.stderr == "Error: E-mail is off: set REJOINDER_MAIL_FROM (the From address).\n"
