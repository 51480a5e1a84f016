"""Every answered check is in the database after a graceful stop, from every worker.

Checks are recorded just after their answer, in batches (``check_recorder``); a worker that
stops (SIGTERM, a deploy) writes what is waiting before it exits. Checked on a real
``rejoinder serve --workers 2`` whose checks are answered moments before the signal.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from rejoinder.storage import open_store
from tests.akismet.conftest import HAM, SPAM
from tests.support.live_server import run_cli, start_server

BLOG = "https://graceful.example.org"


def test_checks_answered_just_before_a_stop_are_all_recorded(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'graceful.db'}"
    key = run_cli("keys", "create", "--site", BLOG, db_url=db_url).stdout.strip().splitlines()[-1]
    server = start_server(db_url, workers=2, log_dir=tmp_path)
    try:

        def check_many(n: int) -> list[str]:
            with httpx.Client(base_url=server.url, timeout=20) as client:
                guids = []
                for i in range(n):
                    base = HAM if i % 2 else SPAM
                    form = {
                        "api_key": key,
                        "blog": BLOG,
                        **base,
                        "comment_content": f"{base['comment_content']} {i}",
                    }
                    response = client.post("/1.1/comment-check", data=form)
                    assert response.status_code == 200
                    guids.append(response.headers["x-akismet-guid"])
                return guids

        with ThreadPoolExecutor(4) as pool:  # four connections: both workers answer some
            guids = [g for part in pool.map(check_many, [40] * 4) for g in part]
    finally:
        server.stop()  # SIGTERM right after the last answer: records may still be waiting
    assert server.process.returncode is not None
    assert "Traceback" not in server.log()

    async def missing() -> list[str]:
        store = await open_store(db_url)
        try:
            return [g for g in guids if await store.get_check(g) is None]
        finally:
            await store.close()

    assert asyncio.run(missing()) == []
    assert len(set(guids)) == 160
