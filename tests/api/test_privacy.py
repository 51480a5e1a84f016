"""Privacy: the notice follows the configuration; export, erase and purge through the real CLI."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from rejoinder.domain import CommentStatus, RequiredField
from rejoinder.services.privacy import PrivacyService
from tests.api.conftest import Api, running_api
from tests.api.test_post import assert_error
from tests.support.live_server import run_cli


async def test_the_notice_is_generated_from_the_real_configuration(api: Api) -> None:
    site = await api.site(required_fields=(RequiredField.NAME,), retention_days=365, edit_window_seconds=600)
    r = await api.client.get(f"/privacy/{site.id}")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    page = r.text
    assert "Required: your name." in page
    assert "Optional: your e-mail address and website" in page
    assert "deleted 365 days after" in page
    assert "/24" in page
    assert "/48" in page
    assert (
        f"erased after\n{api.settings.ip_retention_days} days" in page
        or f"{api.settings.ip_retention_days} days" in page
    )
    assert "runs on this server" in page
    assert "Nothing you write is sent to a\nthird party" in page
    assert "for 10 minutes" in page
    config = (await api.client.get("/api/config", params={"site": site.id, "uri": "/a"})).json()
    assert config["privacy_url"] == f"/privacy/{site.id}"
    assert_error(await api.client.get("/privacy/999999"), 404, "site")


async def test_the_notice_escapes_the_site_name(api: Api) -> None:
    site = await api.store.create_site("<script>alert(1)</script>", "https://xss-name.example")
    page = (await api.client.get(f"/privacy/{site.id}")).text
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;" in page


async def test_export_and_erase_through_the_cli(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'r.db'}"
    site = json.loads(
        run_cli("sites", "create", "--name", "News", "--url", "https://news.example", db_url=db).stdout
    )
    async with running_api(db) as api:
        s = await api.store.get_site(site["id"])
        await api.store.update_site_settings(s.id, replace(s.settings, min_seconds_on_page=0.0))
        r = await api.post(s, email="Erase.Me@example.org", website="https://me.example")
        assert r.status_code == 201, r.text
        comment_id = r.json()["comment"]["id"]
        await api.app.state.services.moderation.act("editor", "spam", [comment_id])  # a learning event
    exported = json.loads(run_cli("privacy", "export", "erase.me@example.org", db_url=db).stdout)
    assert [c["id"] for c in exported["comments"]] == [comment_id]
    assert exported["comments"][0]["ip_network"] == "203.0.113.0"
    assert exported["comments"][0]["website"] == "https://me.example"
    (check,) = exported["spam_checks"]  # the recorded check of the post holds the same fields
    assert check["fields"]["comment_author_email"] == "Erase.Me@example.org"
    (event,) = exported["learning_events"]
    assert (event["comment_id"], event["taught"], event["source"]) == (comment_id, "spam", "dashboard")
    assert (exported["reply_subscriptions"], exported["mail"]) == ([], [])
    out = run_cli("privacy", "erase", "erase.me@example.org", "--yes", db_url=db).stdout
    assert "1 comment" in out
    again = json.loads(run_cli("privacy", "export", "erase.me@example.org", db_url=db).stdout)
    assert {key: again[key] for key in ("comments", "spam_checks", "learning_events")} == {
        "comments": [],
        "spam_checks": [],
        "learning_events": [],
    }
    bad = run_cli("privacy", "export", "not-an-address", db_url=db, check=False)
    assert bad.returncode == 2
    assert "not an e-mail address" in bad.stderr


async def test_purge_enforces_retention(api: Api) -> None:
    site = await api.site(retention_days=10)
    kept = (await api.post(site)).json()["comment"]["id"]
    spam = (await api.post(site, text="Another opinion on the council budget, quite different.")).json()[
        "comment"
    ]["id"]
    await api.store.set_comment_status(spam, CommentStatus.SPAM)
    service = PrivacyService(api.store, api.settings)
    report = await service.purge(now=datetime.now(UTC) + timedelta(days=5))
    assert report.expired == 0
    assert (await api.store.get_comment(kept)).ip == "203.0.113.0"
    report = await service.purge(now=datetime.now(UTC) + timedelta(days=31))
    assert report.spam_and_deleted >= 1
    assert report.expired >= 1
    counts = await api.store.count_by_status(site.id)
    assert sum(counts.values()) == 0


def test_sites_cli_validates_settings(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'r.db'}"
    created = json.loads(
        run_cli(
            "sites",
            "create",
            "--name",
            "N",
            "--url",
            "https://n.example/",
            "--origin",
            "https://m.example",
            db_url=db,
        ).stdout
    )
    assert created["url"] == "https://n.example"
    assert created["settings"]["allowed_origins"] == ["https://m.example"]
    changed = json.loads(
        run_cli(
            "sites", "set", str(created["id"]), "moderation=hold_all", "required_fields=name", db_url=db
        ).stdout
    )
    assert changed["settings"]["moderation"] == "hold_all"
    assert changed["settings"]["required_fields"] == ["name"]
    listed = run_cli("sites", "list", db_url=db).stdout.splitlines()
    assert json.loads(listed[0])["settings"]["moderation"] == "hold_all"
    for bad, says in [
        ("nonsense=1", "key one of"),
        ("moderation=maybe", "moderation"),
        ("edit_window_seconds=x", "edit_window_seconds"),
    ]:
        result = run_cli("sites", "set", str(created["id"]), bad, db_url=db, check=False)
        assert result.returncode == 2
        assert says in result.stderr
    missing = run_cli("sites", "set", "999", "moderation=hold_all", db_url=db, check=False)
    assert missing.returncode == 1


async def test_the_notice_names_where_webhooks_send_comments(api: Api) -> None:
    quiet = await api.site()
    hooked = await api.site(webhook_url="https://hooks.slack.com/services/T0/B0/secret-part")
    assert "Notifications to the site" not in (await api.client.get(f"/privacy/{quiet.id}")).text
    page = (await api.client.get(f"/privacy/{hooked.id}")).text
    assert "are sent to hooks.slack.com to notify the site's moderators" in page.replace("\n", " ")
    assert "secret-part" not in page  # the host, never the URL
    assert "e-mail address and IP address are never sent" in page.replace("\n", " ")
