"""Retention without anyone remembering a cron job: every server purges at start-up, then hourly.

``RetentionLoop.run_forever`` is started by the app's lifespan. Purging is idempotent, so several
workers purging at once would only waste work; a non-blocking file lock (one per database, in the
temporary directory, released by the OS if the holder dies) lets one process on a machine do a
round while the others skip it. Servers on other machines sharing one PostgreSQL database each
purge; that is correct, just repeated. A failed round is logged and retried at the next interval:
retention must never take the server down.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import hashlib
import logging
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from rejoinder.services.privacy import PrivacyService, PurgeReport

INTERVAL_SECONDS = 3600.0
log = logging.getLogger("rejoinder.retention")


def lock_path_for(database_url: str, folder: Path | None = None) -> Path:
    """A lock file named by a hash of the URL (which may hold a password), never the URL itself."""
    digest = hashlib.sha256(database_url.encode()).hexdigest()[:16]
    return (folder or Path(tempfile.gettempdir())) / f"rejoinder-purge-{digest}.lock"


@contextlib.contextmanager
def exclusive(path: Path) -> Iterator[bool]:
    """Yield True while holding ``path``'s lock, False at once if another process holds it."""
    with path.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class RetentionLoop:
    def __init__(
        self, privacy: PrivacyService, lock_path: Path, interval_seconds: float = INTERVAL_SECONDS
    ) -> None:
        self.privacy = privacy
        self.lock_path = lock_path
        self.interval_seconds = interval_seconds

    async def run_once(self) -> PurgeReport | None:
        """One purge round, or None when another process on this machine is doing it."""
        with exclusive(self.lock_path) as held:
            if not held:
                return None
            report = await self.privacy.purge()
            # rate-limit counters whose two windows have both passed: they can no longer refuse anyone
            await self.privacy.store.purge_rate_limits(int(time.time()))
            return report

    async def run_forever(self) -> None:
        while True:
            try:
                report = await self.run_once()
            except Exception:  # logged; the next round tries again
                log.exception("retention purge failed; next try in %.0f s", self.interval_seconds)
            else:
                if report is not None:
                    log.info("retention purge: %s", report)
            await asyncio.sleep(self.interval_seconds)
