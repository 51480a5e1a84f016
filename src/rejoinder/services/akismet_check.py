"""One Akismet check at the speed the protocol needs: an engine run and one insert, nothing more.

``SpamService.check`` builds its ``SiteContext`` from Rejoinder's own comments (duplicates of the
text, known website hosts, previously approved authors): four queries per comment, worth it for
comments posted through the widget, but for a site that sends its comments through the Akismet
API that table is empty and the answers are always "nothing known". So an Akismet check uses the
same parts of the shared service (the site's learned model, the site's thresholds, the recorded
check that submit-spam/ham finds by guid) with a context that holds only what applies to every
site: the moderators' bans, read once per ``CACHE_SECONDS``. Concurrent checks share one engine
run (the service's ``engine_batch``, with the posts), and the check is recorded just after
the answer (``check_recorder``).

The learned model is the one ``SpamService`` keeps for the site in this process (learning in this
process changes it in place at once); whether another process has learned something is asked
at most once per ``CACHE_SECONDS``, so a report made through another worker is seen within it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import Any

from rejoinder.domain import Ban, Site, SiteSettings
from rejoinder.services.bans import matching_ban
from rejoinder.services.check_recorder import CheckRecorder
from rejoinder.services.site_settings import thresholds_of
from rejoinder.services.spam_check import CheckOutcome, SpamService, field_text
from rejoinder.services.ttl_cache import TtlCache
from rejoinder.spam import SiteContext, SiteModel, Thresholds

CACHE_SECONDS = 1.0


class AkismetChecker:
    def __init__(self, spam: SpamService, clock: Callable[[], float] = time.monotonic) -> None:
        self.spam = spam
        self.clock = clock
        self._bans: TtlCache[int, list[Ban]] = TtlCache(CACHE_SECONDS, clock)
        self._models: TtlCache[int, SiteModel] = TtlCache(CACHE_SECONDS, clock)
        self.recorder = CheckRecorder(spam)
        self._thresholds: dict[int, tuple[SiteSettings, Thresholds]] = {}

    async def check(
        self, site: Site, fields: Mapping[str, Any], *, api_key: str, is_test: bool, guid: str
    ) -> CheckOutcome:
        context = SiteContext(ban=await self._ban(site, fields))
        thresholds = self._thresholds_of(site.settings)
        model = await self._models.get(site.id, lambda: self.spam.site_model(site.id))
        verdict = await self.spam.batcher.check(
            fields, context=context, site_model=model, thresholds=thresholds
        )
        outcome = CheckOutcome(guid=guid, verdict=verdict)
        await self.recorder.add(site, fields, outcome, api_key=api_key, is_test=is_test)
        return outcome

    def _thresholds_of(self, settings: SiteSettings) -> Thresholds:
        """``thresholds_of`` once per settings object (the grant cache hands out the same one)."""
        hit = self._thresholds.get(id(settings))
        if hit is not None and hit[0] is settings:
            return hit[1]
        if len(self._thresholds) >= 1024:
            self._thresholds.clear()
        thresholds = thresholds_of(settings)
        self._thresholds[id(settings)] = (settings, thresholds)
        return thresholds

    async def _ban(self, site: Site, fields: Mapping[str, Any]) -> str | None:
        bans = await self._bans.get(site.id, lambda: self.spam.store.list_bans(site.id))
        if not bans:
            return None
        return matching_ban(
            bans,
            name=field_text(fields, "comment_author"),
            email=field_text(fields, "comment_author_email"),
            url=field_text(fields, "comment_author_url"),
            ip=field_text(fields, "user_ip"),
        )
