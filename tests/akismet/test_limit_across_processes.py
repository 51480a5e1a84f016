"""An API key's per-minute limit holds across server processes: two real servers on one SQLite file.

Each process counts calls in memory and shares them through the database within a second
(``services/akismet_throttle.py``), so a key cannot get its limit once per process.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import httpx
import pytest

from tests.akismet.conftest import HAM
from tests.support.live_server import LiveServer, run_cli, servers_on_one_database

pytestmark = pytest.mark.slow

BLOG = "https://two-workers.example.org"
LIMIT = 3
SHARED_WITHIN = 1.5  # seconds: SYNC_SECONDS plus room for a loaded machine


@pytest.fixture(scope="module")
def servers_and_key(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[list[LiveServer], str]]:
    folder = tmp_path_factory.mktemp("akismet-two-servers")
    db = f"sqlite:///{folder / 'rejoinder.db'}"
    key = run_cli("keys", "create", "--site", BLOG, db_url=db).stdout.strip().splitlines()[-1]
    env = {"REJOINDER_SECRET_KEY": "two-servers", "REJOINDER_AKISMET_RATE_LIMIT_PER_MINUTE": str(LIMIT)}
    with servers_on_one_database(db, 2, log_dir=folder, extra_env=env) as servers:
        yield servers, key


def _check(server: LiveServer, key: str) -> httpx.Response:
    with httpx.Client(base_url=server.url, timeout=30) as client:
        return client.post("/1.1/comment-check", data={"api_key": key, "blog": BLOG, **HAM})


def test_a_key_gets_its_limit_once_however_many_processes_serve_it(
    servers_and_key: tuple[list[LiveServer], str],
) -> None:
    (first, second), key = servers_and_key
    assert [_check(first, key).text for _ in range(LIMIT)] == ["false"] * LIMIT
    over = _check(first, key)
    assert over.text == "Rate limit exceeded."  # one process alone counts exactly
    assert over.headers["x-akismet-alert-code"] == "10601"
    time.sleep(SHARED_WITHIN)
    # The second process has not counted any call of this key itself. Its first call may pass
    # (it learns the shared count with it); once that is shared, it refuses too, where counting
    # per process would have allowed it the whole limit again.
    _check(second, key)
    time.sleep(SHARED_WITHIN)
    refused = _check(second, key)
    assert refused.text == "Rate limit exceeded.", refused.text
    usage = httpx.get(f"{second.url}/1.2/usage-limit", params={"api_key": key}, timeout=30)
    assert usage.json()["throttled"] is True
