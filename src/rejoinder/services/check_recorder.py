"""Recorded checks written just after the answer, all that are waiting in one commit.

A check is recorded so that a later submit-spam/ham can find it by guid, minutes or days later.
Writing it before answering would put a disk flush (about 5 ms here, more when another worker
holds SQLite's write lock) into every answer; so the answer goes out first and the record
follows within milliseconds, together with every other record waiting then (the store gives
concurrent inserts one commit). This process's own reads of a guid call ``flush`` first, so they
always see it; a crash loses at most the records of the last few milliseconds, which only means
a report about those comments uses the fields it carries instead of the recorded ones.
``MAX_WAITING`` bounds the memory: past it, a check waits for the writer (back-pressure).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from typing import Any

from rejoinder.domain import Site
from rejoinder.services.spam_check import CheckOutcome, SpamService

MAX_WAITING = 2_000
log = logging.getLogger(__name__)

_Record = tuple[Site, Mapping[str, Any], CheckOutcome, str, bool]


class CheckRecorder:
    def __init__(self, spam: SpamService) -> None:
        self.spam = spam
        self._waiting: list[_Record] = []
        self._writer: asyncio.Task[None] | None = None

    async def add(
        self, site: Site, fields: Mapping[str, Any], outcome: CheckOutcome, *, api_key: str, is_test: bool
    ) -> None:
        self._waiting.append((site, fields, outcome, api_key, is_test))
        if self._writer is None or self._writer.done():
            self._writer = asyncio.get_running_loop().create_task(self._write())
        if len(self._waiting) > MAX_WAITING:
            await self.flush()

    async def flush(self) -> None:
        """Return once every record added so far is committed."""
        while self._writer is not None and not self._writer.done():
            await asyncio.shield(self._writer)
        if self._waiting:
            await self._write()

    async def _write(self) -> None:
        while self._waiting:
            batch, self._waiting = self._waiting, []
            results = await asyncio.gather(
                *[
                    self.spam.record(site, fields, outcome, api_key=api_key, is_test=is_test)
                    for site, fields, outcome, api_key, is_test in batch
                ],
                return_exceptions=True,
            )
            failures = [r for r in results if isinstance(r, BaseException)]
            if failures:  # statistics and guid joins only: log, never fail an answer already sent
                log.error(
                    "could not record %d of %d Akismet checks: %r", len(failures), len(batch), failures[0]
                )
