"""The dashboard as a moderator uses it: real headless Chromium against a real ``rejoinder serve``
on a fresh SQLite file, seeded through the real store and the real ``rejoinder admin`` command.

The moderator logs in, works the queue by mouse and by keyboard, approves and spams comments
(teaching the site's model), undoes, bans an address, reads the charts; a visitor without a
session, a forged CSRF token and a moderator acting as owner are all refused.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from fastapi.routing import APIRoute
from playwright.sync_api import Browser, Page, expect

from rejoinder.domain import CommentStatus, Decision, NewComment, Reason
from rejoinder.services.spam_check import SpamService
from rejoinder.settings import Settings
from rejoinder.spam import Engine
from rejoinder.storage import open_store
from rejoinder.storage.base import SpamCheckRecord
from rejoinder.web.app import create_app
from tests.browser.conftest import ARTIFACTS
from tests.support.in_thread import in_thread
from tests.support.live_server import LiveServer, dashboard_server

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PASSWORD = "correct horse battery"
HELD = [
    ("Visit cheap-meds.example for the best prices on pills", "Pill Seller", "pills@spam.example"),
    (
        "The council vote was rigged and the article says nothing about it!",
        "Angry Reader",
        "angry@example.org",
    ),
    ("Crypto doubling scheme, send 1 BTC and get 2 back", "Crypto King", "king@coins.example"),
    ("Thoughtful piece, but the turnout figures look off to me.", "Careful Reader", "careful@example.org"),
    ("Work from home and earn $9000 a week, message me", "Job Offer", "jobs@spam.example"),
]


def screenshot(page: Page, name: str) -> None:
    """A full-page picture in test-artifacts/ (the dashboard's CSP forbids injected styles)."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


@dataclass
class AdminSite:
    server: LiveServer
    db_url: str
    site_id: int
    ids: dict[str, int]  # author name -> comment id

    @property
    def url(self) -> str:
        return self.server.url


async def _seed(db_url: str) -> tuple[int, dict[str, int]]:
    store = await open_store(db_url)
    try:
        site = await store.create_site("Daily Planet", "https://planet.example")
        thread = await store.get_or_create_thread(site.id, "/news/council-vote", "Council vote")
        ids = {}
        for text, name, email in HELD:
            new = NewComment(
                thread_id=thread.id,
                parent_id=None,
                author_name=name,
                author_email=email,
                author_url="",
                text=text,
                html=f"<p>{text}</p>",
                status=CommentStatus.PENDING,
                score=0.7,
                decision=Decision.PENDING,
                reasons=(Reason("words: pills, prices", 0.9), Reason("no website given", -0.1)),
                ip="203.0.113.0",
                user_agent="Mozilla/5.0 (X11; Linux x86_64)",
            )
            ids[name] = (await store.insert_comment(new)).id
            check = SpamCheckRecord(
                f"seed-{name}", site.id, None, ids[name], {"comment_content": text}, 0.7, Decision.PENDING
            )
            await store.record_check(check)
        for n in range(7):  # and some published traffic, so the per-day chart has two colours
            await store.record_check(
                SpamCheckRecord(f"seed-ham-{n}", site.id, None, None, {}, 0.05, Decision.HAM)
            )
        return site.id, ids
    finally:
        await store.close()


@pytest.fixture(scope="module")
def admin_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AdminSite]:
    folder = tmp_path_factory.mktemp("dashboard")
    with dashboard_server(folder, _seed, password=PASSWORD, owners=["olga"], moderators=["mo"]) as (
        server,
        seeded,
    ):
        site_id, ids = seeded
        yield AdminSite(server, server.db_url, site_id, ids)


def login(page: Page, site: AdminSite, name: str = "mo", start: str = "/admin") -> None:
    page.goto(site.url + start)
    expect(page).to_have_url(re.compile(r"/admin/login\?next="))
    page.get_by_label("Name").fill(name)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def card(page: Page, site: AdminSite, author: str):  # type: ignore[no-untyped-def]
    return page.locator(f"#c{site.ids[author]}")


def statuses(site: AdminSite) -> dict[str, str]:
    async def read() -> dict[str, str]:
        store = await open_store(site.db_url)
        try:
            return {name: (await store.get_comment(i)).status.value for name, i in site.ids.items()}
        finally:
            await store.close()

    return in_thread(read())


def learned(site: AdminSite) -> list[tuple[int | None, bool, bool]]:
    async def read() -> list[tuple[int | None, bool, bool]]:
        store = await open_store(site.db_url)
        try:
            return [
                (e.comment_id, e.is_spam, e.undone_at is None)
                for e in await store.learning_events(site.site_id)
            ]
        finally:
            await store.close()

    return in_thread(read())


def test_a_moderator_works_the_queue_by_mouse(page: Page, admin_site: AdminSite) -> None:
    login(page, admin_site)
    expect(page).to_have_url(re.compile(r"/admin$|/admin/comments"))
    pills = card(page, admin_site, "Pill Seller")
    expect(pills).to_contain_text("Visit cheap-meds.example")
    expect(pills.locator(".reasons")).to_contain_text("words: pills, prices")
    expect(pills).to_contain_text("score 0.70")
    expect(page.locator('[data-count="pending"]')).to_have_text("5")
    screenshot(page, "dashboard-queue")

    card(page, admin_site, "Angry Reader").get_by_role("button", name="Approve").click()
    expect(card(page, admin_site, "Angry Reader")).to_have_count(0)
    expect(page.locator(".undo")).to_contain_text("You approved 1 comment.")
    expect(page.locator('[data-count="approved"]')).to_have_text("1")
    assert statuses(admin_site)["Angry Reader"] == "approved"
    assert (admin_site.ids["Angry Reader"], False, True) in learned(admin_site)

    page.get_by_role("button", name="Undo").click()
    expect(card(page, admin_site, "Angry Reader")).to_be_visible()
    assert statuses(admin_site)["Angry Reader"] == "pending"
    assert (admin_site.ids["Angry Reader"], False, False) in learned(admin_site)  # unlearned

    pills.get_by_role("checkbox").check()
    card(page, admin_site, "Crypto King").get_by_role("checkbox").check()
    page.get_by_role("button", name="Spam selected").click()
    expect(page.locator('[data-count="spam"]')).to_have_text("2")
    expect(page.locator(".undo")).to_contain_text("You marked as spam 2 comments.")
    now = statuses(admin_site)
    assert (now["Pill Seller"], now["Crypto King"]) == ("spam", "spam")

    page.get_by_role("link", name=re.compile("Spam")).first.click()
    expect(card(page, admin_site, "Crypto King")).to_be_visible()


def keys_ready(page: Page) -> None:
    """Wait until the page now shown has run admin.js (it marks ``<body class="js">`` once its
    keys are bound). Each action is a form post that loads a new page, and a key pressed before
    that page's deferred script has run is lost: on a loaded machine the next ``j`` went nowhere."""
    expect(page.locator("body.js")).to_have_count(1)


def test_a_moderator_works_the_queue_by_keyboard(page: Page, admin_site: AdminSite) -> None:
    login(page, admin_site)
    first = page.locator("li.comment").first
    first_id = int(first.get_attribute("data-id") or 0)
    keys_ready(page)
    page.keyboard.press("j")
    expect(first).to_have_class(re.compile(r"\bcurrent\b"))
    page.keyboard.press("a")  # approve the current comment
    expect(page.locator(f"#c{first_id}")).to_have_count(0)
    expect(page.locator(".undo")).to_contain_text("You approved 1 comment.")
    keys_ready(page)
    page.keyboard.press("u")  # undo
    expect(page.locator(f"#c{first_id}")).to_be_visible()

    remaining = page.locator("li.comment")
    ids = [int(remaining.nth(i).get_attribute("data-id") or 0) for i in range(2)]
    keys_ready(page)
    page.keyboard.press("j")
    page.keyboard.press("x")  # select the first
    page.keyboard.press("j")
    page.keyboard.press("x")  # and the second
    expect(page.locator("li.comment.selected")).to_have_count(2)
    page.keyboard.press("d")  # delete the selection
    for comment_id in ids:
        expect(page.locator(f"#c{comment_id}")).to_have_count(0)
    expect(page.locator(".undo")).to_contain_text("You deleted 2 comments.")
    keys_ready(page)
    page.keyboard.press("/")
    expect(page.locator("#search")).to_be_focused()
    page.keyboard.type("rigged")
    page.keyboard.press("Enter")
    expect(page.locator("li.comment")).to_have_count(1)
    expect(page.locator("li.comment")).to_contain_text("council vote was rigged")
    page.goto(admin_site.url + "/admin/comments")
    page.keyboard.press("u")  # bring the two deleted back
    for comment_id in ids:
        expect(page.locator(f"#c{comment_id}")).to_be_visible()

    keys_ready(page)
    page.keyboard.press("j")
    page.keyboard.press("e")  # reply as the site to the current comment
    reply_box = page.locator("li.comment.current textarea")
    expect(reply_box).to_be_focused()
    reply_box.fill("Thanks, we have **corrected** the figures.")
    page.locator("li.comment.current").get_by_role("button", name="Publish reply").click()
    expect(page.locator(".undo")).to_contain_text("You replied as the site to comment")


def test_a_moderator_bans_an_address_and_the_next_comment_from_it_is_spam(
    page: Page, admin_site: AdminSite
) -> None:
    login(page, admin_site)
    page.goto(admin_site.url + "/admin/comments?status=pending")
    card(page, admin_site, "Job Offer").get_by_role("link", name="Ban e-mail…").click()
    expect(page.get_by_label("Value")).to_have_value("jobs@spam.example")
    page.get_by_role("button", name="Ban", exact=True).click()
    expect(page.locator("table.bans")).to_contain_text("jobs@spam.example")
    screenshot(page, "dashboard-bans")

    async def check() -> tuple[str, str]:
        store = await open_store(admin_site.db_url)
        try:
            spam = SpamService(store, Engine.load(), Settings(secret_key="t"))
            site = await store.get_site(admin_site.site_id)
            fields = {"comment_content": "Hello, a polite note.", "comment_author_email": "jobs@spam.example"}
            verdict = (await spam.check(site, fields, record=False)).verdict
            return verdict.decision.value, verdict.reasons[0].text
        finally:
            await store.close()

    decision, reason = in_thread(check())
    assert decision in ("spam", "discard")
    assert "jobs@spam.example" in reason


def test_the_statistics_page_shows_charts(page: Page, admin_site: AdminSite) -> None:
    login(page, admin_site)
    page.get_by_role("link", name="Statistics").click()
    charts = page.locator("figure.chart svg[role=img]")
    expect(charts).to_have_count(3)
    per_day = page.get_by_role("img", name="Comments checked per day, by decision")
    expect(per_day.locator("rect.c-ham")).to_have_count(1)
    expect(per_day.locator("rect.c-pending")).to_have_count(1)
    expect(page.locator("#total-comments")).to_have_text("12")
    expect(page.get_by_role("img", name="Precision of the filter")).to_be_visible()
    box = charts.first.bounding_box()
    assert box is not None
    assert box["width"] > 300
    assert box["height"] > 80
    screenshot(page, "dashboard-stats")


def test_refusals_visitor_forged_csrf_and_moderator_as_owner(browser: Browser, admin_site: AdminSite) -> None:
    visitor = browser.new_context()
    try:
        page = visitor.new_page()
        for path in ("/admin", "/admin/comments?status=spam", "/admin/stats", "/admin/bans", "/admin/sites"):
            page.goto(admin_site.url + path)
            expect(page).to_have_url(re.compile(r"/admin/login\?next="))
            expect(page.locator("li.comment")).to_have_count(0)
        posted = page.request.post(
            admin_site.url + "/admin/comments/action",
            form={"act": f"approve:{admin_site.ids['Careful Reader']}"},
        )
        assert posted.status == 403
    finally:
        visitor.close()

    moderator = browser.new_context()
    try:
        page = moderator.new_page()
        login(page, admin_site, "mo")
        target = admin_site.ids["Careful Reader"]
        before = statuses(admin_site)["Careful Reader"]
        forged = page.request.post(
            admin_site.url + "/admin/comments/action", form={"act": f"approve:{target}", "csrf": "forged"}
        )
        assert forged.status == 403
        assert statuses(admin_site)["Careful Reader"] == before
        assert page.get_by_role("link", name="Sites").count() == 0
        page.goto(admin_site.url + "/admin/sites")
        expect(page.locator(".error")).to_contain_text("only an owner may do this")
        token = page.locator("input[name=csrf]").first.get_attribute("value") or ""
        settings = page.request.post(
            admin_site.url + f"/admin/sites/{admin_site.site_id}/settings",
            form={"csrf": token, "moderation": "hold_all"},
        )
        assert settings.status == 403
        added = page.request.post(
            admin_site.url + "/admin/moderators",
            form={"csrf": token, "name": "eve", "role": "owner", "password": PASSWORD},
        )
        assert added.status == 403
    finally:
        moderator.close()


def every_admin_route() -> list[tuple[str, str]]:
    """(method, path) of every route under /admin, read from the application itself, with ids
    filled in, so a route added later is checked without touching this test."""
    app = create_app(Settings(database_url="sqlite:///unused.db", secret_key="routes-only"))
    routes = []
    for route in app.routes:
        if isinstance(route, APIRoute) and route.path.startswith("/admin"):
            path = re.sub(r"\{name\}", "admin.css", route.path)
            path = re.sub(r"\{[a-z_]+(:path)?\}", "1", path)
            routes += [(method, path) for method in sorted(route.methods - {"HEAD"})]
    assert len(routes) > 15
    return routes


OPEN_ROUTES = {("GET", "/admin/login"), ("POST", "/admin/login"), ("GET", "/admin/static/admin.css")}
OWNER_ROUTES = {"/admin/sites", "/admin/sites/1/settings", "/admin/moderators", "/admin/audit"}


def test_every_admin_route_refuses_in_the_browser(browser: Browser, admin_site: AdminSite) -> None:
    """Through Chromium's own network stack and cookie jar, against the real server."""
    routes = [r for r in every_admin_route() if r not in OPEN_ROUTES]
    visitor = browser.new_context()
    try:
        request = visitor.new_page().request
        for method, path in routes:
            answer = request.fetch(
                admin_site.url + path,
                method=method,
                form={"csrf": "x"} if method == "POST" else None,
                max_redirects=0,
            )
            if method == "GET":
                assert answer.status == 303, path
                assert answer.headers["location"].startswith("/admin/login?next=")
            else:
                assert answer.status == 403, path
    finally:
        visitor.close()

    for name in ("mo", "olga"):
        context = browser.new_context()
        try:
            page = context.new_page()
            login(page, admin_site, name)
            token = page.locator("input[name=csrf]").first.get_attribute("value") or ""
            for method, path in routes:
                if method == "POST":
                    forged = page.request.post(
                        admin_site.url + path, form={"csrf": token[::-1]}, max_redirects=0
                    )
                    assert forged.status == 403, (name, path)
                if name == "mo" and path in OWNER_ROUTES:
                    form = {"csrf": token} if method == "POST" else None
                    answer = page.request.fetch(
                        admin_site.url + path, method=method, form=form, max_redirects=0
                    )
                    assert answer.status == 403, (method, path)
        finally:
            context.close()


def test_an_owner_changes_a_site_setting(page: Page, admin_site: AdminSite) -> None:
    login(page, admin_site, "olga")
    page.get_by_role("link", name="Sites").click()
    page.get_by_label("Hold every comment for a moderator").check()
    page.get_by_label("Hold for review at").fill("0.4")
    page.get_by_role("button", name="Save Daily Planet").click()
    expect(page.get_by_label("Hold every comment for a moderator")).to_be_checked()
    expect(page.get_by_label("Hold for review at")).to_have_value("0.4")
    page.get_by_label("Spam folder at").fill("0.2")
    page.get_by_role("button", name="Save Daily Planet").click()
    expect(page.locator(".flash.error")).to_contain_text("thresholds must rise")
    page.get_by_role("link", name="Audit log").click()
    expect(page.locator("table.audit")).to_contain_text("site_settings")
