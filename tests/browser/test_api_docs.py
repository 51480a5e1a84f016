"""The API's docs page in a real Chromium against a real ``rejoinder demo`` server: Swagger UI
renders the OpenAPI document from this server alone. It used to load Swagger UI from a CDN, so the
page was blank offline and every visit told a third party about it (found in session 8)."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, Request, expect

from tests.browser.conftest import DemoServer

pytestmark = pytest.mark.browser


def test_the_api_docs_render_without_any_request_to_another_host(page: Page, demo_server: DemoServer) -> None:
    own = urlsplit(demo_server.url).netloc
    elsewhere: list[str] = []

    def note(request: Request) -> None:
        if urlsplit(request.url).scheme in ("http", "https") and urlsplit(request.url).netloc != own:
            elsewhere.append(request.url)

    page.on("request", note)
    page.route(lambda url: urlsplit(url).netloc != own, lambda route: route.abort())  # as offline
    page.goto(f"{demo_server.url}/api/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Rejoinder", timeout=20_000)
    expect(page.locator(".opblock-summary-path", has_text="/api/comments").first).to_be_visible()
    assert elsewhere == []
