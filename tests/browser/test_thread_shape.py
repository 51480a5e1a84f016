"""Two things a reader notices only over time, in a real Chromium against ``rejoinder demo``:
a deleted or held comment keeps its replies in place under a tombstone that reveals nothing
about it, and "2 minutes ago" keeps counting while the page stays open (Playwright's clock)."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Locator, Page, expect

from rejoinder.domain import CommentStatus
from rejoinder.storage import open_store
from tests.browser.conftest import ARTICLE, DemoServer, axe_violations, screenshot
from tests.browser.test_reader import Reader, api
from tests.support.in_thread import in_thread

pytestmark = pytest.mark.browser

# the parent's every personal field is distinctive, so any trace of it on the page is found
NAME, EMAIL, WEBSITE = "Zebulon Quill", "zebulon.quill@example.org", "https://zebulon-quill.example/"
TEXT = "The marmalade theory of Arctic shipping lanes, explained at length."


def _site(server: DemoServer, name: str, *settings: str) -> int:
    """A site of its own, so these threads leave the shared demo thread alone."""
    site = json.loads(server.cli("sites", "create", "--name", name, "--url", f"{server.url}/{name.lower()}"))
    if settings:
        server.cli("sites", "set", str(site["id"]), *settings)
    return int(site["id"])


def _set_status(server: DemoServer, comment_id: int, status: CommentStatus) -> None:
    """What a moderator's click does, straight on the demo's database."""

    async def change() -> None:
        store = await open_store(server.db_url)
        try:
            await store.set_comment_status(comment_id, status)
        finally:
            await store.close()

    in_thread(change())


def _parent_and_reply(reader: Reader, tag: str) -> tuple[Locator, Locator]:
    form = reader.main_form
    reader.fill(form, f"{TEXT} ({tag})", NAME, EMAIL)
    form.get_by_label("Website").fill(WEBSITE)
    reader.submit(form)
    expect(reader.comment(f"({tag})")).to_be_visible()
    parent = reader.page.locator(f"#{reader.comment(f'({tag})').get_attribute('id')}")  # pinned by id
    reader.posted()
    parent.get_by_role("button", name="Reply").first.click()
    reply_form = parent.locator("form.rj-form")
    reader.fill(reply_form, f"A reply that must keep its place ({tag}).", "Bob Replier", "bob@example.org")
    reply_form.get_by_label("Website").fill("")
    reader.submit(reply_form)
    reply = parent.locator(".rj-r li.rj-c")
    expect(reply).to_contain_text("must keep its place")
    reader.posted()
    return parent, reply


def _assert_tombstone(page: Page, comment_id: str, text: str) -> None:
    item = page.locator(f"#{comment_id}")
    expect(item.locator(":scope > p.rj-gone")).to_have_text(text)
    expect(item.locator(":scope > article")).to_have_count(0)  # no author, avatar, time or buttons
    expect(item.locator(":scope > .rj-r > li.rj-c")).to_have_count(1)
    expect(item.locator(":scope > .rj-r > li.rj-c .rj-a").first).to_have_text("Bob Replier")


def _assert_nothing_private(page: Page) -> None:
    shown = page.locator("#rejoinder-thread").inner_html()
    for secret in (NAME, "Zebulon", "zebulon-quill", "marmalade", EMAIL):
        assert secret not in shown, f"{secret!r} is on the page"


def test_a_deleted_or_held_parent_keeps_its_replies_under_a_tombstone(
    page: Page, demo_server: DemoServer
) -> None:
    site = _site(demo_server, "Shape")
    reader = Reader(page, demo_server).open(f"{ARTICLE}?site={site}")
    deleted, _ = _parent_and_reply(reader, "deleted")
    held, _ = _parent_and_reply(reader, "held")
    deleted_id, held_id = deleted.get_attribute("id") or "", held.get_attribute("id") or ""
    heading = reader.thread.get_by_role("heading", level=2)
    expect(heading).to_have_text("Comments (4)")

    # the author deletes their comment: at once a tombstone, the reply stays under it
    delete = page.locator(f"#{deleted_id} > article").get_by_role("button", name="Delete")
    delete.click()
    delete.click()
    _assert_tombstone(page, deleted_id, "This comment was deleted.")
    expect(heading).to_have_text("Comments (3)")

    # a moderator marks the other one as spam; its author still sees it as their own, held...
    _set_status(demo_server, int(held_id.removeprefix("comment-")), CommentStatus.SPAM)
    page.reload()
    expect(page.locator(f"#{held_id} > article .rj-p")).to_have_text("Your comment is awaiting moderation.")
    _assert_tombstone(page, deleted_id, "This comment was deleted.")
    # ...and another reader finds a neutral placeholder, and nothing of either parent
    # (bypass_csp: only so that axe-core can be injected; the widget itself needs no exception)
    elsewhere = page.context.browser.new_context(bypass_csp=True)  # type: ignore[union-attr]
    try:
        other = elsewhere.new_page()
        other.goto(f"{demo_server.url}{ARTICLE}?site={site}")
        _assert_tombstone(other, deleted_id, "This comment was deleted.")
        _assert_tombstone(other, held_id, "This comment is not available.")
        expect(other.locator("#rejoinder-thread h2")).to_have_text("Comments (2)")  # tombstones don't count
        expect(other.locator("#rejoinder-thread ul.rj-list > li.rj-c")).to_have_count(2)
        _assert_nothing_private(other)
        other.goto(f"{demo_server.url}{ARTICLE}?site={site}#{held_id}")  # a permalink lands on the tombstone
        other.reload()  # (the goto only moved the hash: load the page with it)
        expect(other.locator(f"#{held_id} > p.rj-gone")).to_be_focused()
        for scheme in ("light", "dark"):
            other.emulate_media(color_scheme=scheme)
            assert axe_violations(other) == [], scheme
        screenshot(other, "thread-tombstones")
    finally:
        elsewhere.close()

    # the same from the server's JSON: nothing of the hidden parents
    status, body = api(demo_server, f"/api/threads?site={site}&uri={ARTICLE}")
    assert status == 200
    raw = json.dumps(body)
    for secret in (NAME, "marmalade", "zebulon-quill", EMAIL):
        assert secret not in raw

    # the last reply under a tombstone deleted too: the tombstone goes with it, as on the next load
    expect(heading).to_have_text("Comments (2)")
    last = page.locator(f"#{deleted_id} > .rj-r > li.rj-c > article").get_by_role("button", name="Delete")
    last.click()
    last.click()
    expect(page.locator(f"#{deleted_id}")).to_have_count(0)
    expect(heading).to_have_text("Comments (1)")
    page.reload()
    expect(reader.main_form).to_be_visible()
    expect(page.locator(f"#{deleted_id}")).to_have_count(0)


def test_relative_times_keep_counting_and_rest_while_the_tab_is_hidden(
    page: Page, demo_server: DemoServer
) -> None:
    site = _site(demo_server, "Clock", "min_seconds_on_page=0")
    _, config = api(demo_server, f"/api/config?site={site}&uri={ARTICLE}")
    status, posted = api(
        demo_server,
        "/api/comments",
        {
            "site": site,
            "uri": ARTICLE,
            "author": "Tess",
            "email": "tess@example.org",
            "text": "Posted a moment ago; watch this time grow.",
            "form_token": config["form_token"],
        },
    )
    assert status == 201, posted
    page.clock.install()  # the page's timers and Date.now are Playwright's from here on
    Reader(page, demo_server).open(f"{ARTICLE}?site={site}")
    time = page.locator(f"#comment-{posted['comment']['id']} time")
    expect(time).to_have_text(re.compile(r"now|seconds? ago"))
    expect(time).to_have_attribute("datetime", posted["comment"]["created_at"])
    expect(time).to_have_attribute("title", re.compile(r"\d{4}"))  # the absolute time, for people

    page.clock.fast_forward("03:00")
    expect(time).to_have_text("3 minutes ago")

    set_hidden = (
        "hidden => { Object.defineProperty(document, 'hidden', {configurable: true, get: () => hidden});"
    )
    set_hidden += " document.dispatchEvent(new Event('visibilitychange')); }"
    page.evaluate(set_hidden, True)
    page.clock.fast_forward("10:00")
    expect(time).to_have_text("3 minutes ago")  # no timer runs for a hidden tab
    page.evaluate(set_hidden, False)
    expect(time).to_have_text("13 minutes ago")  # caught up the moment the tab is shown
    page.clock.fast_forward("01:00:00")
    expect(time).to_have_text("1 hour ago")
