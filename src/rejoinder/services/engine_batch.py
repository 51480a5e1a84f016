"""Concurrent checks run through the engine together: one ``check_many`` instead of N ``check``.

The engine scores a batch of 16 comments in about a quarter of the time per comment that single
calls take (the n-gram hashing and the model are vectorised). A check does not wait for a batch
to fill: it is queued, and the queue is run at the next turn of the event loop. When the server
is idle that is at once, with a batch of one; under load, every request that arrived while the
previous batch ran is scored in the next one. Requests whose context, learned model or
thresholds differ are scored in separate groups of the same turn.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

from rejoinder.domain import Verdict
from rejoinder.spam import Engine, SiteContext, SiteModel, Thresholds

_Group = tuple[SiteContext, SiteModel, Thresholds, list[tuple[Mapping[str, Any], "asyncio.Future[Verdict]"]]]


class EngineBatcher:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._groups: dict[tuple[SiteContext, int, Thresholds], _Group] = {}
        self._scheduled = False
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
        if not self._scheduled:
            self._scheduled = True
            loop.call_soon(self._run)
        return await future

    def _run(self) -> None:
        self._scheduled = False
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
