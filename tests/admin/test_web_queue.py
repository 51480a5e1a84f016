"""Working the queue over HTTP: what a moderator sees, the actions, undo, bans, threads, settings."""

from __future__ import annotations

import html
import re

from rejoinder.domain import BanKind, CommentStatus, Decision, ModerationPolicy, Reason
from rejoinder.services.webhooks import webhook_secret
from tests.admin.conftest import Dashboard


async def test_queue_shows_each_comment_as_a_reader_would_with_score_and_reasons(
    dashboard: Dashboard,
) -> None:
    client, _ = await dashboard.login()
    page = await client.get("/admin/comments")
    assert page.status_code == 200
    text = page.text
    assert "<p>Check out cheap pills at my site</p>" in text
    assert "reader@example.org" in text
    assert "203.0.113.0" in text
    assert "Election night" in text
    assert "score 0.62" in text
    assert "engine said <strong>pending</strong>" in text
    assert "3 links" in text
    assert "(+0.80)" in text
    assert "long, thoughtful text" in text
    assert 'data-count="pending">2<' in text
    assert 'data-count="approved">0<' in text


async def test_hostile_comment_html_and_fields_are_neutralised(dashboard: Dashboard) -> None:
    await dashboard.add_comment(
        "x",
        html=(
            '<p>hi<script>alert(1)</script><img src=x onerror="alert(2)">'
            '<a href="javascript:alert(3)">l</a></p>'
        ),
        author_name="<b onmouseover=alert(4)>Eve</b>",
        author_url='"><script>alert(5)</script>',
        reasons=(Reason("<i>odd</i>", 0.5),),
    )
    client, _ = await dashboard.login()
    text = (await client.get("/admin/comments")).text
    assert "<script>alert" not in text
    assert "onerror" not in text
    assert "javascript:" not in text
    assert "&lt;b onmouseover=alert(4)&gt;Eve&lt;/b&gt;" in text
    assert "&lt;i&gt;odd&lt;/i&gt;" in text


async def test_one_click_approve_teaches_ham_and_undo_reverts_both(dashboard: Dashboard) -> None:
    store = dashboard.services.store
    held = dashboard.comments[1]
    client, token = await dashboard.login("mo")
    answer = await client.post(
        "/admin/comments/action",
        data={"act": f"approve:{held.id}", "csrf": token, "next": "/admin/comments?status=pending"},
    )
    assert answer.status_code == 303
    assert answer.headers["location"] == "/admin/comments?status=pending"
    assert (await store.get_comment(held.id)).status is CommentStatus.APPROVED
    [event] = await store.learning_events(dashboard.site.id)
    assert (event.is_spam, event.source, event.actor, event.comment_id) == (False, "dashboard", "mo", held.id)
    assert event.payload["comment_content"] == held.text

    page = await client.get("/admin/comments")
    assert "You approved 1 comment." in page.text
    assert (await client.post("/admin/undo", data={"csrf": token})).status_code == 303
    assert (await store.get_comment(held.id)).status is CommentStatus.PENDING
    [undone] = await store.learning_events(dashboard.site.id)
    assert undone.undone_at is not None
    audit = [(e.actor, e.action) for e in await store.list_audit()]
    assert ("mo", "approve") in audit
    assert ("mo", "undo") in audit


async def test_bulk_spam_on_a_selection_teaches_spam_for_each(dashboard: Dashboard) -> None:
    store = dashboard.services.store
    extra = await dashboard.add_comment(
        "Best casino bonus", status=CommentStatus.APPROVED, decision=Decision.HAM
    )
    client, token = await dashboard.login()
    ids = [dashboard.comments[0].id, extra.id]
    answer = await client.post(
        "/admin/comments/action", data={"action": "spam", "ids": [str(i) for i in ids], "csrf": token}
    )
    assert answer.status_code == 303
    for comment_id in ids:
        assert (await store.get_comment(comment_id)).status is CommentStatus.SPAM
    events = await store.learning_events(dashboard.site.id)
    assert sorted(e.comment_id for e in events if e.is_spam) == sorted(ids)
    counts = (await client.get("/admin/comments?status=spam")).text
    assert 'data-count="spam">2<' in counts


async def test_delete_and_restore_teach_nothing(dashboard: Dashboard) -> None:
    store = dashboard.services.store
    target = dashboard.comments[1].id
    client, token = await dashboard.login()
    await client.post("/admin/comments/action", data={"act": f"delete:{target}", "csrf": token})
    assert (await store.get_comment(target)).status is CommentStatus.DELETED
    await client.post("/admin/comments/action", data={"act": f"restore:{target}", "csrf": token})
    assert (await store.get_comment(target)).status is CommentStatus.PENDING  # the engine had held it
    assert await store.learning_events(dashboard.site.id) == []


async def test_bad_actions_and_filters_answer_4xx_with_a_message(dashboard: Dashboard) -> None:
    client, token = await dashboard.login()
    cases = [
        ("get", "/admin/comments?status=bogus", None, "status: 'bogus' is not one of"),
        ("get", "/admin/comments?since=yesterday", None, "since: give a date as YYYY-MM-DD"),
        ("get", "/admin/comments?ip=not-an-ip", None, "ip: give an address"),
        ("get", "/admin/comments?page=-3", None, "page: give a number"),
        ("get", "/admin/comments?site=abc", None, "site: 'abc' is not a whole number"),
        (
            "post",
            "/admin/comments/action",
            {"action": "approve", "csrf": token},
            "select at least one comment",
        ),
        ("post", "/admin/comments/action", {"act": "explode:1", "csrf": token}, "is not one of"),
        ("post", "/admin/comments/action", {"act": "approve:999999", "csrf": token}, ""),
        ("post", "/admin/comments/action", {"act": "approve:abc", "csrf": token}, "not a whole number"),
        ("post", "/admin/threads/abc/close", {"csrf": token}, "thread_id"),
        ("post", "/admin/undo", {"csrf": token}, "nothing to undo"),
    ]
    for method, url, data, message in cases:
        answer = await client.request(method.upper(), url, data=data)
        assert 400 <= answer.status_code < 500, (url, answer.status_code)
        assert message in html.unescape(answer.text), (url, answer.text[:300])


async def test_filters_and_full_text_search_narrow_the_queue(dashboard: Dashboard) -> None:
    await dashboard.add_comment(
        "Totally unrelated", author_name="Zed", author_email="zed@example.net", ip="192.0.2.0"
    )
    client, _ = await dashboard.login()
    by_text = (await client.get("/admin/comments?q=mayor")).text
    assert "I disagree with the mayor" in by_text
    assert "cheap pills" not in by_text
    by_email = (await client.get("/admin/comments?email=zed@example.net")).text
    assert "Totally unrelated" in by_email
    assert "mayor" not in by_email
    by_net = (await client.get("/admin/comments?ip=192.0.2.0/24")).text
    assert "Totally unrelated" in by_net
    assert "cheap pills" not in by_net
    assert "cheap pills" not in (await client.get("/admin/comments?status=approved")).text


async def test_ban_from_the_dashboard_sends_future_comments_to_spam_naming_the_ban(
    dashboard: Dashboard,
) -> None:
    client, token = await dashboard.login("mo")
    answer = await client.post(
        "/admin/bans", data={"kind": "email", "value": "Spammer@Example.ORG", "site": "", "csrf": token}
    )
    assert answer.status_code == 303
    [ban] = await dashboard.services.store.list_bans()
    assert (ban.kind, ban.value, ban.created_by) == (BanKind.EMAIL, "spammer@example.org", "mo")
    fields = {"comment_content": "A perfectly polite comment.", "comment_author_email": "spammer@example.org"}
    outcome = await dashboard.services.spam.check(dashboard.site, fields, record=False)
    assert outcome.verdict.decision in (Decision.SPAM, Decision.DISCARD)
    assert "spammer@example.org" in outcome.verdict.reasons[0].text
    bad = await client.post("/admin/bans", data={"kind": "ip_network", "value": "300.1.2.3", "csrf": token})
    assert bad.status_code == 400
    assert "203.0.113.0/24" in bad.text
    lift = await client.post(f"/admin/bans/{ban.id}/delete", data={"csrf": token})
    assert lift.status_code == 303
    assert await dashboard.services.store.list_bans() == []


async def test_close_and_reopen_a_thread(dashboard: Dashboard) -> None:
    client, token = await dashboard.login("mo")
    thread = dashboard.thread.id
    page = await client.get(f"/admin/comments?thread={thread}")
    assert (
        'is\n  <strong class="thread-state">open</strong>' in page.text or 'thread-state">open' in page.text
    )
    await client.post(f"/admin/threads/{thread}/close", data={"csrf": token})
    assert (await dashboard.services.store.get_thread_by_id(thread)).closed
    await client.post(f"/admin/threads/{thread}/reopen", data={"csrf": token})
    assert not (await dashboard.services.store.get_thread_by_id(thread)).closed


async def test_reply_as_the_site_is_published_sanitised_and_undoable(dashboard: Dashboard) -> None:
    store = dashboard.services.store
    parent = dashboard.comments[1]
    client, token = await dashboard.login("mo")
    answer = await client.post(
        "/admin/comments/action",
        data={
            "act": f"reply:{parent.id}",
            f"reply_{parent.id}": "Thanks! <script>x</script> **Noted**",
            "csrf": token,
        },
    )
    assert answer.status_code == 303
    [reply] = [c for c in await store.list_thread_comments(dashboard.thread.id) if c.parent_id == parent.id]
    assert reply.author_name == "Daily Planet"
    assert reply.status is CommentStatus.APPROVED
    assert "<strong>Noted</strong>" in reply.html
    assert "<script>" not in reply.html
    await client.post("/admin/undo", data={"csrf": token})
    assert (await store.get_comment(reply.id)).status is CommentStatus.DELETED


async def test_owner_changes_site_settings_and_bad_values_are_named(dashboard: Dashboard) -> None:
    client, token = await dashboard.login("olga")
    form = {
        "csrf": token,
        "required_fields": ["name"],
        "moderation": "hold_first_time",
        "pending_threshold": "0.4",
        "spam_threshold": "0.85",
        "discard_threshold": "0.99",
        "edit_window_seconds": "600",
        "max_comment_length": "5000",
        "min_seconds_on_page": "2",
        "retention_days": "365",
        "allowed_origins": "https://planet.example\nhttps://www.planet.example/",
        "privacy_url": "/privacy",
        "webhook_url": "https://hooks.example/rejoinder",
        "reports_to_hold": "5",
    }
    answer = await client.post(f"/admin/sites/{dashboard.site.id}/settings", data=form)
    assert answer.status_code == 303
    settings = (await dashboard.services.store.get_site(dashboard.site.id)).settings
    assert settings.moderation is ModerationPolicy.HOLD_FIRST_TIME
    assert settings.pending_threshold == 0.4
    assert settings.edit_window_seconds == 600
    assert settings.allowed_origins == ("https://planet.example", "https://www.planet.example")
    assert not settings.trust_approved_commenters
    assert settings.webhook_url == "https://hooks.example/rejoinder"
    assert (settings.likes, settings.reports_to_hold) == (False, 5)
    page = html.unescape((await client.get("/admin/sites")).text)
    secret = webhook_secret(dashboard.services.settings.secret_key, dashboard.site.id)
    assert f"Signing secret (X-Rejoinder-Signature): {secret}" in re.sub(r"</?code>", "", page)
    for field, value, message in (
        ("spam_threshold", "0.3", "thresholds must rise"),
        ("pending_threshold", "abc", "pending_threshold: 'abc' is not a number"),
        ("edit_window_seconds", "-5", "edit_window_seconds"),
        ("moderation", "anything", "moderation: 'anything' is not one of"),
        ("allowed_origins", "not a url", "is not an origin"),
        ("webhook_url", "ftp://hooks.example/", "webhook_url: give an http(s) URL"),
        ("reports_to_hold", "-1", "reports_to_hold: give a whole number from 0 to 1000"),
    ):
        bad = await client.post(f"/admin/sites/{dashboard.site.id}/settings", data={**form, field: value})
        assert bad.status_code == 400, field
        assert message in html.unescape(bad.text), field
    unchanged = (await dashboard.services.store.get_site(dashboard.site.id)).settings
    assert unchanged == settings


async def test_owner_adds_a_moderator_and_reads_the_audit_log(dashboard: Dashboard) -> None:
    client, token = await dashboard.login("olga")
    answer = await client.post(
        "/admin/moderators",
        data={"csrf": token, "name": "newbie", "role": "moderator", "password": "long enough pw"},
    )
    assert answer.status_code == 303
    weak = await client.post(
        "/admin/moderators", data={"csrf": token, "name": "x2", "role": "moderator", "password": "s"}
    )
    assert weak.status_code == 400
    assert "at least 10 characters" in weak.text
    audit = (await client.get("/admin/audit")).text
    assert "add_moderator" in audit
    assert "olga" in audit
    assert "login" in audit


async def test_statistics_page_draws_inline_svg_charts(dashboard: Dashboard) -> None:
    client, token = await dashboard.login()
    await client.post(
        "/admin/comments/action", data={"act": f"approve:{dashboard.comments[1].id}", "csrf": token}
    )
    page = await client.get("/admin/stats")
    assert page.status_code == 200
    assert page.text.count("<svg viewBox") == 3
    assert "Comments checked per day, by decision" in page.text
    assert "Precision of the filter" in page.text
    assert 'id="false-positives">1<' in page.text
    assert "http://" not in page.text.split("<main", 1)[1] or "https://planet.example" in page.text
