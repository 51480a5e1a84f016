"""Sites, their Akismet-style API keys and the monthly key usage."""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlsplit

from sqlalchemy import bindparam, select, update
from sqlalchemy.exc import IntegrityError

from rejoinder.domain import ApiKey, Site, SiteSettings
from rejoinder.errors import Conflict, NotFound
from rejoinder.storage import rows
from rejoinder.storage.schema import api_keys, key_usage, sites
from rejoinder.storage.sql_base import SqlBase


def _url_key(url: str) -> tuple[str, str, str] | None:
    """(scheme, host[:port], path without trailing slash): what ``find_site_by_url`` compares."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if not parts.scheme or not parts.netloc:
        return None
    return parts.scheme.lower(), parts.netloc.lower(), parts.path.rstrip("/")


def _is_prefix(site_key: tuple[str, str, str], url_key: tuple[str, str, str]) -> bool:
    if site_key[:2] != url_key[:2]:
        return False
    base, path = site_key[2], url_key[2]
    return not base or path == base or path.startswith(base + "/")


_SITE = select(sites).where(sites.c.id == bindparam("site_id"))
_SITES = select(sites).order_by(sites.c.id)
_KEY = select(api_keys).where(api_keys.c.key == bindparam("key"))


class SitesMixin(SqlBase):
    async def create_site(self, name: str, url: str, settings: SiteSettings | None = None) -> Site:
        settings = settings or SiteSettings()
        created = rows.utcnow()
        try:
            async with self._db.write.begin() as conn:
                result = await conn.execute(
                    sites.insert()
                    .values(name=name, url=url, settings=rows.settings_to_json(settings), created_at=created)
                    .returning(sites.c.id)
                )
                site_id = int(result.scalar_one())
        except IntegrityError as exc:
            raise Conflict(f"a site with the URL {url!r} already exists", field="url") from exc
        return Site(id=site_id, name=name, url=url, settings=settings, created_at=created)

    async def get_site(self, site_id: int) -> Site:
        found = await self._fetch_plain(_SITE, {"site_id": site_id})
        if not found:
            raise NotFound(f"no site with id {site_id}", field="site_id")
        return rows.site(found[0])

    async def find_site_by_url(self, url: str) -> Site | None:
        """The site with the longest URL that is a prefix of ``url`` (at a path-segment boundary).

        Sites are few, so they are matched in Python, which also makes the comparison exact:
        scheme and host case-insensitive, path case-sensitive, trailing slashes ignored.
        """
        wanted = _url_key(url)
        if wanted is None:
            return None
        best: tuple[int, Site] | None = None
        for candidate in await self.list_sites():
            key = _url_key(candidate.url)
            if key is not None and _is_prefix(key, wanted) and (best is None or len(key[2]) > best[0]):
                best = (len(key[2]), candidate)
        return best[1] if best else None

    async def list_sites(self) -> list[Site]:
        return [rows.site(r) for r in await self._fetch_plain(_SITES, {})]

    async def update_site_settings(self, site_id: int, settings: SiteSettings) -> Site:
        async with self._db.write.begin() as conn:
            row = (
                await conn.execute(
                    update(sites)
                    .where(sites.c.id == site_id)
                    .values(settings=rows.settings_to_json(settings))
                    .returning(*sites.c)
                )
            ).first()
        if row is None:
            raise NotFound(f"no site with id {site_id}", field="site_id")
        return rows.site(row)

    async def create_api_key(self, key: str, site_id: int, allowed_urls: Sequence[str] = ()) -> ApiKey:
        await self.get_site(site_id)  # a clear NotFound rather than a foreign-key error
        created = rows.utcnow()
        try:
            async with self._db.write.begin() as conn:
                await conn.execute(
                    api_keys.insert().values(
                        key=key, site_id=site_id, allowed_urls=list(allowed_urls), created_at=created
                    )
                )
        except IntegrityError as exc:
            raise Conflict("this API key already exists", field="key") from exc
        return ApiKey(key=key, site_id=site_id, allowed_urls=tuple(allowed_urls), created_at=created)

    async def get_api_key(self, key: str) -> ApiKey | None:
        found = await self._fetch_plain(_KEY, {"key": key})
        return rows.api_key(found[0]) if found else None

    async def list_api_keys(self, site_id: int | None = None) -> list[ApiKey]:
        query = select(api_keys).order_by(api_keys.c.created_at, api_keys.c.key)
        if site_id is not None:
            query = query.where(api_keys.c.site_id == site_id)
        async with self._db.read.connect() as conn:
            return [rows.api_key(r) for r in await conn.execute(query)]

    async def revoke_api_key(self, key: str) -> ApiKey:
        """Revoking twice keeps the first revocation time."""
        async with self._db.write.begin() as conn:
            await conn.execute(
                update(api_keys)
                .where(api_keys.c.key == key, api_keys.c.revoked_at.is_(None))
                .values(revoked_at=rows.utcnow())
            )
            row = (await conn.execute(select(api_keys).where(api_keys.c.key == key))).first()
        if row is None:
            raise NotFound("no such API key", field="key")
        return rows.api_key(row)

    async def count_key_usage(self, key: str, month: str, add: int = 1) -> int:
        insert = self._upsert(key_usage).values(key=key, month=month, calls=add)
        statement = insert.on_conflict_do_update(
            index_elements=[key_usage.c.key, key_usage.c.month],
            set_={"calls": key_usage.c.calls + insert.excluded.calls},
        ).returning(key_usage.c.calls)
        async with self._db.write.begin() as conn:
            return int((await conn.execute(statement)).scalar_one())
