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
from tests.support.live_server import LiveServer, run_cli, start_server


@pytest.fixture
def locked_server(tmp_path: Path) -> Iterator[tuple[LiveServer, sqlite3.Connection]]:
    path = tmp_path / "busy.db"
    url = f"sqlite:///{path}"
    run_cli("sites", "create", "--name", "News", "--url", "https://news.example", db_url=url)
    run_cli("sites", "set", "1", "min_seconds_on_page=0", db_url=url)
    server = start_server(url, log_dir=tmp_path)
    lock = sqlite3.connect(path, isolation_level=None, timeout=30)
    try:
        yield server, lock
    finally:
        lock.close()
        server.stop()


def _post(server: LiveServer, language: str) -> httpx.Response:
    headers = {"Origin": "https://news.example", "Accept-Language": language}
    config = httpx.get(
        f"{server.url}/api/config", params={"site": 1, "uri": "/a"}, headers=headers, timeout=60
    )
    assert config.status_code == 200, config.text
    return httpx.post(
        f"{server.url}/api/comments",
        json={
            "site": 1,
            "uri": "/a",
            "author": "Gus",
            "email": "gus@example.org",
            "text": "The ferry timetable change suits the early shift.",
            "form_token": config.json()["form_token"],
        },
        headers=headers,
        timeout=60,
    )


def test_a_busy_database_answers_in_the_readers_language(
    locked_server: tuple[LiveServer, sqlite3.Connection],
) -> None:
    server, lock = locked_server
    first = _post(server, "de")
    assert first.status_code == 201, first.text  # the server works while nobody holds the lock
    lock.execute("BEGIN EXCLUSIVE")
    try:
        german = _post(server, "de-AT, en;q=0.5")
        fallback = _post(server, "ja")
    finally:
        lock.execute("ROLLBACK")
    for answer in (german, fallback):
        assert answer.status_code == 503, answer.text
        assert answer.headers["retry-after"] == "1"
        assert answer.json()["error"]["code"] == "unavailable"
    assert german.json()["error"]["message"] == TRANSLATIONS[MESSAGE]["de"]
    assert fallback.json()["error"]["message"] == MESSAGE
    assert int(german.headers["content-length"]) == len(german.content)
    assert _post(server, "de").status_code == 201  # and again once the lock is gone
