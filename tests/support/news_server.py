"""A live server whose one site takes a reader's post at once, for the tests that post while
the database misbehaves (a locked SQLite file; a silent, full or crashed PostgreSQL).

Each of them prepares its own database and breaks it its own way; what they share is here:
site 1, "News" at ``NEWS``, with the timing check off (a test posts the moment it has the form),
on a real ``rejoinder serve``, and the comment a reader posts with the form's token.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tests.support.live_server import LiveServer, run_cli, start_server

NEWS = "https://news.example"


@contextmanager
def news_server(
    db_url: str, *, log_dir: Path, workers: int = 1, extra_env: dict[str, str] | None = None
) -> Iterator[LiveServer]:
    """``rejoinder serve`` on ``db_url`` once site 1 is made there; stopped at the end."""
    run_cli("sites", "create", "--name", "News", "--url", NEWS, db_url=db_url)
    run_cli("sites", "set", "1", "min_seconds_on_page=0", db_url=db_url)
    server = start_server(db_url, workers=workers, log_dir=log_dir, extra_env=extra_env)
    try:
        yield server
    finally:
        server.stop()


def comment(form_token: str, n: int, uri: str = "/a") -> dict[str, Any]:
    """Reader ``n``'s comment on ``uri``: its own address and text, so no two look like a flood."""
    return {
        "site": 1,
        "uri": uri,
        "author": "Gus",
        "email": f"gus{n}@example.org",
        "text": f"The ferry timetable change suits the early shift ({n}).",
        "form_token": form_token,
    }
