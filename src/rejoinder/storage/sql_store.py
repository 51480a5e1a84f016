"""``SqlStore``: the ``Store`` interface on SQLAlchemy Core (async), for SQLite and PostgreSQL alike.

The class is only an assembly: each concern lives in its own mixin module, all sharing the one
pooled engine of ``SqlBase``. Backend differences are few and named where they occur (upsert
dialect, UTC day expression, PostgreSQL advisory locks, SQLite ``BEGIN IMMEDIATE``).
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncEngine

from rejoinder.storage import migrate
from rejoinder.storage.base import Store
from rejoinder.storage.comments import CommentsMixin
from rejoinder.storage.engine import Engines, create_engines
from rejoinder.storage.importing import ImportMixin
from rejoinder.storage.learning import LearningMixin
from rejoinder.storage.moderation import ModerationMixin
from rejoinder.storage.notifications import NotificationsMixin
from rejoinder.storage.posting import PostingMixin
from rejoinder.storage.privacy import PrivacyMixin
from rejoinder.storage.rate_limits import RateLimitsMixin
from rejoinder.storage.reactions import ReactionsMixin
from rejoinder.storage.search import SearchMixin
from rejoinder.storage.sites import SitesMixin
from rejoinder.storage.stats import StatsMixin
from rejoinder.storage.threads import ThreadsMixin
from rejoinder.storage.webhooks import WebhooksMixin


class SqlStore(
    PostingMixin,
    SitesMixin,
    ThreadsMixin,
    CommentsMixin,
    ImportMixin,
    SearchMixin,
    StatsMixin,
    PrivacyMixin,
    LearningMixin,
    ModerationMixin,
    RateLimitsMixin,
    WebhooksMixin,
    NotificationsMixin,
    ReactionsMixin,
    Store,
):
    """One per process: it owns the connection pool, so create it once and share it."""

    def __init__(self, engines: Engines) -> None:
        super().__init__(engines)
        self._init_checks()
        self._init_posts()
        self._init_rate_limits()
        self._init_first_trip()  # the facts asks and the hits: one gathered batch

    @classmethod
    def from_url(cls, url: str, *, statement_timeout: float | None = None) -> SqlStore:
        return cls(create_engines(url, statement_timeout=statement_timeout))

    @property
    def engine(self) -> AsyncEngine:
        """The pooled engine, for tools that need raw SQL (benchmarks, schema checks in tests)."""
        return self._db.root

    async def migrate(self) -> None:
        await migrate.upgrade(self._db)

    async def close(self) -> None:
        await self._checks.wait_idle()
        await self._facts.wait_idle()
        await self._posts.wait_idle()
        await self._close_rate_limits()
        await self._leases.close()
        await self._db.root.dispose()

    def release_idle_connections(self) -> int:
        return self._leases.shed()

    def __repr__(self) -> str:
        # The URL may carry a password: show only the backend.
        return f"<SqlStore {self._db.backend}>"
