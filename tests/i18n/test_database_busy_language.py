"""The 503 for a database that cannot take the request speaks the reader's language, like every
other public API error: a real server on a real SQLite file whose write lock the test holds past
the server's busy timeout."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from rejoinder.i18n import TRANSLATIONS
from rejoinder.web.database_busy import MESSAGE
from tests.support.live_server import LiveServer
from tests.support.news_server import NEWS, comment, news_server


@pytest.fixture
def locked_server(tmp_path: Path) -> Iterator[tuple[LiveServer, sqlite3.Connection]]:
    path = tmp_path / "busy.db"
    with news_server(f"sqlite:///{path}", log_dir=tmp_path) as server:
        lock = sqlite3.connect(path, isolation_level=None, timeout=30)
        try:
            yield server, lock
        finally:
            lock.close()


def _post(server: LiveServer, language: str, n: int) -> httpx.Response:
    headers = {"Origin": NEWS, "Accept-Language": language}
    config = httpx.get(
        f"{server.url}/api/config", params={"site": 1, "uri": "/a"}, headers=headers, timeout=60
    )
    assert config.status_code == 200, config.text
    return httpx.post(
        f"{server.url}/api/comments",
        json=comment(config.json()["form_token"], n),
        headers=headers,
        timeout=60,
    )


def test_a_busy_database_answers_in_the_readers_language(
    locked_server: tuple[LiveServer, sqlite3.Connection],
) -> None:
    server, lock = locked_server
    first = _post(server, "de", 1)
    assert first.status_code == 201, first.text  # the server works while nobody holds the lock
    lock.execute("BEGIN EXCLUSIVE")
    try:
        german = _post(server, "de-AT, en;q=0.5", 2)
        fallback = _post(server, "ja", 3)
    finally:
        lock.execute("ROLLBACK")
    for answer in (german, fallback):
        assert answer.status_code == 503, answer.text
        assert answer.headers["retry-after"] == "1"
        assert answer.json()["error"]["code"] == "unavailable"
    assert german.json()["error"]["message"] == TRANSLATIONS[MESSAGE]["de"]
    assert fallback.json()["error"]["message"] == MESSAGE
    assert int(german.headers["content-length"]) == len(german.content)
    assert _post(server, "de", 4).status_code == 201  # and again once the lock is gone
