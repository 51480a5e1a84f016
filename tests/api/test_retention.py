"""Retention of what the spam filter records: checks are deleted, learning copies lose their IP and
user agent, the notice says so, and a running server applies it by itself (at start-up, then hourly)."""

from __future__ import annotations

import asyncio
import contextlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

from rejoinder.domain import Decision
from rejoinder.services.privacy import PrivacyService
from rejoinder.services.retention import RetentionLoop, exclusive, lock_path_for
from rejoinder.storage import open_store
from rejoinder.storage.base import SpamCheckRecord
from tests.api.conftest import Api, running_api
from tests.support.live_server import run_cli

FIELDS = {
    "comment_content": "Visit my shop",
    "comment_author": "Seller",
    "comment_author_email": "seller@example.org",
    "user_ip": "198.51.100.0",
    "user_agent": "SpamBot/1.0",
}


def _check(guid: str, site_id: int, days_old: float) -> SpamCheckRecord:
    at = datetime.now(UTC) - timedelta(days=days_old)
    return SpamCheckRecord(guid, site_id, None, None, FIELDS, 0.999, Decision.DISCARD, created_at=at)


async def test_purge_deletes_old_checks_and_blanks_ips_in_old_learning_records(api: Api) -> None:
    site = await api.site()
    old, new = f"old-{site.id}", f"new-{site.id}"
    await api.store.record_check(_check(old, site.id, api.settings.check_retention_days + 1))
    await api.store.record_check(_check(new, site.id, 1))
    event = await api.store.add_learning_event(site.id, FIELDS, True, "dashboard")
    service = PrivacyService(api.store, api.settings)
    await service.purge()  # (the app's own start-up purge may have run first: count nothing here)
    assert await api.store.get_check(old) is None
    assert await api.store.get_check(new) is not None
    (learned,) = await api.store.learning_events(site.id)
    assert learned.payload == FIELDS  # younger than ip_retention_days
    later = datetime.now(UTC) + timedelta(days=api.settings.ip_retention_days + 1)
    report = await service.purge(now=later)
    assert report.learning_minimised >= 1
    (learned,) = await api.store.learning_events(site.id)
    assert learned.id == event.id
    assert learned.payload == {**FIELDS, "user_ip": "", "user_agent": ""}
    assert await api.store.get_check(new) is None


async def test_the_notice_states_how_long_checks_and_learning_records_are_kept(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'n.db'}"
    async with running_api(url, check_retention_days=14, ip_retention_days=7) as api:
        site = await api.site()
        page = " ".join((await api.client.get(f"/privacy/{site.id}")).text.split())
    assert "rejected and did not store) is deleted after 14 days" in page
    assert "user-agent string are erased after 7 days" in page
    assert "applied by the server itself, every hour" in page


async def test_a_server_purges_at_start_up_without_any_command(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 's.db'}"
    store = await open_store(url)
    try:
        await store.migrate()
        site = await store.create_site("S", "https://s.example")
        await store.record_check(_check("forgotten", site.id, 45))
    finally:
        await store.close()
    async with running_api(url) as api:
        for _ in range(100):
            if await api.store.get_check("forgotten") is None:
                break
            await asyncio.sleep(0.05)
        assert await api.store.get_check("forgotten") is None


async def test_only_one_process_on_a_machine_purges_at_a_time(api: Api, tmp_path: Path) -> None:
    lock = lock_path_for(api.settings.database_url, tmp_path)
    assert "sqlite" not in lock.name  # the URL (perhaps with a password) is hashed, not written
    loop = RetentionLoop(PrivacyService(api.store, api.settings), lock, interval_seconds=0.01)
    with exclusive(lock) as held:  # another worker is purging
        assert held
        assert await loop.run_once() is None
    assert await loop.run_once() is not None
    task = asyncio.create_task(loop.run_forever())
    await asyncio.sleep(0.1)  # several rounds; a round never ends the loop
    assert not task.done()
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


def test_the_purge_command_reports_checks_and_learning_records(tmp_path: Path) -> None:
    out = run_cli("privacy", "purge", db_url=f"sqlite:///{tmp_path / 'c.db'}").stdout
    assert "0 recorded spam check(s)" in out
    assert "user agent of 0 learning record(s)" in out
