"""Readers' likes and reports: one per reader, on published comments only; enough reports hold a
comment until a moderator approves it again. Runs on SQLite and PostgreSQL (``api`` fixture)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select

from rejoinder.domain import CommentStatus, Reaction, ReactionKind, ReportReason, Site
from rejoinder.services.privacy import PrivacyService
from rejoinder.services.reactions import REACTIONS_PER_MINUTE, READERS
from rejoinder.storage.schema import reactions
from tests.api.conftest import Api
from tests.api.test_post import assert_error


async def _published(api: Api, site: Site, **fields: Any) -> int:
    r = await api.post(site, **fields)
    assert r.status_code == 201, r.text
    assert r.json()["status"] == "approved"
    cid: int = r.json()["comment"]["id"]
    return cid


def _origin(site: Site) -> dict[str, str]:
    return {"Origin": site.url}


async def _listed(api: Api, site: Site, **params: Any) -> dict[int, dict[str, Any]]:
    return {c["id"]: c for c in (await api.thread(site, **params))["comments"]}


async def test_a_reader_likes_once_and_can_take_it_back(api: Api) -> None:
    site = await api.site()
    cid = await _published(api, site)
    like = f"/api/comments/{cid}/like"
    first = await api.client.post(like, headers=_origin(site))
    assert first.status_code == 200, first.text
    assert first.json() == {"likes": 1, "liked": True}
    again = await api.client.post(like, headers=_origin(site))
    assert again.json() == {"likes": 1, "liked": True}, "a second like by the same reader counts once"
    async with api.client_from("198.51.100.23") as other:
        assert (await other.post(like, headers=_origin(site))).json()["likes"] == 2
    assert (await _listed(api, site))[cid]["likes"] == 2, "the cached thread shows the new count"
    undone = await api.client.delete(like, headers=_origin(site))
    assert undone.json() == {"likes": 1, "liked": False}
    assert (await api.client.delete(like, headers=_origin(site))).json()["likes"] == 1
    assert (await api.store.get_comment(cid)).likes == 1


async def test_the_best_sort_follows_the_likes(api: Api) -> None:
    site = await api.site()
    first = await _published(api, site, text="The first comment, about the bus routes.")
    second = await _published(api, site, text="The second comment, about the school budget.")
    await api.client.post(f"/api/comments/{second}/like", headers=_origin(site))
    best = [c["id"] for c in (await api.thread(site, sort="best"))["comments"]]
    assert best == [second, first]


async def test_only_published_comments_take_reactions(api: Api) -> None:
    site = await api.site()
    cid = await _published(api, site)
    await api.store.set_comment_status(cid, CommentStatus.PENDING)
    for path in (f"/api/comments/{cid}/like", "/api/comments/99999999/like"):
        assert_error(await api.client.post(path, headers=_origin(site)), 404, "comment_id")
    assert_error(await api.client.post("/api/comments/abc/like"), 422, "comment_id")
    quiet = await api.client.post(f"/api/comments/{cid}/report", headers=_origin(site), json={})
    assert quiet.status_code == 200, "a reader whose page still shows a held comment is not told more"
    assert await api.store.reports_of([cid]) == {}


async def test_a_site_without_likes_refuses_them_and_a_foreign_origin_is_refused(api: Api) -> None:
    site = await api.site(likes=False, allowed_origins=("https://allowed.example",))
    cid = await _published(api, site)
    r = await api.client.post(f"/api/comments/{cid}/like", headers={"Origin": "https://allowed.example"})
    assert r.status_code == 409, r.text
    assert "likes" in r.json()["error"]["message"]
    r = await api.client.post(f"/api/comments/{cid}/report", headers={"Origin": "https://evil.example"})
    assert r.status_code == 403, r.text
    assert await api.store.reports_of([cid]) == {}


async def test_enough_reports_hold_a_comment_until_a_moderator_approves_it(api: Api) -> None:
    site = await api.site(reports_to_hold=3)
    cid = await _published(api, site)
    report = f"/api/comments/{cid}/report"
    reasons = ["abuse", "abuse", "spam"]
    for n, reason in enumerate(reasons[:2]):
        async with api.client_from(f"198.51.100.{n + 1}") as reader:
            r = await reader.post(report, headers=_origin(site), json={"reason": reason})
            assert r.status_code == 200, r.text
            assert r.json()["reported"] is True
            # the same reader reporting twice is one report
            await reader.post(report, headers=_origin(site), json={"reason": reason})
    assert cid in await _listed(api, site), "two reports are not enough"
    async with api.client_from("198.51.100.3") as reader:
        await reader.post(report, headers=_origin(site), json={"reason": reasons[2]})
    assert cid not in await _listed(api, site)
    assert (await api.store.get_comment(cid)).status is CommentStatus.PENDING
    reports = (await api.store.reports_of([cid]))[cid]
    assert reports.by_reason == {ReportReason.ABUSE: 2, ReportReason.SPAM: 1}
    assert reports.total == 3
    entry = (await api.store.list_audit(limit=5))[0]
    assert (entry.actor, entry.action, entry.target) == (READERS, "hold", f"comment {cid}")

    await api.app.state.services.moderation.act("editor", "approve", [cid])
    assert cid in await _listed(api, site)
    assert await api.store.reports_of([cid]) == {}, "the moderator's judgement dismisses the reports"
    for n in range(3):  # the same readers cannot hide it again...
        async with api.client_from(f"198.51.100.{n + 1}") as reader:
            assert (await reader.post(report, headers=_origin(site), json={})).status_code == 200
    assert cid in await _listed(api, site)
    assert await api.store.reports_of([cid]) == {}
    async with api.client_from("198.51.100.99") as newcomer:  # ...but a new reader counts
        await newcomer.post(report, headers=_origin(site), json={"reason": "spam"})
    assert (await api.store.reports_of([cid]))[cid].by_reason == {ReportReason.SPAM: 1}


async def test_a_moderators_decision_at_the_same_moment_beats_the_readers_hold(api: Api) -> None:
    """The hold is one conditional step: it never overrules a spam mark or a dismissal that landed
    between the last report and the hold, and only one of two racing reports holds."""
    site = await api.site(reports_to_hold=2)
    marked, kept, held = [
        await _published(api, site, text=f"Comment {n} on the bus routes.") for n in range(3)
    ]
    for cid in (marked, kept, held):
        for voter in ("a" * 32, "b" * 32):
            await api.store.add_reaction(Reaction(cid, ReactionKind.REPORT, voter, ReportReason.SPAM))
    await api.store.set_comment_status(marked, CommentStatus.SPAM)  # the moderator was quicker
    await api.store.dismiss_reports([kept])  # ...or answered the reports first
    assert not await api.store.hold_reported(marked, 2)
    assert not await api.store.hold_reported(kept, 2)
    assert await api.store.hold_reported(held, 2)
    assert not await api.store.hold_reported(held, 2), "a second racing report finds it held"
    statuses = [(await api.store.get_comment(cid)).status for cid in (marked, kept, held)]
    assert statuses == [CommentStatus.SPAM, CommentStatus.APPROVED, CommentStatus.PENDING]
    assert held not in await _listed(api, site), "the held comment leaves the cached thread"


async def test_reports_never_hold_when_the_site_says_zero(api: Api) -> None:
    site = await api.site(reports_to_hold=0)
    cid = await _published(api, site)
    for n in range(4):
        async with api.client_from(f"192.0.2.{n + 1}") as reader:
            await reader.post(f"/api/comments/{cid}/report", headers=_origin(site))
    assert (await api.store.get_comment(cid)).status is CommentStatus.APPROVED
    assert (await api.store.reports_of([cid]))[cid].by_reason == {ReportReason.OTHER: 4}


async def test_bad_report_bodies_say_what_to_fix(api: Api) -> None:
    site = await api.site()
    cid = await _published(api, site)
    report = f"/api/comments/{cid}/report"
    assert_error(
        await api.client.post(report, json={"reason": "boring"}, headers=_origin(site)), 422, "reason"
    )
    r = await api.client.post(
        report, content=b"{not json", headers={**_origin(site), "Content-Type": "application/json"}
    )
    assert 400 <= r.status_code < 500, r.text
    assert await api.store.reports_of([cid]) == {}


async def test_reactions_are_rate_limited_per_address(api: Api) -> None:
    site = await api.site()
    cid = await _published(api, site)
    async with api.client_from("203.0.113.200") as reader:
        for n in range(REACTIONS_PER_MINUTE):
            method = reader.post if n % 2 == 0 else reader.delete
            assert (await method(f"/api/comments/{cid}/like", headers=_origin(site))).status_code == 200
        refused = await reader.post(f"/api/comments/{cid}/like", headers=_origin(site))
    assert refused.status_code == 429, refused.text
    assert int(refused.headers["Retry-After"]) >= 1


async def test_no_address_is_stored_and_old_reactions_are_purged(api: Api) -> None:
    site = await api.site()
    cid = await _published(api, site)
    async with api.client_from("198.51.100.77") as reader:
        await reader.post(f"/api/comments/{cid}/like", headers=_origin(site))
        await reader.post(f"/api/comments/{cid}/report", headers=_origin(site), json={"reason": "spam"})
    async with api.store.engine.connect() as conn:  # type: ignore[attr-defined]
        voters = [
            r[0] for r in await conn.execute(select(reactions.c.voter).where(reactions.c.comment_id == cid))
        ]
    assert len(voters) == 2
    assert all(len(v) == 32 and "198.51" not in v and int(v, 16) >= 0 for v in voters)

    later = datetime.now(UTC) + timedelta(days=api.settings.ip_retention_days + 1)
    report = await PrivacyService(api.store, api.settings).purge(now=later)
    assert report.reactions >= 2
    assert await api.store.reports_of([cid]) == {}
    assert (await api.store.get_comment(cid)).likes == 1, "the count outlives who gave it"


async def test_the_privacy_notice_describes_likes_and_reports(api: Api) -> None:
    with_likes = await api.site(reports_to_hold=5)
    page = (await api.client.get(f"/privacy/{with_likes.id}")).text
    assert "like a comment or report one" in page
    assert "5 readers" in page
    without = await api.site(likes=False, reports_to_hold=0)
    page = (await api.client.get(f"/privacy/{without.id}")).text
    assert "like a comment" not in page
    assert "report one to the moderators" in page
    assert "readers report waits" not in page


class _ReportLandsFirst:
    """The real store, with the readers' last report landing at the worst moment: after the
    moderator's action has read the comments, just before it answers their reports."""

    def __init__(self, store: Any, comment_id: int) -> None:
        self._store = store
        self._comment_id = comment_id

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)

    async def dismiss_reports(self, ids: Any) -> None:
        assert await self._store.hold_reported(self._comment_id, 2)
        await self._store.dismiss_reports(ids)


async def test_an_approval_publishes_a_comment_that_reports_held_after_the_moderator_read_it(
    api: Api,
) -> None:
    site = await api.site(reports_to_hold=2)
    cid = await _published(api, site)
    for voter in ("a" * 32, "b" * 32):
        await api.store.add_reaction(Reaction(cid, ReactionKind.REPORT, voter, ReportReason.SPAM))
    moderation = api.app.state.services.moderation
    moderation.store = _ReportLandsFirst(api.store, cid)
    try:
        result = await moderation.act("editor", "approve", [cid])
    finally:
        moderation.store = api.store
    assert (await api.store.get_comment(cid)).status is CommentStatus.APPROVED, "the moderator's keep wins"
    assert result.changed == (cid,)
    assert cid in await _listed(api, site)
    assert await api.store.reports_of([cid]) == {}
