"""GET endpoints: the form's configuration, a thread's comments, counts, recent comments, health.

The thread endpoint is the hot path of the whole system. Its serialised JSON is cached per
process under the page's cache key (thread id, thread version, sort, limit, offset), so a read of
an unchanged thread costs two small queries and a dictionary look-up.
"""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from rejoinder.services.comments import HONEYPOT_FIELD
from rejoinder.services.notifications.planning import replies_offered
from rejoinder.services.threads import Sort
from rejoinder.web.api.deps import ERRORS, comments_of
from rejoinder.web.api.schemas import (
    ConfigOut,
    CountsIn,
    CountsOut,
    HealthOut,
    RecentListOut,
    RecentOut,
    ThreadOut,
    thread_dict,
)

router = APIRouter(responses=ERRORS)
SiteQ = Annotated[int, Query(ge=1, le=2**31 - 1, description="The site's numeric id.")]
UriQ = Annotated[str, Query(min_length=1, max_length=2000, description="The page's path, e.g. /news/a.")]
PAGE_CACHE_SIZE = 2048


class PageCache:
    """Serialised thread pages; an entry for an old version is never asked for again."""

    def __init__(self, size: int = PAGE_CACHE_SIZE) -> None:
        self.size = size
        self._pages: dict[tuple[int, int, int, str, int, int], bytes] = {}

    def get(self, key: tuple[int, int, int, str, int, int]) -> bytes | None:
        return self._pages.get(key)

    def put(self, key: tuple[int, int, int, str, int, int], body: bytes) -> None:
        if len(self._pages) >= self.size:
            self._pages.pop(next(iter(self._pages)))
        self._pages[key] = body


def dumps(data: object) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


@router.get("/api/config", response_model=ConfigOut)
async def config(request: Request, site: SiteQ, uri: UriQ) -> ConfigOut:
    """What the widget needs before showing the form, with a fresh signed form token."""
    cfg = await comments_of(request).config(site, uri)
    s = cfg.site.settings
    return ConfigOut(
        site=cfg.site.id,
        required=[f.value for f in s.required_fields],
        edit_window_seconds=s.edit_window_seconds,
        max_length=s.max_comment_length,
        privacy_url=cfg.privacy_url,
        form_token=cfg.form_token,
        closed=cfg.closed,
        honeypot_field=HONEYPOT_FIELD,
        reply_notifications=replies_offered(cfg.site, comments_of(request).settings),
        likes=cfg.site.settings.likes,
    )


@router.get("/api/threads", response_model=ThreadOut)
async def threads(
    request: Request,
    site: SiteQ,
    uri: UriQ,
    sort: Sort = Sort.OLDEST,
    limit: Annotated[int, Query(ge=1, le=500)] = 20,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
    mine: Annotated[str, Query(max_length=20_000, description="Comma-separated edit tokens.")] = "",
) -> Response:
    """A page of root comments with their replies; the reader's own pending ones if ``mine``."""
    tokens = [t for t in mine.split(",") if t.strip()]
    page = await comments_of(request).thread(site, uri, sort=sort, limit=limit, offset=offset, mine=tokens)
    pages: PageCache = request.app.state.page_cache
    body = pages.get(page.cache_key) if page.cache_key else None
    if body is None:
        body = dumps(thread_dict(page))
        if page.cache_key:
            pages.put(page.cache_key, body)
    return Response(body, media_type="application/json")


@router.get("/api/counts", response_model=CountsOut)
async def counts(
    request: Request,
    site: SiteQ,
    uri: Annotated[list[str], Query(max_length=500)] = [],  # noqa: B006
) -> CountsOut:
    """Approved comments per page, for index pages (``count.js``)."""
    return CountsOut(counts=await comments_of(request).counts(site, uri))


@router.post("/api/counts", response_model=CountsOut)
async def counts_post(request: Request, body: CountsIn) -> CountsOut:
    """The same for more pages than fit in a URL."""
    return CountsOut(counts=await comments_of(request).counts(body.site, body.uris))


@router.get("/api/recent", response_model=RecentListOut)
async def recent(
    request: Request, site: SiteQ, limit: Annotated[int, Query(ge=1, le=50)] = 5
) -> RecentListOut:
    """The site's newest approved comments, as plain-text excerpts."""
    found = await comments_of(request).recent(site, limit)
    return RecentListOut(comments=[RecentOut.of(r) for r in found])


@router.get("/api/health", response_model=HealthOut)
async def health() -> HealthOut:
    return HealthOut(ok=True)
