"""The public API in-process: ``create_app()`` on a real database, a real engine, httpx's ASGI transport.

``api`` is module-scoped and parametrised over SQLite and PostgreSQL, so every test module here is
a contract suite that runs on both backends. Each test makes its own site (``await api.site()``),
so tests never see each other's comments.
"""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from rejoinder.domain import Site, SiteSettings
from rejoinder.settings import Settings
from rejoinder.storage import Store
from rejoinder.web.app import create_app
from tests.support.postgres import fresh_database

HAM = (
    "Thanks for the careful reporting on the council budget. The part about school funding answered "
    "most of my questions, though I would like to know how the bus routes will change next year."
)
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"
_sites = itertools.count(1)


@dataclass
class Api:
    client: httpx.AsyncClient
    store: Store
    settings: Settings
    app: FastAPI

    def client_from(self, ip: str) -> httpx.AsyncClient:
        """Another browser, at another address, on the same running app."""
        transport = httpx.ASGITransport(app=self.app, client=(ip, 5555))
        return httpx.AsyncClient(
            transport=transport, base_url="http://testserver", headers={"User-Agent": BROWSER}
        )

    async def site(self, **overrides: Any) -> Site:
        """A fresh site. Its timing signal is off (``min_seconds_on_page=0``) unless a test turns it
        on, because a test posts milliseconds after loading the form."""
        settings = replace(SiteSettings(min_seconds_on_page=0.0), **overrides)
        return await self.store.create_site(
            f"Site {next(_sites)}", f"https://site{next(_sites)}.example", settings
        )

    async def form_token(self, site: Site, uri: str = "/a") -> str:
        r = await self.client.get("/api/config", params={"site": site.id, "uri": uri})
        assert r.status_code == 200, r.text
        token: str = r.json()["form_token"]
        return token

    async def post(
        self, target: Site, uri: str = "/a", *, origin: str | None = None, **fields: Any
    ) -> httpx.Response:
        """Post as a browser on the site's page would (or on ``origin``'s); ``fields`` override (or
        break) the body."""
        site = target
        body: dict[str, Any] = {
            "site": site.id,
            "uri": uri,
            "title": "A page",
            "author": "Jane Reader",
            "email": "jane@example.org",
            "text": HAM,
        }
        body.update(fields)
        if "form_token" not in body:
            body["form_token"] = await self.form_token(site, uri)
        headers = {"Origin": origin or site.url}
        return await self.client.post("/api/comments", json=body, headers=headers)

    async def thread(self, site: Site, uri: str = "/a", **params: Any) -> dict[str, Any]:
        r = await self.client.get("/api/threads", params={"site": site.id, "uri": uri, **params})
        assert r.status_code == 200, r.text
        data: dict[str, Any] = r.json()
        return data


def api_settings(url: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "database_url": url,
        "secret_key": "test-secret-key",
        "rate_limit_per_minute": 100_000,
        "site_rate_limit_per_minute": 100_000,
    }
    values.update(overrides)
    return Settings(**values)


@asynccontextmanager
async def running_api(url: str, **overrides: Any) -> AsyncIterator[Api]:
    settings = api_settings(url, **overrides)
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, client=("203.0.113.57", 5555))
        headers = {"User-Agent": BROWSER}
        async with httpx.AsyncClient(
            transport=transport, base_url="http://testserver", headers=headers
        ) as client:
            yield Api(client, app.state.services.store, settings, app)


def database_url(kind: str, folder: Path, request: pytest.FixtureRequest) -> str:
    if kind == "sqlite":
        return f"sqlite:///{folder / 'rejoinder.db'}"
    return fresh_database(request.getfixturevalue("postgres_url"))


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def api(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Api]:
    url = database_url(request.param, tmp_path_factory.mktemp("api"), request)
    async with running_api(url) as running:
        yield running
