"""The demo news site: ``/demo/`` (front page with comment counts) and ``/demo/<slug>`` (a story
with the widget under it and recent comments in the sidebar).

Query parameters for trying things out: ``?lang=de`` (the page's language, which the widget
follows) and ``?limit=2`` (root comments per page, to see "load more").

Which site the pages embed: ``?site=N`` if given, else the site whose URL is this server's, else
the first site; with no site at all the page says to run ``rejoinder demo``. The pages carry a
strict Content-Security-Policy: the widget needs nothing beyond this server.

Only ``rejoinder demo`` serves these pages (and redirects ``/`` here): it sets ``REJOINDER_DEMO=1``,
read into ``Settings.demo``, and ``create_app`` includes this router only then. A production
``rejoinder serve`` answers 404 under ``/demo/``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from rejoinder.errors import NotFound
from rejoinder.storage import Store
from rejoinder.web.widget.bundles import bundle

LANGUAGES = ("en", "de", "fr", "es", "ru", "hi")
DEMO = Path(__file__).resolve().parent / "demo"
CSP = (
    "default-src 'none'; script-src 'self'; connect-src 'self'; img-src 'self' data:; "
    "style-src 'self' 'unsafe-inline'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)

router = APIRouter(include_in_schema=False)


@dataclass(frozen=True, slots=True)
class Article:
    slug: str
    section: str
    title: str
    dek: str
    byline: str
    role: str
    date: str
    body: tuple[str, ...]

    @property
    def date_text(self) -> str:
        return datetime.fromisoformat(self.date).strftime("%d %B %Y, %H:%M UTC")

    @property
    def uri(self) -> str:
        return f"/demo/{self.slug}"


@cache
def articles() -> tuple[Article, ...]:
    raw: list[dict[str, Any]] = json.loads((DEMO / "articles.json").read_text(encoding="utf-8"))
    return tuple(Article(**{**a, "body": tuple(a["body"])}) for a in raw)


@cache
def _templates() -> Environment:
    return Environment(
        loader=FileSystemLoader(DEMO / "templates"), autoescape=select_autoescape(default=True)
    )


async def _site_id(request: Request) -> int | None:
    store: Store = request.app.state.services.store
    wanted = request.query_params.get("site", "")
    if wanted.isdigit():
        try:
            return (await store.get_site(int(wanted))).id
        except NotFound:
            return None
    site = await store.find_site_by_url(str(request.base_url))
    if site is None:
        sites = await store.list_sites()
        site = sites[0] if sites else None
    return site.id if site else None


def _choice(value: str, allowed: tuple[str, ...], default: str) -> str:
    return value if value in allowed else default


def _limit(value: str) -> int | None:
    return min(int(value), 100) if value.isdigit() and int(value) > 0 else None


async def _page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    html = (
        _templates()
        .get_template(template)
        .render(
            lang=_choice(request.query_params.get("lang", ""), LANGUAGES, "en"),
            limit=_limit(request.query_params.get("limit", "")),
            articles=articles(),
            site_id=await _site_id(request),
            embed_src=bundle("embed").versioned_path,
            count_src=bundle("count").versioned_path,
            **context,
        )
    )
    headers = {"Content-Security-Policy": CSP, "Referrer-Policy": "same-origin", "Cache-Control": "no-cache"}
    return HTMLResponse(html, status_code=status, headers=headers)


@router.get("/")
async def root() -> RedirectResponse:
    return RedirectResponse("/demo/", status_code=307)


@router.get("/demo/")
async def demo_index(request: Request) -> HTMLResponse:
    return await _page(request, "index.html")


@router.get("/demo/{slug}")
async def demo_article(request: Request, slug: str) -> HTMLResponse:
    for article in articles():
        if article.slug == slug:
            return await _page(request, "article.html", article=article)
    raise NotFound(f"There is no demo story {slug!r}: see /demo/ for the list.")
