"""Every admin route refuses a visitor without a session, a forged CSRF token, and a moderator
acting as owner; the cookie and the headers are what the brief says."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from fastapi.routing import APIRoute

from rejoinder.domain import CommentStatus
from tests.admin.conftest import PASSWORD, Dashboard, csrf_of

OPEN = {"/admin/login", "/admin/static/{name}"}
OWNER_ONLY = {"/admin/sites", "/admin/sites/{site_id}/settings", "/admin/moderators", "/admin/audit"}


def admin_routes(board: Dashboard) -> list[tuple[str, str]]:
    """(method, concrete path) of every /admin route, path parameters filled with real ids."""
    routes = []
    for route in board.app.routes:
        if isinstance(route, APIRoute) and route.path.startswith("/admin"):
            for method in sorted(route.methods - {"HEAD"}):
                routes.append((method, route.path))
    assert len(routes) > 15  # the dashboard really is mounted
    return routes


def concrete(path: str, board: Dashboard) -> str:
    return re.sub(r"\{[a-z_]+\}", lambda m: "admin.css" if m.group(0) == "{name}" else "1", path)


async def test_every_route_refuses_a_visitor_without_a_session(dashboard: Dashboard) -> None:
    client = dashboard.client()
    for method, path in admin_routes(dashboard):
        if path in OPEN:
            continue
        answer = await client.request(method, concrete(path, dashboard), data={"csrf": "x", "ids": "1"})
        if method == "GET":
            assert answer.status_code == 303, path
            assert answer.headers["location"].startswith("/admin/login?next=")
        else:
            assert answer.status_code == 403, (method, path)
        assert "Check out cheap pills" not in answer.text
        assert "frame-ancestors 'none'" in answer.headers["content-security-policy"]
    still = await dashboard.services.store.get_comment(dashboard.comments[0].id)
    assert still.status is CommentStatus.PENDING


async def test_a_stolen_token_hash_or_garbage_cookie_is_no_session(dashboard: Dashboard) -> None:
    client = dashboard.client()
    for cookie in ("garbage", "x" * 500, ""):
        client.cookies.set("rejoinder_admin", cookie, path="/admin")
        answer = await client.get("/admin/comments")
        assert answer.status_code == 303


async def test_every_post_refuses_a_forged_or_missing_csrf_token(dashboard: Dashboard) -> None:
    client, token = await dashboard.login("olga")
    pending = dashboard.comments[0].id
    for method, path in admin_routes(dashboard):
        if method != "POST" or path == "/admin/login":
            continue
        url = concrete(path, dashboard)
        form = {"act": f"approve:{pending}", "kind": "email", "value": "x@y.example", "name": "eve1234567"}
        for forged in ({"csrf": "forged"}, {}, {"csrf": token[:-1]}):
            answer = await client.post(url, data={**form, **forged})
            assert answer.status_code == 403, (path, forged)
            assert "CSRF" in answer.text
    assert (await dashboard.services.store.get_comment(pending)).status is CommentStatus.PENDING
    assert await dashboard.services.store.list_bans() == []
    # the real token still works
    ok = await client.post("/admin/comments/action", data={"act": f"approve:{pending}", "csrf": token})
    assert ok.status_code == 303


async def test_a_moderator_cannot_act_as_owner(dashboard: Dashboard) -> None:
    client, token = await dashboard.login("mo")
    for method, path in admin_routes(dashboard):
        if path not in OWNER_ONLY:
            continue
        data = {
            "csrf": token,
            "name": "eve1234567",
            "password": PASSWORD,
            "role": "owner",
            "moderation": "hold_all",
        }
        answer = await client.request(
            method, concrete(path, dashboard), data=data if method == "POST" else None
        )
        assert answer.status_code == 403, (method, path)
        assert "only an owner" in answer.text
    assert [m.name for m in await dashboard.services.auth.list_moderators()] == ["olga", "mo"]
    page = await client.get("/admin/comments")
    assert 'href="/admin/sites"' not in page.text  # the menu does not offer what is refused


async def test_login_cookie_is_httponly_strict_and_scoped_to_admin(dashboard: Dashboard) -> None:
    client = dashboard.client()
    form = await client.get("/admin/login")
    answer = await client.post(
        "/admin/login", data={"name": "olga", "password": PASSWORD, "csrf": csrf_of(form.text)}
    )
    cookie = next(c for c in answer.headers.get_list("set-cookie") if c.startswith("rejoinder_admin="))
    attributes = {part.strip().lower() for part in cookie.split(";")}
    assert {"httponly", "samesite=strict", "path=/admin"} <= attributes
    assert "secure" not in attributes  # settings.secure_cookies is off in this test


async def test_secure_cookies_setting_marks_the_cookie_secure(dashboard: Dashboard) -> None:
    from dataclasses import replace

    dashboard.services.settings = replace(dashboard.services.settings, secure_cookies=True)
    client = dashboard.client()
    form = await client.get("/admin/login")
    answer = await client.post(
        "/admin/login", data={"name": "olga", "password": PASSWORD, "csrf": csrf_of(form.text)}
    )
    assert "Secure" in answer.headers["set-cookie"]


async def test_pages_carry_security_headers_and_no_inline_script(dashboard: Dashboard) -> None:
    client, _ = await dashboard.login()
    for path in (
        "/admin/login",
        "/admin/comments",
        "/admin/stats",
        "/admin/bans",
        "/admin/sites",
        "/admin/x",
    ):
        answer = await client.get(path)
        csp = answer.headers["content-security-policy"]
        assert "script-src 'self'" in csp
        assert "frame-ancestors 'none'" in csp
        assert "unsafe-inline" not in csp
        assert answer.headers["x-frame-options"] == "DENY"
        assert answer.headers["x-content-type-options"] == "nosniff"
        assert answer.headers["cache-control"] == "no-store"
        assert not re.search(r"<script(?![^>]*\bsrc=)", answer.text), path
        assert " on" + "click=" not in answer.text


async def test_login_needs_its_form_token_and_is_rate_limited(dashboard: Dashboard) -> None:
    client = dashboard.client(ip="192.0.2.66")
    no_token = await client.post("/admin/login", data={"name": "olga", "password": PASSWORD})
    assert no_token.status_code == 403
    assert "rejoinder_admin" not in no_token.headers.get("set-cookie", "")
    for _ in range(5):
        form = await client.get("/admin/login")
        wrong = await client.post(
            "/admin/login", data={"name": "olga", "password": "nope", "csrf": csrf_of(form.text)}
        )
        assert wrong.status_code == 403
        assert "wrong name or password" in wrong.text
    form = await client.get("/admin/login")
    limited = await client.post(
        "/admin/login", data={"name": "olga", "password": PASSWORD, "csrf": csrf_of(form.text)}
    )
    assert limited.status_code == 429
    retry_after = int(limited.headers["retry-after"])
    assert retry_after > 0
    said = re.search(r"Too many failed logins\. Try again after (\d\d):(\d\d) UTC\.", limited.text)
    assert said, limited.text
    now = datetime.now(UTC)
    until = now.replace(hour=int(said[1]), minute=int(said[2]), second=0, microsecond=0)
    until += timedelta(days=1) if until < now - timedelta(hours=12) else timedelta()  # past midnight
    # never earlier than the limiter allows, at most a rounding minute (and the test's own time) later
    assert timedelta(seconds=retry_after) <= until - now + timedelta(seconds=5)
    assert until - now <= timedelta(seconds=retry_after + 120)
    assert 'required value="olga"' in limited.text  # the form again, the name kept
    form = await client.get("/admin/login")
    german = await client.post(
        "/admin/login",
        data={"name": "olga", "password": PASSWORD, "csrf": csrf_of(form.text)},
        headers={"Accept-Language": "de"},
    )
    assert german.status_code == 429
    assert "Zu viele fehlgeschlagene Anmeldungen. Versuche es nach " in german.text


async def test_login_redirects_only_inside_the_dashboard(dashboard: Dashboard) -> None:
    client = dashboard.client()
    for target, expected in (
        ("/admin/stats", "/admin/stats"),
        ("https://evil.example/", "/admin/comments"),
        ("//evil.example/admin", "/admin/comments"),
        ("/admin\\@evil", "/admin/comments"),
    ):
        client.cookies.clear()
        form = await client.get("/admin/login")
        answer = await client.post(
            "/admin/login",
            data={"name": "olga", "password": PASSWORD, "csrf": csrf_of(form.text), "next": target},
        )
        assert answer.headers["location"] == expected


async def test_logout_ends_the_session(dashboard: Dashboard) -> None:
    client, token = await dashboard.login()
    cookie = client.cookies.get("rejoinder_admin")
    answer = await client.post("/admin/logout", data={"csrf": token})
    assert answer.status_code == 303
    replay = dashboard.client()
    replay.cookies.set("rejoinder_admin", cookie or "", path="/admin")
    assert (await replay.get("/admin/comments")).status_code == 303


async def test_hostile_next_and_query_values_are_escaped(dashboard: Dashboard) -> None:
    client = dashboard.client()
    hostile = '/admin"><script>alert(1)</script>'
    form = await client.get("/admin/login", params={"next": hostile})
    assert "<script>alert(1)" not in form.text
    answer = await client.post(
        "/admin/login",
        data={"name": "olga", "password": PASSWORD, "csrf": csrf_of(form.text), "next": hostile},
    )
    assert answer.status_code == 303
    assert "<" not in answer.headers["location"]
    assert '"' not in answer.headers["location"]
    page = await client.get("/admin/comments", params={"q": '"><script>alert(2)</script>', "author": "<b>x"})
    assert page.status_code == 200
    assert "<script>alert(2)" not in page.text
    assert "<b>x" not in page.text
    crlf = await client.post(
        "/admin/logout", data={"csrf": csrf_of(page.text), "next": "/admin\r\nSet-Cookie: x=1"}
    )
    assert "x=1" not in crlf.headers.get("set-cookie", "")
