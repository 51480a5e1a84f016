"""Readers' reports in the dashboard: the count and reasons on each comment, a "reported" filter,
and "Keep" to clear the reports of a published comment the moderator judges fine."""

from __future__ import annotations

import html

from rejoinder.domain import CommentStatus, Reaction, ReactionKind, ReportReason
from tests.admin.conftest import Dashboard


async def test_reported_comments_are_listed_with_their_reasons_and_can_be_kept(dashboard: Dashboard) -> None:
    store = dashboard.services.store
    reported = await dashboard.add_comment("A sharp but fair reply.", status=CommentStatus.APPROVED)
    quiet = await dashboard.add_comment("Nobody minds this one.", status=CommentStatus.APPROVED)
    for voter, reason in (("a" * 32, ReportReason.ABUSE), ("b" * 32, ReportReason.SPAM)):
        await store.add_reaction(Reaction(reported.id, ReactionKind.REPORT, voter, reason))
    client, token = await dashboard.login("mo")

    page = html.unescape((await client.get("/admin/comments?status=approved&reported=1")).text)
    assert "A sharp but fair reply." in page
    assert "Nobody minds this one." not in page
    assert "Reported by 2 readers: spam 1, abusive 1" in " ".join(page.split())
    assert f'value="approve:{reported.id}"' in page, "a reported published comment offers Keep"

    everything = (await client.get("/admin/comments?status=approved")).text
    assert "Nobody minds this one." in everything
    assert f'value="approve:{quiet.id}"' not in everything, "an unreported one does not"

    answer = await client.post(
        "/admin/comments/action", data={"act": f"approve:{reported.id}", "csrf": token, "next": "/admin/"}
    )
    assert answer.status_code == 303
    assert await store.reports_of([reported.id]) == {}
    assert (await store.get_comment(reported.id)).status is CommentStatus.APPROVED
    after = (await client.get("/admin/comments?status=approved&reported=1")).text
    assert "A sharp but fair reply." not in after


async def test_keeping_needs_the_csrf_token(dashboard: Dashboard) -> None:
    store = dashboard.services.store
    reported = await dashboard.add_comment(
        "Reported, and kept only by a real moderator.", status=CommentStatus.APPROVED
    )
    await store.add_reaction(Reaction(reported.id, ReactionKind.REPORT, "c" * 32, ReportReason.OTHER))
    client, _ = await dashboard.login("mo")
    answer = await client.post(
        "/admin/comments/action", data={"act": f"approve:{reported.id}", "csrf": "forged"}
    )
    assert answer.status_code == 403
    assert (await store.reports_of([reported.id]))[reported.id].total == 1
