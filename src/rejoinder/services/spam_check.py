"""The one door to the spam engine, shared by the comments API, the Akismet server and the dashboard.

``SpamService.check`` turns a site's own history (bans, duplicate texts, known website hosts,
previously approved authors) into a ``SiteContext``, runs the engine with the site's thresholds
on top of the site's learned layer, and records the check so that a later submit-spam/ham or a
moderator's click can find it by guid.

Learning is event-sourced: every mark is a row in ``learning_events``; each process keeps one
``SiteModel`` per site and, before every check, replays what it has not seen yet (new events,
and events undone since). So every worker agrees, and the learned state survives restarts.
"""

from __future__ import annotations

import asyncio
import math
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from rejoinder.domain import Site, Verdict
from rejoinder.services.bans import matching_ban
from rejoinder.services.engine_batch import EngineBatcher
from rejoinder.services.ip import minimise_ip
from rejoinder.services.site_settings import thresholds_of
from rejoinder.settings import Settings
from rejoinder.spam import Engine, SiteContext, SiteModel, fingerprint
from rejoinder.storage.base import FactsQuery, LearningEvent, SpamCheckRecord, SpamFacts, Store
from rejoinder.storage.hosts import url_host

DUPLICATE_WINDOW = timedelta(days=7)  # "the same text posted again" looks this far back


@dataclass(frozen=True, slots=True)
class CheckOutcome:
    guid: str
    verdict: Verdict


@dataclass(slots=True)
class _LearnedState:
    """One site's learned layer in this process, and how far into the event log it has read."""

    model: SiteModel
    last_id: int = 0
    undone: int = -1  # undone events seen; -1 forces the first full read
    active: dict[int, LearningEvent] = field(default_factory=dict)


def field_text(fields: Mapping[str, Any], *names: str) -> str:
    """The first of ``names`` present in ``fields`` as text (Akismet names first, then short ones)."""
    for name in names:
        value = fields.get(name)
        if value is None:
            continue
        return value if isinstance(value, str) else str(value)
    return ""


def _learn_run(model: SiteModel, run: list[LearningEvent]) -> None:
    """Learn the events of ``run`` in their order, and empty it."""
    if run:
        model.learn_many([e.payload for e in run], [e.is_spam for e in run])
        run.clear()


async def _fit_in_thread(model: SiteModel) -> None:
    """Refit a site's layer in a worker thread: up to a second for thousands of marks, which on
    the event loop would stall every request of the process. The caller (holding the site's lock)
    waits for it; checks already holding the model keep its previous weights meanwhile."""
    job = model.fit_job()
    try:
        weights = await asyncio.to_thread(job.run)
    except BaseException:
        model.abandon(job)
        raise
    model.adopt(job, weights)


def _json_safe(fields: Mapping[str, Any]) -> dict[str, Any]:
    """What is recorded of a check: primitives only, the IP minimised, floats finite."""
    safe: dict[str, Any] = {}
    for key, value in fields.items():
        if isinstance(value, bool | int | str) or value is None:
            safe[str(key)] = value
        elif isinstance(value, float):
            safe[str(key)] = value if math.isfinite(value) else None
        else:
            safe[str(key)] = str(value)
    for key in ("user_ip", "author_ip"):
        if isinstance(safe.get(key), str):
            safe[key] = minimise_ip(safe[key])
    return safe


def _facts_query(site: Site, fields: Mapping[str, Any], text_hash: str | None = None) -> FactsQuery:
    """What to ask the store about this comment: its text's hash, website host and author triple.
    ``text_hash`` is the caller's ``fingerprint`` of the text, when it has one (a post stores it)."""
    name = field_text(fields, "comment_author", "author")
    email = field_text(fields, "comment_author_email", "author_email")
    url = field_text(fields, "comment_author_url", "author_url")
    text = field_text(fields, "comment_content", "content")
    if not text:
        text_hash = ""
    elif text_hash is None:
        text_hash = fingerprint(text)
    return FactsQuery(
        site_id=site.id,
        text_hash=text_hash,
        since=datetime.now(UTC) - DUPLICATE_WINDOW,
        host=url_host(url),
        trust=site.settings.trust_approved_commenters and bool(name or email),
        name=name,
        email=email,
        url=url,
    )


def _context_of(facts: SpamFacts, fields: Mapping[str, Any]) -> SiteContext:
    ban = matching_ban(
        facts.bans,
        name=field_text(fields, "comment_author", "author"),
        email=field_text(fields, "comment_author_email", "author_email"),
        url=field_text(fields, "comment_author_url", "author_url"),
        ip=field_text(fields, "user_ip", "author_ip"),
    )
    host_seen = facts.host_count if facts.host_count >= 0 else None  # None: no website, nothing known
    return SiteContext(
        duplicates_on_site=facts.duplicates,
        author_url_host_seen=host_seen,
        author_trusted=facts.trusted,
        ban=ban,
    )


class SpamService:
    def __init__(self, store: Store, engine: Engine, settings: Settings) -> None:
        self.store = store
        self.engine = engine
        self.settings = settings
        self._learned: dict[int, _LearnedState] = {}
        self._locks: dict[int, asyncio.Lock] = {}
        # Concurrent checks (posts, edits) are scored in one engine run: a batch of one costs about
        # four times as much per comment as a batch of eight, and a verdict does not depend on its
        # batch. An idle process still scores a lone check at the next turn of the event loop.
        self.batcher = EngineBatcher(engine)

    async def check(
        self,
        site: Site,
        fields: Mapping[str, Any],
        *,
        api_key: str | None = None,
        comment_id: int | None = None,
        is_test: bool = False,
        record: bool = True,
        guid: str | None = None,
        text_hash: str | None = None,
    ) -> CheckOutcome:
        """Score one comment for ``site``. ``guid`` may be chosen by the caller (the comments API
        uses its form token's nonce, which makes a replayed form visible in ``spam_checks``).
        ``text_hash``: ``fingerprint`` of the fields' ``comment_content`` if the caller has it
        already (the comments API stores it with the comment; normalising a text twice cost a
        post ~3% of its CPU)."""
        facts = await self.store.spam_facts(_facts_query(site, fields, text_hash))  # one call, not five
        context = _context_of(facts, fields)
        site_model = await self.site_model(site.id, version=facts.learning_version)
        thresholds = thresholds_of(site.settings)  # clamped and ordered: a bad row is never a 500
        verdict = await self.batcher.check(
            fields, context=context, site_model=site_model, thresholds=thresholds
        )
        outcome = CheckOutcome(guid=guid or str(uuid.uuid4()), verdict=verdict)
        if record:
            await self.record(
                self.record_of(site, fields, outcome, api_key=api_key, comment_id=comment_id, is_test=is_test)
            )
        return outcome

    async def record(self, check: SpamCheckRecord) -> None:
        """Keep a check (made by ``record_of``) for later submit-spam/ham; separate from ``check``
        so a caller can record after an insert, or after its answer has gone."""
        await self.store.record_check(check)

    @staticmethod
    def record_of(
        site: Site,
        fields: Mapping[str, Any],
        outcome: CheckOutcome,
        *,
        api_key: str | None = None,
        comment_id: int | None = None,
        is_test: bool = False,
    ) -> SpamCheckRecord:
        """The row ``record`` writes, for a caller that writes it with its comment in one transaction."""
        return SpamCheckRecord(
            guid=outcome.guid,
            site_id=site.id,
            api_key=api_key,
            comment_id=comment_id,
            payload=_json_safe(fields),
            score=outcome.verdict.score,
            decision=outcome.verdict.decision,
            is_test=is_test,
        )

    async def context_for(self, site: Site, fields: Mapping[str, Any]) -> SiteContext:
        """What the site's own history says about this author and this text."""
        return _context_of(await self.store.spam_facts(_facts_query(site, fields)), fields)

    # -- learning -------------------------------------------------------------------------------
    async def learn(
        self,
        site: Site,
        fields: Mapping[str, Any],
        is_spam: bool,
        *,
        source: str,
        actor: str = "",
        guid: str | None = None,
        comment_id: int | None = None,
    ) -> LearningEvent:
        """Store the mark, then sync at once: the very next check in this process already sees it."""
        event = await self.store.add_learning_event(
            site.id, _json_safe(fields), is_spam, source, guid=guid, comment_id=comment_id, actor=actor
        )
        await self.site_model(site.id)
        return event

    async def undo(self, event_id: int) -> None:
        event = await self.store.undo_learning_event(event_id)
        await self.site_model(event.site_id)

    async def site_model(self, site_id: int, version: tuple[int, int] | None = None) -> SiteModel:
        """This process's learned layer for the site, brought up to date with the event log.

        ``version`` is the site's ``learning_state_version`` when the caller has just read it
        (``check`` gets it with the spam facts), which saves a query on every check.
        """
        if version is None:
            version = await self.store.learning_state_version(site_id)
        state = self._learned.get(site_id)
        if state is not None and (state.last_id, state.undone) == version:
            return state.model
        lock = self._locks.setdefault(site_id, asyncio.Lock())
        async with lock:
            state = self._learned.setdefault(site_id, _LearnedState(self.engine.new_site_model()))
            version = await self.store.learning_state_version(site_id)
            if (state.last_id, state.undone) != version:
                await self._replay(site_id, state, version)
            if state.model.needs_fit:
                await _fit_in_thread(state.model)
            return state.model

    async def _replay(self, site_id: int, state: _LearnedState, version: tuple[int, int]) -> None:
        # Undos can touch any old event, so a change in their number means reading the whole log;
        # otherwise only the events after the last one seen. New marks are learned in runs
        # (``learn_many``: one feature extraction per run, which makes a long log cheap at
        # start-up); a run ends before an undo, so marks and undos keep their order.
        after = 0 if version[1] != state.undone else state.last_id
        run: list[LearningEvent] = []
        for event in await self.store.learning_events(site_id, after_id=after):
            if event.undone_at is not None:
                old = state.active.pop(event.id, None)
                if old is not None:
                    _learn_run(state.model, run)
                    state.model.unlearn(old.payload, old.is_spam)
            elif event.id not in state.active:
                run.append(event)
                state.active[event.id] = event
            state.last_id = max(state.last_id, event.id)
        _learn_run(state.model, run)
        state.undone = version[1]
