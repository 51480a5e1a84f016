"""``/feeds/{site}/recent.atom`` and ``/feeds/{site}/thread.atom?uri=/path``: Atom (RFC 4287).

The XML is built as an element tree and serialised by the standard library, so every name and
comment is escaped by construction; the comment HTML goes in as escaped ``type="html"`` content,
as Atom prescribes. Feed readers poll, so answers may be cached for a few minutes.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Annotated
from xml.etree.ElementTree import Element, SubElement, tostring

from fastapi import APIRouter, Path, Query, Request, Response

from rejoinder.services.feeds import Feed, FeedService

ATOM = "http://www.w3.org/2005/Atom"
CACHE_SECONDS = 300

router = APIRouter(tags=["feeds"])
SiteP = Annotated[int, Path(ge=1, le=2**31 - 1, description="The site's numeric id.")]
UriQ = Annotated[str, Query(min_length=1, max_length=2000, description="The page's path, e.g. /news/a.")]


def _service(request: Request) -> FeedService:
    return FeedService(request.app.state.services.store)


@router.get("/feeds/{site}/recent.atom", response_class=Response)
async def recent_feed(request: Request, site: SiteP) -> Response:
    """The site's newest approved comments, as an Atom feed."""
    return _atom(request, await _service(request).recent(site, str(request.url)))


@router.get("/feeds/{site}/thread.atom", response_class=Response)
async def thread_feed(request: Request, site: SiteP, uri: UriQ) -> Response:
    """One page's newest approved comments, as an Atom feed."""
    return _atom(request, await _service(request).thread(site, uri, str(request.url)))


def _atom(request: Request, feed: Feed) -> Response:
    """The feed, or ``304 Not Modified`` when the reader already has it (``If-None-Match``): feed
    readers poll, and most of their polls find nothing new."""
    body = b'<?xml version="1.0" encoding="utf-8"?>\n' + tostring(_document(feed), encoding="utf-8")
    etag = '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'
    headers = {"Cache-Control": f"public, max-age={CACHE_SECONDS}", "ETag": etag}
    if etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type="application/atom+xml; charset=utf-8", headers=headers)


def _document(feed: Feed) -> Element:
    root = Element("feed", xmlns=ATOM)
    _text(root, "id", feed.id)
    _text(root, "title", feed.title)
    _text(root, "updated", _time(feed.updated))
    SubElement(root, "link", rel="self", href=feed.id)
    SubElement(root, "link", rel="alternate", type="text/html", href=feed.link)
    _text(root, "generator", "Rejoinder")
    for entry in feed.entries:
        item = SubElement(root, "entry")
        _text(item, "id", entry.id)
        _text(item, "title", entry.title)
        SubElement(item, "link", rel="alternate", type="text/html", href=entry.id)
        _text(item, "published", _time(entry.published))
        _text(item, "updated", _time(entry.updated))
        _text(SubElement(item, "author"), "name", entry.author)
        _text(item, "content", entry.html, type="html")
    return root


def _text(parent: Element, tag: str, text: str, **attributes: str) -> None:
    SubElement(parent, tag, attributes).text = text


def _time(value: datetime) -> str:
    return value.isoformat().replace("+00:00", "Z")
