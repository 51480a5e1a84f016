"""Concurrent checks run through the engine together: one ``check_many`` instead of N ``check``.

The engine scores a batch of 16 comments in about a quarter of the time per comment that single
calls take (the n-gram hashing and the model are vectorised): measured on the shipped model,
0.97 ms for a batch of one, 0.47 ms per comment in twos, 0.26 in eights, 0.22 in sixteens. An
idle server scores a check at the next turn of the event loop, in a batch of one. A busy one
(another batch ran less than ``BUSY_WINDOW`` ago) waits ``GATHER`` (2 ms) for the requests that
are arriving, or until ``FULL_BATCH`` are waiting: under load, answers come in steady batches
instead of one by one, for at most 2 ms of latency. ``BUSY_WINDOW`` is 50 ms, not the 5 ms it
was: a loaded worker answers a batch every 5-10 ms, so with 5 ms it mostly took itself for idle
and scored one or two comments at a time (a third of all runs were of one). Requests whose
context, learned model or thresholds differ are scored in separate groups of the same run.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

from rejoinder.domain import Verdict
from rejoinder.spam import Engine, SiteContext, SiteModel, Thresholds

GATHER = 0.002  # seconds a busy server waits for more checks to score together
BUSY_WINDOW = 0.05  # "busy": the previous batch ran less than this long ago (over 20 checks/s)
FULL_BATCH = 32  # never wait once this many checks are waiting

_Group = tuple[SiteContext, SiteModel, Thresholds, list[tuple[Mapping[str, Any], "asyncio.Future[Verdict]"]]]


class EngineBatcher:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._groups: dict[tuple[SiteContext, int, Thresholds], _Group] = {}
        self._timer: asyncio.Handle | None = None
        self._waiting = 0
        self._last_run = float("-inf")
        self.engine_runs = 0  # how many check_many calls served the checks (for tests and stats)

    async def check(
        self,
        fields: Mapping[str, Any],
        *,
        context: SiteContext,
        site_model: SiteModel,
        thresholds: Thresholds,
    ) -> Verdict:
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Verdict] = loop.create_future()
        group = self._groups.setdefault(
            (context, id(site_model), thresholds), (context, site_model, thresholds, [])
        )
        group[3].append((fields, future))
        self._waiting += 1
        if self._timer is None:
            busy = loop.time() - self._last_run < BUSY_WINDOW
            self._timer = loop.call_later(GATHER, self._run) if busy else loop.call_soon(self._run)
        elif self._waiting >= FULL_BATCH:
            self._timer.cancel()
            self._timer = loop.call_soon(self._run)
        return await future

    def _run(self) -> None:
        self._timer = None
        self._waiting = 0
        self._last_run = asyncio.get_running_loop().time()
        groups, self._groups = self._groups, {}
        for context, site_model, thresholds, jobs in groups.values():
            self.engine_runs += 1
            try:
                verdicts = self.engine.check_many(
                    [fields for fields, _ in jobs],
                    context=context,
                    site_model=site_model,
                    thresholds=thresholds,
                )
            except Exception as exc:  # the engine promises not to raise; if it does, every caller hears it
                for _, future in jobs:
                    if not future.done():
                        future.set_exception(exc)
                continue
            for (_, future), verdict in zip(jobs, verdicts, strict=True):
                if not future.done():  # a caller may have gone (client disconnected)
                    future.set_result(verdict)
