"""The Akismet-compatible service: API keys, checks, spam/ham reports and usage figures.

The Akismet protocol (``web.akismet``) and the native ``POST /api/v1/check`` both call this one
service, which calls the shared ``SpamService``; so the two APIs cannot disagree.

Per check the work is kept to one key look-up (cached in this process for ``KEY_TTL`` seconds,
so a revoked key stops working within that time, on every worker), one engine check and one
``spam_checks`` insert, both shared with the checks that arrive at the same time
(``akismet_check``); usage counts are written in batches (``akismet_usage``).

Errors are typed: ``InvalidKey`` (Akismet answers ``invalid``), ``MissingField`` (Akismet
answers ``Missing required field: ...``) and ``rejoinder.errors.RateLimited``. Each message is
the ``X-akismet-debug-help`` text: it says what to fix.
"""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from rejoinder import errors
from rejoinder.domain import ApiKey, Decision, Site, Verdict
from rejoinder.services.akismet_check import AkismetChecker
from rejoinder.services.akismet_fields import (
    comment_identity,
    engine_fields,
    forced_verdict,
    text,
    truthy,
)
from rejoinder.services.akismet_throttle import KeyThrottle
from rejoinder.services.akismet_usage import Tally, UsageCounter, current_month
from rejoinder.services.api_keys import KEY_LENGTH, ApiKeys, covers, looks_like_key, url_scope
from rejoinder.services.spam_check import SpamService
from rejoinder.services.ttl_cache import TtlCache
from rejoinder.settings import Settings
from rejoinder.storage.base import LearningEvent, Store

KEY_TTL = 5.0  # seconds a key (and a blog's site) is trusted from this process's cache
SPAM_DECISIONS = frozenset({Decision.SPAM, Decision.DISCARD})
LEARNING_SOURCE = "akismet"
MONTH = re.compile(r"20\d\d-(0[1-9]|1[0-2])")


class InvalidKey(errors.Forbidden):
    """The key, or the key for this blog, is not accepted. ``alert_code`` is Akismet's, if any."""

    code = "invalid_key"

    def __init__(self, message: str, *, alert_code: int | None = None) -> None:
        super().__init__(message, field="api_key")
        self.alert_code = alert_code


class MissingField(errors.ValidationError):
    code = "missing_field"

    def __init__(self, field: str) -> None:
        super().__init__(f'Empty "{field}" value', field=field)


@dataclass(frozen=True, slots=True)
class Grant:
    """An accepted key and the site whose model and thresholds answer for it."""

    api_key: ApiKey
    site: Site


@dataclass(frozen=True, slots=True)
class CheckAnswer:
    guid: str
    verdict: Verdict
    is_test: bool = False
    forced: bool = False  # a documented test value decided, not the engine

    @property
    def is_spam(self) -> bool:
        """Akismet's ``true``: spam and discard. ``pending`` is ``false`` (see docs/akismet.md)."""
        return self.verdict.decision in SPAM_DECISIONS

    @property
    def discard(self) -> bool:
        """``X-akismet-pro-tip: discard``: blatant spam, never for a forced test value."""
        return self.verdict.decision is Decision.DISCARD and not self.forced


@dataclass(frozen=True, slots=True)
class Usage:
    limit: int | None  # None: unlimited (Akismet's "none")
    usage: int
    throttled: bool


@dataclass(frozen=True, slots=True)
class SiteActivity:
    """One row of ``/1.2/key-sites``."""

    site: str
    api_calls: int
    spam: int
    ham: int
    missed_spam: int
    false_positives: int
    is_revoked: bool


class AkismetService:
    def __init__(
        self,
        store: Store,
        spam: SpamService,
        settings: Settings,
        *,
        key_ttl: float = KEY_TTL,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.store = store
        self.spam = spam
        self.settings = settings
        self.clock = clock
        self.usage = UsageCounter(store)
        self.keys = ApiKeys(store)
        self.checker = AkismetChecker(spam, clock)
        self._sites: TtlCache[str, Site | None] = TtlCache(key_ttl, clock)
        # (key, blog) -> Grant; a refusal raises and is never kept, so a new key works at once
        self._grants: TtlCache[tuple[str, str | None], Grant] = TtlCache(key_ttl, clock)
        self.key_throttle = KeyThrottle(store)

    async def close(self) -> None:
        await self.checker.recorder.close()
        await self.usage.close()
        await self.key_throttle.close()

    # -- keys -------------------------------------------------------------------------------------
    async def revoke_key(self, key: str) -> ApiKey:
        """Revoke now; this process forgets its cached keys at once, the others within ``KEY_TTL``."""
        revoked = await self.keys.revoke(key)
        self._grants.clear()
        return revoked

    # -- who is asking ------------------------------------------------------------------------------
    async def authorize(self, key: str, blog: str | None) -> Grant:
        """Accept ``key`` for ``blog`` or raise ``InvalidKey`` / ``MissingField``.

        ``blog=None`` (the native API without a ``blog``) means the key's own site.
        """
        key = key.strip()
        if not key:
            raise InvalidKey('Empty "api_key" value')
        if not looks_like_key(key):
            raise InvalidKey(f"Invalid key: API keys are {KEY_LENGTH} letters and digits")
        return await self._grants.get((key, blog), lambda: self._grant(key, blog))

    async def _grant(self, key: str, blog: str | None) -> Grant:
        api_key, home = await self._load_key(key)
        if not api_key.active:
            raise InvalidKey("Invalid key: this API key has been revoked", alert_code=10403)
        if blog is None:
            return Grant(api_key, home)
        if not blog.strip():
            raise MissingField("blog")
        if url_scope(blog) is None:
            raise InvalidKey("We were unable to parse your blog URI")
        if not any(covers(base, blog) for base in (home.url, *api_key.allowed_urls)):
            raise InvalidKey(
                f"The blog {blog} is not a site this key is allowed on (keys create --allow URL adds one)",
                alert_code=10404,
            )
        return Grant(api_key, await self._site_for(blog) or home)

    async def _load_key(self, key: str) -> tuple[ApiKey, Site]:
        """The key and its site; an unknown key raises InvalidKey."""
        api_key = await self.store.get_api_key(key)
        if api_key is None:
            raise InvalidKey("Invalid key: this server has no such API key")
        return api_key, await self.store.get_site(api_key.site_id)

    async def _site_for(self, blog: str) -> Site | None:
        return await self._sites.get(blog, lambda: self.store.find_site_by_url(blog))

    def throttle(self, grant: Grant) -> None:
        """Count one call against the key's per-minute limit (shared by all processes, see
        ``akismet_throttle``); raise ``RateLimited`` over it."""
        limit = self.settings.akismet_rate_limit_per_minute
        self.key_throttle.hit(grant.api_key.key, limit, "Akismet calls for this key")

    # -- comment-check, submit-spam, submit-ham -------------------------------------------------------
    async def check(self, grant: Grant, form: Mapping[str, Any]) -> CheckAnswer:
        """Akismet's comment-check: the engine's verdict, or the one a documented test value forces."""
        if not text(form, "user_ip").strip():
            raise MissingField("user_ip")
        is_test = truthy(form.get("is_test", ""))
        forced = forced_verdict(form)
        if forced is not None:
            answer = CheckAnswer(guid=new_guid(), verdict=forced, is_test=is_test, forced=True)
        else:
            fields = engine_fields(form)
            outcome = await self.checker.check(
                grant.site, fields, api_key=grant.api_key.key, is_test=is_test, guid=new_guid()
            )
            answer = CheckAnswer(guid=outcome.guid, verdict=outcome.verdict, is_test=is_test)
        if not is_test:
            self.usage.add(grant.api_key.key, Tally.SPAM if answer.is_spam else Tally.HAM)
        return answer

    async def submit(self, grant: Grant, form: Mapping[str, Any], is_spam: bool) -> None:
        """submit-spam / submit-ham: train the site's model now; undo an earlier opposite report.

        The comment is the one recorded under ``guid`` when that check belongs to this site
        (the fields as the engine saw them), else the fields sent. Test traffic never trains.
        """
        if truthy(form.get("is_test", "")):
            return
        guid = text(form, "guid").strip() or None
        await self.checker.recorder.flush()  # a check answered a moment ago is in the store
        record = await self.store.get_check(guid) if guid else None
        if record is not None and record.site_id == grant.site.id:
            if record.is_test:
                return
            fields: Mapping[str, Any] = record.payload
        else:
            fields = engine_fields(form)
        self.usage.add(grant.api_key.key, Tally.MISSED_SPAM if is_spam else Tally.FALSE_POSITIVES)
        earlier = await self._reports_of(grant.site.id, guid, fields)
        opposite = [e for e in earlier if e.is_spam != is_spam]
        if opposite:  # "not spam after all": the model goes back to where it was
            for event in opposite:
                await self.spam.undo(event.id)
            return
        if earlier:  # the same report again changes nothing
            return
        actor = text(form, "reporter")[:200]
        await self.spam.learn(grant.site, fields, is_spam, source=LEARNING_SOURCE, actor=actor, guid=guid)

    async def _reports_of(
        self, site_id: int, guid: str | None, fields: Mapping[str, Any]
    ) -> list[LearningEvent]:
        """Active Akismet reports about the same comment: same guid, or same text and author."""
        identity = comment_identity(fields)
        return [
            e
            for e in await self.store.learning_events(site_id)
            if e.undone_at is None
            and e.source == LEARNING_SOURCE
            and ((guid is not None and e.guid == guid) or comment_identity(e.payload) == identity)
        ]

    # -- usage figures -------------------------------------------------------------------------------
    async def usage_limit(self, grant: Grant) -> Usage:
        totals = await self.usage.totals(grant.api_key.key, current_month())
        throttled = self.key_throttle.throttled(grant.api_key.key)
        return Usage(limit=None, usage=totals[Tally.CALLS], throttled=throttled)

    async def key_sites(self, grant: Grant, month: str | None = None) -> list[SiteActivity]:
        """The key's activity in ``month`` ("YYYY-MM", default now). Rejoinder counts per key,
        so the one row is the key's own site with all of the key's traffic."""
        month = month or current_month()
        if not MONTH.fullmatch(month):
            raise errors.ValidationError(f"month must look like 2026-11, not {month!r}", field="month")
        totals = await self.usage.totals(grant.api_key.key, month)
        home = await self.store.get_site(grant.api_key.site_id)
        return [
            SiteActivity(
                site=home.url,
                api_calls=totals[Tally.CALLS],
                spam=totals[Tally.SPAM],
                ham=totals[Tally.HAM],
                missed_spam=totals[Tally.MISSED_SPAM],
                false_positives=totals[Tally.FALSE_POSITIVES],
                is_revoked=not grant.api_key.active,
            )
        ]


def new_guid() -> str:
    return str(uuid.uuid4())
