"""The widget as a reader meets it, in a real Chromium against a real ``rejoinder demo`` server:
read the demo story and its seeded thread, post, reply, fix a validation error, keep a draft
through a reload and a dropped connection, edit and delete within the window, see a held
comment, use dark mode, the keyboard alone, six languages, and survive an XSS corpus.
"""

from __future__ import annotations

import html
import json
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import BrowserContext, Locator, Page, expect

from rejoinder.storage import open_store
from tests.browser.conftest import ARTICLE, DemoServer, axe_violations, screenshot
from tests.support.in_thread import in_thread

pytestmark = pytest.mark.browser

MIN_SECONDS_ON_PAGE = 3.2  # the site's default is 3 s; a faster post is held as a bot's would be


class Reader:
    """One reader on one page; waits as long as a person would before each post."""

    def __init__(self, page: Page, server: DemoServer) -> None:
        self.page = page
        self.server = server
        self.token_at = 0.0

    def open(self, path: str = ARTICLE) -> Reader:
        self.page.goto(self.server.url + path)
        expect(self.main_form).to_be_visible()
        self.token_at = time.monotonic()
        return self

    @property
    def thread(self) -> Locator:
        return self.page.locator("#rejoinder-thread")

    @property
    def main_form(self) -> Locator:
        return self.page.locator("#rejoinder-thread .rj-main form")

    def comment(self, text: str) -> Locator:
        return self.thread.locator("li.rj-c", has=self.page.locator(".rj-b", has_text=text)).last

    def fill(self, form: Locator, text: str, name: str = "", email: str = "") -> None:
        if name:
            form.get_by_label("Name").fill(name)
        if email:
            form.get_by_label("Email").fill(email)
        form.get_by_label("Comment").fill(text)

    def submit(self, form: Locator) -> None:
        time.sleep(max(0.0, MIN_SECONDS_ON_PAGE - (time.monotonic() - self.token_at)))
        form.get_by_role("button", name="Post Comment").click()

    def posted(self) -> None:
        """After a successful post the next form token was issued just now."""
        self.token_at = time.monotonic()

    def post(self, text: str, name: str = "Reader", email: str = "reader@example.org") -> Locator:
        self.fill(self.main_form, text, name, email)
        self.submit(self.main_form)
        item = self.comment(text)
        expect(item).to_be_visible()
        self.posted()
        return item


def api(
    server: DemoServer, path: str, body: dict[str, Any] | None = None, method: str = ""
) -> tuple[int, Any]:
    """(status, JSON body) of one call; 4xx answers are returned, not raised."""
    request = urllib.request.Request(
        server.url + path,
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Content-Type": "application/json"} if body is not None else {},
        method=method or None,
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as exc:
        return exc.code, json.load(exc)


# -- reading ----------------------------------------------------------------------------------------


def test_the_demo_story_shows_its_seeded_thread_and_recent_comments(
    page: Page, demo_server: DemoServer
) -> None:
    reader = Reader(page, demo_server).open()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Arctic states agree")
    expect(page.locator(".byline")).to_contain_text("Maria Lindqvist")
    expect(reader.thread.get_by_role("heading", level=2)).to_have_text("Comments (6)")
    expect(reader.thread.locator("li.rj-c")).to_have_count(6)
    # replies hang under their parents, two levels deep
    expect(reader.thread.locator("li.rj-c .rj-r li.rj-c .rj-r li.rj-c")).to_have_count(1)
    # the body is the server's sanitised Markdown; the avatar is drawn locally
    expect(reader.comment("rotating leadership").locator(".rj-b em")).to_have_text("rotating leadership")
    expect(reader.thread.locator("svg.rj-av").first).to_be_visible()
    expect(page.locator("[data-rejoinder-recent] li")).to_have_count(5)
    expect(reader.main_form).to_contain_text(
        "Your email address will not be published. Required fields are marked *"
    )
    privacy = reader.main_form.get_by_role("link", name="Learn how your comment data is processed")
    assert privacy.get_attribute("href", timeout=5000) == f"{demo_server.url}/privacy/1"
    screenshot(page, "demo-article-light")


def test_the_front_page_fills_in_comment_counts(page: Page, demo_server: DemoServer) -> None:
    page.goto(demo_server.url + "/demo/")
    expect(page.locator(f"a[href='{ARTICLE}#rejoinder-thread']")).to_have_text("6 comments")
    expect(page.locator("a[href='/demo/river-treaty-talks#rejoinder-thread']")).to_have_text("0 comments")
    screenshot(page, "demo-front-page")


def test_no_cookie_and_no_request_leaves_the_server(page: Page, demo_server: DemoServer) -> None:
    hosts: set[str] = set()
    page.on("request", lambda request: hosts.add(request.url.split("/")[2]))
    Reader(page, demo_server).open()
    page.wait_for_load_state("networkidle")
    assert hosts == {demo_server.url.split("/")[2]}
    assert page.context.cookies() == []
    assert page.evaluate("document.cookie") == ""


def test_sorting_load_more_and_permalinks(page: Page, demo_server: DemoServer) -> None:
    reader = Reader(page, demo_server).open(ARTICLE + "?limit=2")
    roots = reader.thread.locator("ul.rj-list > li.rj-c")
    expect(roots).to_have_count(2)
    more = reader.thread.get_by_role("button", name="Load more comments")
    more.click()
    expect(roots).to_have_count(3)
    expect(more).to_be_hidden()
    first = roots.first.get_attribute("id")
    reader.thread.get_by_label("Sort by").select_option("newest")
    expect(roots.first).not_to_have_attribute("id", first or "")
    # a permalink beyond the first page is loaded, marked and focused
    target = roots.first.get_attribute("id")
    page.goto(f"{demo_server.url}{ARTICLE}?limit=1#{target}")
    expect(page.locator(f"#{target}")).to_have_class("rj-c rj-hl")
    expect(page.locator(f"#{target} > article")).to_be_focused()


# -- writing ----------------------------------------------------------------------------------------


def test_post_reply_edit_and_delete_within_the_window(page: Page, demo_server: DemoServer) -> None:
    reader = Reader(page, demo_server).open()
    mine = reader.post("The pilots rule is sensible; the fee question is not settled.", name="Alice")
    expect(page.locator(".rj-msg[role=status]")).to_have_text("Your comment was posted.")
    expect(mine.locator(".rj-a").first).to_have_text("Alice")

    mine.get_by_role("button", name="Reply").first.click()
    reply_form = mine.locator("form.rj-form")
    expect(reply_form.get_by_role("heading")).to_have_text("Reply to Alice")
    expect(reply_form.get_by_label("Name")).to_have_value("Alice")  # remembered in this browser only
    reply_form.get_by_label("Comment").fill("Replying to myself: article 9 sets the fees.")
    reader.submit(reply_form)
    reply = mine.locator(".rj-r li.rj-c")
    expect(reply).to_contain_text("article 9 sets the fees")
    reader.posted()

    reply.get_by_role("button", name="Edit").click()
    editor = reply.get_by_label("Comment")
    expect(editor).to_have_value("Replying to myself: article 9 sets the fees.")
    editor.fill("Replying to myself: article **11** sets the fees.")
    reply.get_by_role("button", name="Save").click()
    expect(reply.locator(".rj-b strong")).to_have_text("11")
    expect(page.locator(".rj-msg[role=status]")).to_have_text("Your comment was updated.")

    delete = reply.get_by_role("button", name="Delete")
    delete.click()
    expect(delete).to_have_text("Delete for good?")
    delete.click()
    expect(reply).to_have_count(0)
    expect(page.locator(".rj-msg[role=status]")).to_have_text("This comment was deleted.")

    page.reload()
    expect(reader.comment("the fee question is not settled")).to_be_visible()
    expect(page.get_by_text("article **11**")).to_have_count(0)
    expect(page.get_by_text("sets the fees")).to_have_count(0)


def test_a_validation_error_shows_the_servers_message_and_keeps_the_text(
    page: Page, demo_server: DemoServer
) -> None:
    reader = Reader(page, demo_server).open()
    form = reader.main_form
    reader.fill(form, "Ice pilots are a good idea.", name="Bob", email="bob-at-example")
    reader.submit(form)
    email = form.get_by_label("Email")
    expect(email).to_have_attribute("aria-invalid", "true")
    error = form.locator(f"#{email.get_attribute('id')}-e")
    expect(error).not_to_be_empty()
    expect(email).to_be_focused()
    expect(form.get_by_label("Comment")).to_have_value("Ice pilots are a good idea.")
    email.fill("bob@example.org")
    reader.submit(form)
    expect(reader.comment("Ice pilots are a good idea.")).to_be_visible()
    expect(email).not_to_have_attribute("aria-invalid", "true")


def test_the_servers_refusal_comes_in_the_widgets_language(page: Page, demo_server: DemoServer) -> None:
    reader = Reader(page, demo_server).open(f"{ARTICLE}?lang=de")
    form = reader.main_form
    form.get_by_label("Name").fill("Bernd")
    form.get_by_label("E-Mail").fill("bernd-at-example")
    form.get_by_label("Kommentar").fill("Eisbrecher sind teuer.")
    time.sleep(max(0.0, MIN_SECONDS_ON_PAGE - (time.monotonic() - reader.token_at)))
    form.get_by_role("button", name="Kommentar abschicken").click()
    email = form.get_by_label("E-Mail")
    expect(email).to_have_attribute("aria-invalid", "true")
    expect(form.locator(f"#{email.get_attribute('id')}-e")).to_have_text(
        "Das ist keine E-Mail-Adresse: Sie sollte wie name@example.org aussehen."
    )


def test_a_draft_survives_a_reload_and_a_dropped_connection(
    page: Page, context: BrowserContext, demo_server: DemoServer
) -> None:
    reader = Reader(page, demo_server).open()
    reader.fill(reader.main_form, "A draft that must not be lost.", name="Carol", email="carol@example.org")
    page.reload()
    expect(reader.main_form.get_by_label("Comment")).to_have_value("A draft that must not be lost.")
    reader.token_at = time.monotonic()
    context.set_offline(True)
    reader.submit(reader.main_form)
    expect(reader.main_form.locator(".rj-msg[role=alert]")).to_contain_text(
        "Could not reach the comment server"
    )
    expect(reader.main_form.get_by_label("Comment")).to_have_value("A draft that must not be lost.")
    context.set_offline(False)
    reader.submit(reader.main_form)
    expect(reader.comment("A draft that must not be lost.")).to_be_visible()
    page.reload()
    expect(reader.main_form.get_by_label("Comment")).to_have_value("")


def test_a_held_comment_says_it_is_awaiting_moderation(page: Page, demo_server: DemoServer) -> None:
    site = json.loads(
        demo_server.cli(
            "sites",
            "create",
            "--name",
            "Held",
            "--url",
            demo_server.url + "/held",
            "--origin",
            demo_server.url,
        )
    )
    demo_server.cli("sites", "set", str(site["id"]), "moderation=hold_all")
    reader = Reader(page, demo_server).open(f"{ARTICLE}?site={site['id']}")
    held = reader.post("Please hold this one for a moderator.")
    expect(held.locator(".rj-p")).to_have_text("Your comment is awaiting moderation.")
    expect(page.locator(".rj-msg[role=status]")).to_have_text("Your comment is awaiting moderation.")
    expect(reader.thread.get_by_role("heading", level=2)).to_have_text("Comments (0)")
    page.reload()  # the edit token in this browser shows the author their own held comment
    expect(reader.comment("Please hold this one").locator(".rj-p")).to_be_visible()
    other = page.context.browser.new_page()  # type: ignore[union-attr]
    try:  # ...and nobody else
        other.goto(f"{demo_server.url}{ARTICLE}?site={site['id']}")
        expect(other.locator("#rejoinder-thread .rj-main form")).to_be_visible()
        expect(other.get_by_text("Please hold this one")).to_have_count(0)
    finally:
        other.close()


def test_a_closed_thread_shows_its_comments_but_takes_no_more(page: Page, demo_server: DemoServer) -> None:
    site = json.loads(  # a site of its own, so closing its thread leaves the other tests alone
        demo_server.cli("sites", "create", "--name", "Closing", "--url", demo_server.url + "/closing")
    )["id"]
    reader = Reader(page, demo_server).open(f"{ARTICLE}?site={site}")
    reader.post("Posted before the thread was closed.")

    async def close() -> None:
        store = await open_store(demo_server.db_url)
        try:
            thread = await store.get_thread(site, ARTICLE)
            assert thread is not None
            await store.set_thread_closed(thread.id, True)
        finally:
            await store.close()

    in_thread(close())
    page.reload()
    expect(reader.comment("Posted before the thread was closed.")).to_be_visible()
    expect(reader.thread).to_contain_text("Comments are closed.")
    expect(reader.thread.locator("form")).to_have_count(0)
    expect(reader.thread.get_by_role("button", name="Reply")).to_have_count(0)


def test_edit_and_delete_are_offered_only_within_the_window(page: Page, demo_server: DemoServer) -> None:
    site = json.loads(
        demo_server.cli("sites", "create", "--name", "Short window", "--url", demo_server.url + "/w")
    )
    demo_server.cli("sites", "set", str(site["id"]), "edit_window_seconds=5")
    reader = Reader(page, demo_server).open(f"{ARTICLE}?site={site['id']}")
    mine = reader.post("Second thoughts come too late here.")
    expect(mine.get_by_role("button", name="Edit")).to_be_visible()
    expect(mine.get_by_role("button", name="Delete")).to_be_visible()
    expect(mine.get_by_role("button", name="Edit")).to_have_count(0, timeout=10_000)
    expect(mine.get_by_role("button", name="Delete")).to_have_count(0)
    token = page.evaluate(f"JSON.parse(localStorage.getItem('rejoinder:tokens:{site['id']}'))")
    comment_id, own = next(iter(token.items()))
    time.sleep(1.5)  # the server counts the window from its own clock, to the second
    edit = {"text": "Too late.", "edit_token": own["token"]}
    status, body = api(demo_server, f"/api/comments/{comment_id}", edit, method="PUT")
    assert status == 403, body
    assert body["error"]["field"] == "edit_token"


# -- accessibility, themes, languages ------------------------------------------------------------------


def test_the_whole_form_works_by_keyboard_alone(page: Page, demo_server: DemoServer) -> None:
    reader = Reader(page, demo_server).open()
    reader.main_form.get_by_label("Name").focus()
    page.keyboard.type("Dana")
    page.keyboard.press("Tab")
    page.keyboard.type("dana@example.org")
    page.keyboard.press("Tab")  # website
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "the focused field shows no focus ring"
    page.keyboard.press("Tab")
    page.keyboard.type("Typed without a mouse.")
    for _ in range(6):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent") == "Post Comment":
            break
    else:
        pytest.fail("Tab never reached the Post Comment button")
    time.sleep(max(0.0, MIN_SECONDS_ON_PAGE - (time.monotonic() - reader.token_at)))
    page.keyboard.press("Enter")
    expect(reader.comment("Typed without a mouse.")).to_be_visible()


def test_axe_finds_no_wcag_aa_violation_in_light_and_dark(browser: Any, demo_server: DemoServer) -> None:
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        for scheme in ("light", "dark"):
            page.emulate_media(color_scheme=scheme)
            Reader(page, demo_server).open()
            page.locator("li.rj-c").first.get_by_role(
                "button", name="Reply"
            ).first.click()  # a reply form too
            violations = axe_violations(page)
            assert violations == [], f"{scheme}: {violations}"
    finally:
        context.close()


def test_dark_mode_follows_the_readers_preference(page: Page, demo_server: DemoServer) -> None:
    reader = Reader(page, demo_server).open()
    background = "getComputedStyle(document.querySelector('#rejoinder-thread')).backgroundColor"
    assert page.evaluate(background) == "rgb(255, 255, 255)"
    page.emulate_media(color_scheme="dark")
    assert page.evaluate(background) == "rgb(21, 21, 21)"
    fonts = (
        "['.comments', '#rejoinder-thread'].map(s => getComputedStyle(document.querySelector(s)).fontFamily)"
    )
    page_font, widget_font = page.evaluate(fonts)
    assert widget_font == page_font, "the widget does not inherit the page's font"
    expect(reader.thread.locator("li.rj-c").first).to_be_visible()
    screenshot(page, "demo-article-dark")


@pytest.mark.parametrize(
    ("lang", "title", "heading"),
    [
        ("en", "Leave a Reply", "Comments"),
        ("de", "Schreibe einen Kommentar", "Kommentare"),
        ("fr", "Laisser un commentaire", "Commentaires"),
        ("es", "Deja una respuesta", "Comentarios"),
        ("ru", "Добавить комментарий", "Комментарии"),
        ("hi", "एक उत्तर दें", "टिप्पणियाँ"),
    ],
)
def test_the_widget_speaks_the_pages_language(
    page: Page, demo_server: DemoServer, lang: str, title: str, heading: str
) -> None:
    page.goto(f"{demo_server.url}{ARTICLE}?lang={lang}")
    form = page.locator("#rejoinder-thread .rj-main form")
    expect(form.get_by_role("heading")).to_have_text(title)
    expect(page.locator("#rejoinder-thread h2")).to_contain_text(heading)
    assert page.locator("#rejoinder-thread").get_attribute("lang") == lang


# -- hostile input ------------------------------------------------------------------------------------

XSS = [
    "<script>window.__pwned('script')</script>",
    "<img src=x onerror=\"window.__pwned('img')\">",
    "<svg onload=\"window.__pwned('svg')\"></svg>",
    "[click](javascript:window.__pwned('md-link'))",
    "<a href=\"javascript:window.__pwned('a')\">x</a>",
    "<iframe srcdoc=\"<script>parent.__pwned('iframe')</script>\"></iframe>",
    "\"><script>window.__pwned('attr')</script>",
    "<details open ontoggle=\"window.__pwned('details')\">",
    "<style>@import 'javascript:window.__pwned(1)';</style>",
    "<math><mtext><table><mglyph><style><img src=x onerror=\"window.__pwned('mxss')\">",
]

HOSTILE_WEBSITES = [
    "javascript:window.__pwned('website')",
    "https://example.org/\"><script>window.__pwned('website-attr')</script>",
    "data:text/html,<script>window.__pwned('data')</script>",
    "",
]


def test_an_xss_corpus_renders_as_text_and_runs_nothing(browser: Any, demo_server: DemoServer) -> None:
    """Payloads as name, website and comment, posted through the API; the CSP is bypassed so
    that only the widget's own escaping stands between them and the page."""
    uri = "/demo/sanctions-and-semiconductors"
    tokens = [api(demo_server, f"/api/config?site=1&uri={uri}")[1]["form_token"] for _ in XSS]
    time.sleep(MIN_SECONDS_ON_PAGE)
    edit_tokens = {}
    for n, (payload, token) in enumerate(zip(XSS, tokens, strict=True)):
        body = {
            "site": 1,
            "uri": uri,
            "title": "XSS",
            "author": payload[:80],
            "email": f"x{n}@example.org",
            "website": HOSTILE_WEBSITES[n % len(HOSTILE_WEBSITES)],
            "text": payload,
            "form_token": token,
        }
        status, posted = api(demo_server, "/api/comments", body)
        if status != 201:  # the server may refuse a hostile website outright, naming the field...
            assert (status, posted["error"]["field"]) in {(400, "website"), (422, "website")}, posted
            status, posted = api(demo_server, "/api/comments", {**body, "website": ""})  # ...the rest renders
        assert status == 201, posted
        edit_tokens[str(posted["comment"]["id"])] = {
            "token": posted["edit_token"],
            "until": posted["editable_until"],
            "text": payload,
        }
    context = browser.new_context(bypass_csp=True)
    try:
        page = context.new_page()
        page.add_init_script("window.__hits = []; window.__pwned = (w) => window.__hits.push(w);")
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(demo_server.url + uri)
        # the author's own tokens make held ones visible too, so every payload is on the page
        page.evaluate("t => localStorage.setItem('rejoinder:tokens:1', JSON.stringify(t))", edit_tokens)
        page.reload()
        expect(page.locator("#rejoinder-thread li.rj-c")).to_have_count(len(XSS))
        for link in page.locator("#rejoinder-thread a").all():
            assert not (link.get_attribute("href") or "").lower().startswith("javascript:")
        page.locator("#rejoinder-thread details").evaluate_all("ds => ds.forEach(d => d.open = !d.open)")
        page.wait_for_timeout(500)
        names = page.locator("#rejoinder-thread .rj-a").all_text_contents()
        assert XSS[0][:80] in names, "a name should be shown as the literal text typed"
        assert page.evaluate("window.__hits") == []
        assert dialogs == []
        assert (
            page.locator("#rejoinder-thread script, #rejoinder-thread iframe, #rejoinder-thread img").count()
            == 0
        )
        screenshot(page, "xss-corpus")
    finally:
        context.close()


# -- embedding on another origin -------------------------------------------------------------------------

HOST_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>
<body><main><h1>{title}</h1><p>A story on a site that embeds Rejoinder.</p></main>
<div id="rejoinder-thread"></div>
<script src="{server}/embed.js" data-rejoinder-site="{site}" async></script></body></html>"""


@pytest.fixture(scope="module")
def publisher(demo_server: DemoServer) -> Iterator[str]:
    """A publisher's own web server on another loopback port: every path is a story page that
    embeds the widget of ``?site=N`` (real, because Chromium keeps public pages off loopback)."""

    class Story(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            query = parse_qs(urlsplit(self.path).query)
            title = query.get("title", ["A story"])[0]
            body = HOST_PAGE.format(title=html.escape(title), server=demo_server.url, site=query["site"][0])
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body.encode())

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Story)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_the_snippet_on_an_allowed_origin_shows_the_pages_own_thread(
    page: Page, demo_server: DemoServer, publisher: str
) -> None:
    """The embed contract: the publisher's page (an origin its site allows) gets the thread and the
    form for its own path and title, and posting works across origins (CORS preflight)."""
    site = json.loads(
        demo_server.cli("sites", "create", "--name", "Publisher", "--url", publisher, "--origin", publisher)
    )["id"]
    page.goto(f"{publisher}/world/ice-story?site={site}&title=Ice+story+on+the+publisher%27s+site")
    reader = Reader(page, demo_server)
    expect(reader.main_form).to_be_visible()
    reader.token_at = time.monotonic()
    expect(reader.thread.get_by_role("heading", level=2)).to_have_text("Comments (0)")
    reader.post("Posted from the publisher's own page.")
    status, thread = api(demo_server, f"/api/threads?site={site}&uri=/world/ice-story")
    assert status == 200
    assert thread["thread"]["title"] == "Ice story on the publisher's site"
    assert [c["author"] for c in thread["comments"]] == ["Reader"]


def test_the_snippet_on_an_origin_the_site_does_not_allow_shows_nothing(page: Page, publisher: str) -> None:
    page.goto(f"{publisher}/story?site=1")  # the demo site allows only its own origin
    thread = page.locator("#rejoinder-thread")
    expect(thread.locator(".rj-msg[role=status]")).to_contain_text("Could not reach the comment server")
    expect(thread.locator("form")).to_have_count(0)
