"""Akismet-style API keys: making them, and the URLs a key is allowed on.

A key is 12 random lowercase letters and digits, because the WordPress plugin refuses any other
length without even asking the server. Each key belongs to one site (its model, thresholds and
statistics) and may be allowed on further URLs (``--allow``); ``covers`` is the one rule that
says whether a ``blog`` URL falls under one of them. This module needs only the store, so the
``rejoinder keys`` command works without loading the spam model.
"""

from __future__ import annotations

import secrets
import string
from collections.abc import Sequence
from urllib.parse import urlsplit

from rejoinder import errors
from rejoinder.domain import ApiKey, Site
from rejoinder.storage.base import Store

KEY_LENGTH = 12
KEY_ALPHABET = string.ascii_lowercase + string.digits


def new_key() -> str:
    """12 random lowercase letters and digits (62 bits): the length WordPress insists on."""
    return "".join(secrets.choice(KEY_ALPHABET) for _ in range(KEY_LENGTH))


def looks_like_key(value: str) -> bool:
    return len(value) == KEY_LENGTH and value.isascii() and value.isalnum()


def url_scope(url: str) -> tuple[str, str] | None:
    """(host[:port] without ``www.``, path without trailing slash) of an http(s) URL, else None."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
        return None
    host = parts.hostname.lower().removeprefix("www.")
    if port is not None:
        host = f"{host}:{port}"
    return host, parts.path.rstrip("/")


def covers(base: str, blog: str) -> bool:
    """Whether ``blog`` is ``base`` or below it. Scheme and ``www.`` do not matter: WordPress
    falls back from https to http, and sites are reached with and without ``www.``."""
    b, u = url_scope(base), url_scope(blog)
    if b is None or u is None or b[0] != u[0]:
        return False
    return not b[1] or u[1] == b[1] or u[1].startswith(b[1] + "/")


class ApiKeys:
    """Create, list and revoke keys (the ``rejoinder keys`` command and the dashboard)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    async def create(self, site_url: str, name: str = "", allowed: Sequence[str] = ()) -> tuple[ApiKey, Site]:
        """A new key for the site at ``site_url``, creating the site if there is none yet."""
        urls = [u.strip() for u in (site_url, *allowed)]
        for url in urls:
            if url_scope(url) is None:
                raise errors.ValidationError(
                    f"{url!r} is not a full http(s) URL such as https://example.org", field="site"
                )
        site = await self.site_with_url(urls[0])
        if site is None:
            site = await self.store.create_site(name.strip() or urlsplit(urls[0]).netloc, urls[0])
        return await self.store.create_api_key(new_key(), site.id, urls[1:]), site

    async def site_with_url(self, url: str) -> Site | None:
        """The site registered at this URL (``covers`` in both directions), if any."""
        for site in await self.store.list_sites():
            if covers(site.url, url) and covers(url, site.url):
                return site
        return None

    async def list(self) -> list[tuple[ApiKey, Site]]:
        sites = {s.id: s for s in await self.store.list_sites()}
        return [(k, sites[k.site_id]) for k in await self.store.list_api_keys() if k.site_id in sites]

    async def revoke(self, key: str) -> ApiKey:
        return await self.store.revoke_api_key(key.strip())
