"""Recorded checks written just after the answer, all that are waiting in one commit.

A check is recorded so that a later submit-spam/ham can find it by guid, minutes or days later.
Writing it before answering would put a disk flush (about 5 ms here, more when another worker
holds SQLite's write lock) into every answer, and a commit per check costs more CPU than the
check; so the answer goes out first, and the records of the next ``WRITE_DELAY`` seconds are
written together (the store gives concurrent inserts one commit). This process's own reads of a
guid call ``flush`` first, so they always see it; a crash loses at most the records of the last
50 ms, which only means a report about those comments uses the fields it carries instead.
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
WRITE_DELAY = 0.05  # seconds; a busy server commits every 50 ms, whatever the rate
log = logging.getLogger(__name__)

_Record = tuple[Site, Mapping[str, Any], CheckOutcome, str, bool]


class CheckRecorder:
    def __init__(self, spam: SpamService) -> None:
        self.spam = spam
        self._waiting: list[_Record] = []
        self._writer: asyncio.Task[None] | None = None
        self._writing = asyncio.Lock()

    async def add(
        self, site: Site, fields: Mapping[str, Any], outcome: CheckOutcome, *, api_key: str, is_test: bool
    ) -> None:
        self._waiting.append((site, fields, outcome, api_key, is_test))
        if self._writer is None or self._writer.done():
            self._writer = asyncio.get_running_loop().create_task(self._write_soon())
        if len(self._waiting) > MAX_WAITING:
            await self.flush()

    async def flush(self) -> None:
        """Return once every record added so far is committed."""
        await self._write()

    async def close(self) -> None:
        """Write what is waiting, and let the timer end (at most ``WRITE_DELAY``): the process stops.

        The timer is not cancelled: it may be in the middle of a write, which must finish."""
        await self.flush()
        if self._writer is not None:
            await self._writer

    async def _write_soon(self) -> None:
        """Write every WRITE_DELAY while records wait.

        It loops rather than writing once: a record added while this task is committing finds
        the task still running and starts no other, so this task must pick it up. Between the
        ``while`` test and the task ending there is no ``await``, so nothing can slip in."""
        while self._waiting:
            await asyncio.sleep(WRITE_DELAY)  # gather what arrives meanwhile into the same commit
            await self._write()

    async def _write(self) -> None:
        async with self._writing:  # a flush waits for a write under way, then writes the rest
            if not self._waiting:
                return
            batch, self._waiting = self._waiting, []
            results = await asyncio.gather(*map(self._record, batch), return_exceptions=True)
        failures = [r for r in results if isinstance(r, BaseException)]
        if failures:  # statistics and guid joins only: log, never fail an answer already sent
            log.error("could not record %d of %d Akismet checks: %r", len(failures), len(batch), failures[0])

    async def _record(self, waiting: _Record) -> None:
        """One record's row made and written; a failure in either is this record's alone."""
        site, fields, outcome, api_key, is_test = waiting
        await self.spam.record(self.spam.record_of(site, fields, outcome, api_key=api_key, is_test=is_test))
