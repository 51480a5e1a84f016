"""An in-process server on a real SQLite file, for the many small protocol cases.

``harness`` runs the real ``create_app`` (its lifespan opens and migrates the store and loads the
shipped model) and talks to it through httpx's ASGI transport. Each test gets its own site and
key, so learning in one test never shows in another. The wire itself (HTTP/1.0, the real client
libraries) is tested against a live ``rejoinder serve`` in ``test_clients.py``.
"""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from rejoinder.domain import ApiKey, Site
from rejoinder.services.container import Services
from rejoinder.settings import Settings
from rejoinder.storage.base import SpamCheckRecord
from rejoinder.web.app import create_app

_sites = itertools.count(1)


@dataclass
class Harness:
    client: httpx.AsyncClient
    services: Services

    async def new_key(self, url: str | None = None, allowed: tuple[str, ...] = ()) -> tuple[ApiKey, Site]:
        url = url or f"https://blog{next(_sites)}.example.org"
        return await self.services.akismet.keys.create(url, "", allowed)

    async def recorded_check(self, guid: str) -> SpamCheckRecord | None:
        """The stored check, once this process has written what it answered (just after)."""
        await self.services.akismet.checker.recorder.flush()
        return await self.services.store.get_check(guid)

    async def post(self, path: str, data: dict[str, Any] | bytes, **kwargs: Any) -> httpx.Response:
        if isinstance(data, bytes):
            headers = {"content-type": "application/x-www-form-urlencoded", **kwargs.pop("headers", {})}
            return await self.client.post(path, content=data, headers=headers, **kwargs)
        return await self.client.post(path, data=data, **kwargs)


@asynccontextmanager
async def running_app(folder: Path, **settings: Any) -> AsyncIterator[Harness]:
    db = settings.pop("database_url", f"sqlite:///{folder}/rejoinder.db")
    app = create_app(Settings.from_env(database_url=db, secret_key="test", **settings))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://rejoinder.test") as client:
            yield Harness(client, app.state.services)


@pytest.fixture(scope="module")
async def harness(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Harness]:
    async with running_app(tmp_path_factory.mktemp("akismet")) as h:
        yield h


@pytest.fixture
async def key(harness: Harness) -> tuple[str, str]:
    """(key, blog URL) of a fresh site."""
    api_key, site = await harness.new_key()
    return api_key.key, site.url


HAM = {
    "user_ip": "198.51.100.23",
    "user_agent": "Mozilla/5.0 (X11; Linux x86_64; rv:131.0) Gecko/20100101 Firefox/131.0",
    "referrer": "https://www.google.com/",
    "comment_type": "comment",
    "comment_author": "Margaret Okafor",
    "comment_author_email": "m.okafor@example.net",
    "comment_content": (
        "I went to the council meeting last week and the plan for the new bus lanes was discussed "
        "for nearly two hours. Residents on Hill Street are worried about parking, which this "
        "article does not mention at all."
    ),
}
SPAM = {
    "user_ip": "203.0.113.99",
    "user_agent": "Mozilla/4.0 (compatible; MSIE 6.0; Windows NT 5.1)",
    "comment_type": "comment",
    "comment_author": "best online casino bonus",
    "comment_author_email": "seo4u@mailinator.com",
    "comment_author_url": "http://cheap-casino-bonus.xyz",
    "comment_content": (
        "Great post!!! Visit <a href='http://cheap-casino-bonus.xyz'>casino bonus</a> and "
        "<a href='http://cheap-viagra.top'>cheap viagra</a> buy now, best price, free spins "
        "http://bit.ly/xyz http://cheap-viagra.top/buy"
    ),
}
