"""CORS limited to each site's allowed origins (plus the site's own origin and this server's).

Browsers send a preflight with no body and no site id, so a preflight is answered for any origin
that some site allows; the real request is then judged against the site it names (``?site=`` for
reads, the JSON ``site`` for posts via ``SiteOrigins.require``). The origin lists are read from
the store at most every few seconds, so a change in the dashboard reaches every worker quickly.
"""

from __future__ import annotations

import json
import time
from urllib.parse import parse_qs, urlsplit

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from rejoinder.domain import Site
from rejoinder.errors import Forbidden, NotFound
from rejoinder.storage import Store
from rejoinder.web.errors import error_body

REFRESH_SECONDS = 3.0
ALLOW_METHODS = "GET, POST, PUT, DELETE, OPTIONS"
ALLOW_HEADERS = "Content-Type, X-Edit-Token"
PREFIXES = ("/api/",)
EXEMPT = ("/api/v1/",)  # the native spam-check API is server-to-server, keyed, not for browsers


def origin_of(url: str) -> str:
    """``https://Example.org:443/path`` -> ``https://example.org:443``; junk -> ``""``."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return ""
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return ""
    return f"{parts.scheme}://{parts.netloc.lower()}"


def site_origins(site: Site) -> frozenset[str]:
    found = {origin_of(site.url), *(origin_of(o) for o in site.settings.allowed_origins)}
    return frozenset(found - {""})


class SiteOrigins:
    """Which origins each site allows, refreshed from the store every few seconds; a site not
    seen yet is read at once, so a new site works immediately."""

    def __init__(self, public_url: str = "") -> None:
        self.own = origin_of(public_url)
        self._by_site: dict[int, frozenset[str]] = {}
        self._any: frozenset[str] = frozenset()
        self._loaded = -1e9

    async def _refresh(self, store: Store, site_id: int | None) -> None:
        if time.monotonic() - self._loaded >= REFRESH_SECONDS:
            sites = await store.list_sites()
            self._by_site = {s.id: site_origins(s) for s in sites}
            self._any = frozenset().union(*self._by_site.values()) if self._by_site else frozenset()
            self._loaded = time.monotonic()
        if site_id is not None and site_id not in self._by_site:
            try:
                self._by_site[site_id] = site_origins(await store.get_site(site_id))
            except NotFound:
                return  # the route answers 404 for the unknown site
            self._any |= self._by_site[site_id]

    async def allows(self, store: Store, origin: str, site_id: int | None, own: str = "") -> bool:
        if origin in (self.own, own):
            return True
        await self._refresh(store, site_id)
        if site_id is None:
            return origin in self._any
        return origin in self._by_site.get(site_id, frozenset())

    async def require(self, store: Store, origin: str | None, site_id: int, own: str = "") -> None:
        """For writes: a browser on an origin the site does not allow is refused (403)."""
        if origin and not await self.allows(store, origin, site_id, own):
            raise Forbidden(f"Comments for site {site_id} cannot be posted from {origin}.", field="origin")


def request_origin(scope: Scope) -> str:
    """This server's own origin as the browser sees it (same-origin requests carry Origin too)."""
    host = Headers(scope=scope).get("host", "")
    return f"{scope.get('scheme', 'http')}://{host.lower()}" if host else ""


class CorsMiddleware:
    def __init__(self, app: ASGIApp, origins: SiteOrigins) -> None:
        self.app = app
        self.origins = origins

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or not path.startswith(PREFIXES) or path.startswith(EXEMPT):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        origin = headers.get("origin")
        if origin is None:
            await self.app(scope, receive, send)
            return
        store = scope["app"].state.services.store
        allowed = await self.origins.allows(store, origin, _site_param(scope), request_origin(scope))
        if scope["method"] == "OPTIONS" and "access-control-request-method" in headers:
            await self._preflight(origin, allowed, send)
            return

        async def send_with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                extra = [(b"vary", b"Origin")]
                if allowed:
                    extra.append((b"access-control-allow-origin", origin.encode("latin-1")))
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, send_with_cors)

    async def _preflight(self, origin: str, allowed: bool, send: Send) -> None:
        if allowed:
            status, body = 204, b""
            headers = [
                (b"access-control-allow-origin", origin.encode("latin-1")),
                (b"access-control-allow-methods", ALLOW_METHODS.encode()),
                (b"access-control-allow-headers", ALLOW_HEADERS.encode()),
                (b"access-control-max-age", b"600"),
                (b"vary", b"Origin"),
            ]
        else:
            status = 403
            body = json.dumps(
                error_body("forbidden", "This origin may not use the comments API.", "origin")
            ).encode()
            headers = [(b"content-type", b"application/json"), (b"vary", b"Origin")]
        headers.append((b"content-length", str(len(body)).encode()))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def _site_param(scope: Scope) -> int | None:
    values = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("site", [])
    try:
        return int(values[0]) if values else None
    except ValueError:
        return None
