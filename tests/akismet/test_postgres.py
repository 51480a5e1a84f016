"""The Akismet path on PostgreSQL: checks recorded, reports learned and undone, usage counted."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.akismet.conftest import HAM, SPAM, running_app
from tests.support.postgres import fresh_database

pytestmark = pytest.mark.postgres


async def test_the_protocol_on_postgresql(postgres_url: str, tmp_path: Path) -> None:
    async with running_app(tmp_path, database_url=fresh_database(postgres_url)) as h:
        api_key, site = await h.new_key("https://pg.example.org")
        data = {"api_key": api_key.key, "blog": site.url}
        assert (await h.post("/1.1/verify-key", {"key": api_key.key, "blog": site.url})).text == "valid"
        ham = await h.post("/1.1/comment-check", {**data, **HAM})
        spam = await h.post(
            "/1.1/comment-check", {**data, **SPAM, "comment_content": SPAM["comment_content"] + "\x00"}
        )
        assert (ham.text, spam.text) == ("false", "true")
        guid = ham.headers["x-akismet-guid"]
        record = await h.recorded_check(guid)
        assert record is not None
        assert record.payload["comment_author"] == HAM["comment_author"]

        await h.post("/1.1/submit-spam", {**data, **HAM, "guid": guid})
        await h.post("/1.1/submit-ham", {**data, **HAM, "guid": guid})
        (event,) = await h.services.store.learning_events(site.id)
        assert event.guid == guid
        assert event.undone_at is not None

        usage = (await h.client.get("/1.2/usage-limit", params={"api_key": api_key.key})).json()
        assert usage["usage"] == 4
        sites = (await h.client.get("/1.2/key-sites", params={"api_key": api_key.key})).json()
        (row,) = next(v for k, v in sites.items() if k not in {"limit", "offset", "total"})
        assert (row["spam"], row["ham"], row["missed_spam"], row["false_positives"]) == ("1", "1", "1", "1")
