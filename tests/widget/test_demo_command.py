"""``rejoinder demo`` prepares its database once: a second start seeds nothing twice, keeps the
admin's password, and leaves the site with the normal anti-bot timing (seeding lowers it briefly)."""

from __future__ import annotations

from pathlib import Path

from rejoinder.cli.demo import ARTICLE, prepare
from rejoinder.domain import CommentStatus, SiteSettings
from rejoinder.storage import open_store

ORIGINS = ("http://127.0.0.1:8123", "http://localhost:8123")


async def test_prepare_seeds_once_and_restores_the_site_settings(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path}/demo.db"
    first = await prepare(db_url, ORIGINS)
    again = await prepare(db_url, ORIGINS)

    assert first.seeded == 6
    assert first.admin_password is not None
    assert len(first.admin_password) >= 12
    assert (again.site_id, again.seeded, again.admin_password) == (first.site_id, 0, None)

    store = await open_store(db_url)
    try:
        site = await store.get_site(first.site_id)
        assert site.settings.min_seconds_on_page == SiteSettings().min_seconds_on_page
        assert set(ORIGINS) <= set(site.settings.allowed_origins)
        thread = await store.get_thread(site.id, f"/demo/{ARTICLE}")
        assert thread is not None
        assert thread.title.startswith("Arctic states agree")
        comments = await store.list_thread_comments(thread.id)
        assert len(comments) == 6
        assert {c.status for c in comments} == {CommentStatus.APPROVED}
        assert sum(c.parent_id is not None for c in comments) == 3
        moderator = await store.get_moderator_by_name("admin")
        assert moderator is not None
        assert first.admin_password not in moderator.password_hash
    finally:
        await store.close()
