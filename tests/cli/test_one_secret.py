"""Every worker of ``rejoinder serve --workers N`` signs with the same key on a first start.

When neither ``REJOINDER_SECRET_KEY`` nor ``rejoinder.secret`` exists, the key file is made once
by ``serve`` before it starts the workers. It used to be made by the workers as they started,
all at once: each could write its own key (a form token from one worker then failed in another
with 403) or read the file another had just opened for writing (an empty key, with which anyone
can sign tokens). A test that catches the race itself would be flaky; this one checks the file
is in place when ``serve`` says it is listening, before any worker has imported the app.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from tests.support.live_server import REJOINDER, free_port


def test_the_secret_file_exists_before_the_workers_start(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "REJOINDER_SECRET_KEY"}
    env["REJOINDER_DATABASE_URL"] = f"sqlite:///{tmp_path / 'r.db'}"
    command = [*REJOINDER, "serve", "--port", str(free_port()), "--workers", "2"]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, text=True, env=env, cwd=tmp_path, start_new_session=True
    )
    try:
        assert process.stdout is not None
        assert "listening" in process.stdout.readline()
        secret = tmp_path / "rejoinder.secret"
        assert secret.exists()
        assert len(secret.read_text().strip()) >= 32
        assert secret.stat().st_mode & 0o777 == 0o600
    finally:
        os.killpg(process.pid, 15)
        process.wait(timeout=30)
        if process.stdout is not None:
            process.stdout.close()
