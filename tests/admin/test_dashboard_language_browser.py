"""The German dashboard in real headless Chromium against a real ``rejoinder serve`` on a fresh
SQLite file: a browser set to German gets the dashboard in German with ``<html lang="de">``,
works the queue in it, switches to French from the menu, and every page passes axe-core's
WCAG 2.2 AA rules in the language it is read in."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from rejoinder.domain import CommentStatus, Decision, NewComment, Reason
from rejoinder.storage import open_store
from tests.browser.conftest import ARTIFACTS, axe_violations, browser, playwright
from tests.support.live_server import LiveServer, dashboard_server

pytestmark = [pytest.mark.browser, pytest.mark.slow]
__all__ = ["browser", "playwright"]  # the browser tests' own fixtures, used here

PASSWORD = "correct horse battery"
HELD = [
    ("Visit cheap-meds.example for pills", "Pill Seller"),
    ("The turnout figures look off.", "Careful Reader"),
]


@dataclass
class Served:
    server: LiveServer
    ids: dict[str, int]


async def _seed(db_url: str) -> dict[str, int]:
    store = await open_store(db_url)
    try:
        site = await store.create_site("Tagesblatt", "https://tagesblatt.example")
        thread = await store.get_or_create_thread(site.id, "/wahl", "Wahlabend")
        ids = {}
        for text, name in HELD:
            comment = NewComment(
                thread_id=thread.id,
                parent_id=None,
                author_name=name,
                author_email=f"{name.split()[0].lower()}@example.org",
                author_url="",
                text=text,
                html=f"<p>{text}</p>",
                status=CommentStatus.PENDING,
                score=0.62,
                decision=Decision.PENDING,
                reasons=(Reason("words: pills", 0.9),),
                ip="203.0.113.0",
                user_agent="Mozilla/5.0",
            )
            ids[name] = (await store.insert_comment(comment)).id
        return ids
    finally:
        await store.close()


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    folder = tmp_path_factory.mktemp("dashboard-de")
    with dashboard_server(folder, _seed, password=PASSWORD, owners=["olga"]) as (server, ids):
        yield Served(server, ids)


@pytest.fixture
def german(browser: Browser) -> Iterator[Page]:
    """A German browser (Chromium sends ``Accept-Language: de-DE``). CSP is bypassed only so that
    axe-core can be injected; the dashboard's own pages need no exception."""
    context: BrowserContext = browser.new_context(locale="de-DE", bypass_csp=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert not errors, f"script errors on the page: {errors}"


def log_in(page: Page, served: Served) -> None:
    page.goto(served.server.url + "/admin")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.get_by_role("heading", name="Zum Moderieren anmelden")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_label("Name").fill("olga")
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("button", name="Abmelden")).to_be_visible()


def test_a_german_browser_gets_a_german_dashboard_that_passes_axe(german: Page, served: Served) -> None:
    log_in(german, served)
    expect(german).to_have_title("Ausstehende Kommentare · Rejoinder")
    card = german.locator(f"#c{served.ids['Careful Reader']}")
    expect(card).to_contain_text("Wert 0,62 · Filter: zur Prüfung")
    ARTIFACTS.mkdir(exist_ok=True)
    german.screenshot(path=str(ARTIFACTS / "dashboard-queue-de.png"), full_page=True)
    assert axe_violations(german) == []

    card.get_by_role("button", name="Freigeben").click()
    expect(german.locator(".undo")).to_contain_text("Du hast 1 Kommentar freigegeben.")
    expect(german.locator('[data-count="approved"]')).to_have_text("1")
    german.get_by_role("button", name="Rückgängig").click()
    expect(german.locator('[data-count="pending"]')).to_have_text("2")

    for path, heading in [
        ("/admin/bans", "Sperren"),
        ("/admin/stats", "Statistik"),
        ("/admin/sites", "Websites"),
        ("/admin/moderators", "Moderatoren"),
        ("/admin/nowhere", "Nicht gefunden"),
    ]:
        german.goto(served.server.url + path)
        expect(german.locator("html")).to_have_attribute("lang", "de")
        expect(german.get_by_role("heading", name=heading, exact=True)).to_be_visible()
        violations = axe_violations(german)
        assert violations == [], (path, violations)


def test_the_language_menu_overrides_the_browser(german: Page, served: Served) -> None:
    log_in(german, served)
    german.get_by_label("Sprache").select_option("fr")
    german.get_by_role("button", name="Ändern").click()
    expect(german.locator("html")).to_have_attribute("lang", "fr")
    expect(german).to_have_title("Commentaires en attente · Rejoinder")
    expect(german.get_by_role("button", name="Se déconnecter")).to_be_visible()
    assert axe_violations(german) == []
    german.get_by_label("Langue").select_option("")
    german.get_by_role("button", name="Changer").click()
    expect(german.locator("html")).to_have_attribute("lang", "de")
    expect(german).to_have_url(re.compile(r"/admin/comments"))


def test_a_russian_browser_in_dark_mode_passes_axe_too(browser: Browser, served: Served) -> None:
    """Another script, three plural forms and the dark colour scheme's decision colours."""
    context = browser.new_context(locale="ru-RU", color_scheme="dark", bypass_csp=True)
    try:
        page = context.new_page()
        page.goto(served.server.url + "/admin/login")
        expect(page.locator("html")).to_have_attribute("lang", "ru")
        page.get_by_label("Имя").fill("olga")
        page.get_by_label("Пароль").fill(PASSWORD)
        page.get_by_role("button", name="Войти").click()
        expect(page).to_have_title("Комментарии на проверке · Rejoinder")
        expect(page.locator(".toolbar .total")).to_have_text("2 комментария")
        expect(page.locator(f"#c{served.ids['Pill Seller']}")).to_contain_text("оценка 0,62")
        for path in ("/admin/comments", "/admin/sites", "/admin/stats"):
            page.goto(served.server.url + path)
            violations = axe_violations(page)
            assert violations == [], (path, violations)
    finally:
        context.close()
