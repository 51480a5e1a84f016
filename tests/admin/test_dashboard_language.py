"""The dashboard in the moderator's language: chosen from ``Accept-Language`` on a real
database through the real app, English when the browser asks for nothing we speak, and no
markup let in by a translation or a value put into one."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markupsafe import Markup

from rejoinder.domain import CommentStatus, Reaction, ReactionKind, ReportReason
from rejoinder.i18n.dashboard_catalog import DASHBOARD
from rejoinder.web.admin.templating import environment
from tests.admin.conftest import Dashboard, csrf_of

GERMAN = {"Accept-Language": "de-DE,de;q=0.9,en;q=0.5"}
SHOWN_ATTRIBUTES = ("placeholder", "aria-label", "title")


class _Words(HTMLParser):
    """The text a moderator reads: text nodes (not script or style) and the attributes that
    browsers and screen readers show."""

    def __init__(self) -> None:
        super().__init__()
        self.words: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._skip += tag in ("script", "style")
        self.words += [value.strip() for name, value in attrs if name in SHOWN_ATTRIBUTES and value]

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag in ("script", "style")

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.words.append(" ".join(data.split()))


@pytest.fixture
def store_url(tmp_path: Path) -> str:
    """What a moderator reads does not depend on the database: a SQLite file is enough here."""
    return f"sqlite:///{tmp_path / 'rejoinder.db'}"


def english_left(page: str, language: str) -> list[str]:
    """Texts of the page that are still a catalogue entry's English where ``language`` differs."""
    parser = _Words()
    parser.feed(page)
    untranslated = {english for english, texts in DASHBOARD.items() if texts[language] != english}
    return [word for word in parser.words if word in untranslated]


async def _german_login(dashboard: Dashboard, name: str = "olga") -> tuple[object, str]:
    client = dashboard.client()
    client.headers.update(GERMAN)
    form = await client.get("/admin/login")
    assert form.status_code == 200
    assert '<html lang="de">' in form.text
    assert "Zum Moderieren anmelden" in form.text
    assert english_left(form.text, "de") == []
    answer = await client.post(
        "/admin/login", data={"name": name, "password": "correct horse battery", "csrf": csrf_of(form.text)}
    )
    assert answer.status_code == 303
    return client, csrf_of((await client.get("/admin/comments")).text)


async def test_a_german_moderator_sees_the_queue_in_german(dashboard: Dashboard) -> None:
    client, _ = await _german_login(dashboard)
    answer = await client.get("/admin/comments")
    assert answer.headers["content-language"] == "de"
    page = answer.text
    assert '<html lang="de">' in page
    assert "<title>Ausstehende Kommentare · Rejoinder</title>" in page
    assert ">Freigeben <kbd>a</kbd></button>" in page
    assert "Wert 0,62 · Filter: <strong>zur Prüfung</strong>" in page  # a decimal comma
    assert "(+0,80)" in page
    assert "2 Kommentare" in page
    assert english_left(page, "de") == []
    # The form values stay the stored identifiers, whatever the labels say.
    assert 'value="approve"' in page
    assert 'data-queue="pending"' in page
    # The spam engine's reasons in German too (tests/admin/test_dashboard_reasons.py).
    assert "3 Links" in page


@pytest.mark.parametrize("language", ["de", "fr", "es", "ru", "hi"])
async def test_every_page_is_in_every_language(dashboard: Dashboard, language: str) -> None:
    reported = await dashboard.add_comment("Published, then reported", status=CommentStatus.APPROVED)
    for voter, reason in (("a" * 32, ReportReason.ABUSE), ("b" * 32, ReportReason.OFF_TOPIC)):
        await dashboard.services.store.add_reaction(Reaction(reported.id, ReactionKind.REPORT, voter, reason))
    client = dashboard.client()
    client.headers["Accept-Language"] = language
    form = (await client.get("/admin/login")).text
    assert english_left(form, language) == []
    await client.post(
        "/admin/login", data={"name": "olga", "password": "correct horse battery", "csrf": csrf_of(form)}
    )
    for path in [
        "/admin/comments",
        "/admin/comments?status=approved",
        "/admin/comments?status=deleted&q=nothing",
        "/admin/bans",
        "/admin/stats",
        "/admin/sites",
        "/admin/moderators",
        "/admin/moderators/2/remove",
        "/admin/audit",
        "/admin/nowhere",
    ]:
        page = await client.get(path)
        assert page.status_code in (200, 404), path
        assert f'<html lang="{language}">' in page.text, path
        assert english_left(page.text, language) == [], path
        if path == "/admin/comments?status=approved":
            labels = [
                DASHBOARD[english][language] for english in ("abusive", "off topic", "Keep, dismiss reports")
            ]
            assert all(label in page.text for label in labels), labels


async def test_a_decision_and_its_undo_are_reported_in_german(dashboard: Dashboard) -> None:
    client, token = await _german_login(dashboard, "mo")
    held = dashboard.comments[1]
    answer = await client.post(
        "/admin/comments/action",
        data={"act": f"approve:{held.id}", "csrf": token, "next": "/admin/comments"},
    )
    assert answer.status_code == 303
    page = (await client.get(answer.headers["location"])).text
    assert "Du hast 1 Kommentar freigegeben." in page
    assert ">Rückgängig <kbd>u</kbd>" in page
    assert "1 Kommentar<" in page
    token = csrf_of(page)
    ids = [c.id for c in dashboard.comments]
    await client.post("/admin/undo", data={"csrf": token, "next": "/admin/comments"})
    await client.post("/admin/comments/action", data={"action": "spam", "ids": ids, "csrf": token})
    page = (await client.get("/admin/comments?status=spam")).text
    assert "Du hast 2 Kommentare als Spam markiert." in page


async def test_error_pages_are_german(dashboard: Dashboard) -> None:
    client, _ = await _german_login(dashboard, "mo")
    missing = await client.get("/admin/nowhere")
    assert missing.status_code == 404
    assert '<html lang="de">' in missing.text
    assert "<h1>Nicht gefunden</h1>" in missing.text
    assert "Es gibt keine Dashboard-Seite /admin/nowhere." in missing.text
    owners_only = await client.get("/admin/sites")
    assert owners_only.status_code == 403
    assert "<h1>Nicht erlaubt</h1>" in owners_only.text
    assert english_left(owners_only.text, "de") == []
    stranger = dashboard.client()
    refused = await stranger.post("/admin/bans", data={"kind": "email"}, headers=GERMAN)
    assert refused.status_code == 403
    assert "Melde dich zuerst an: Diese Aktion braucht eine Sitzung." in refused.text


async def test_a_wrong_password_and_an_owners_page_are_refused_in_german(dashboard: Dashboard) -> None:
    client = dashboard.client()
    client.headers.update(GERMAN)
    form = (await client.get("/admin/login")).text
    wrong = await client.post(
        "/admin/login", data={"name": "olga", "password": "not it", "csrf": csrf_of(form)}
    )
    assert wrong.status_code == 403
    assert "Name oder Passwort falsch" in wrong.text
    client, _ = await _german_login(dashboard, "mo")
    page = await client.get("/admin/moderators")
    assert page.status_code == 403
    assert "Das darf nur ein Eigentümer" in page.text


async def test_english_is_unchanged_and_an_unknown_language_falls_back_to_it(dashboard: Dashboard) -> None:
    for header in ({"Accept-Language": "en-GB"}, {}, {"Accept-Language": "ja, zh;q=0.8"}):
        client = dashboard.client()
        client.headers.update(header)
        form = (await client.get("/admin/login")).text
        assert '<html lang="en">' in form
        assert "<h1>Log in to moderate</h1>" in form
        await client.post(
            "/admin/login", data={"name": "mo", "password": "correct horse battery", "csrf": csrf_of(form)}
        )
        page = (await client.get("/admin/comments")).text
        assert "<title>Pending comments · Rejoinder</title>" in page
        assert "score 0.62 · engine said <strong>pending</strong>" in page
        assert ">Approve <kbd>a</kbd></button>" in page
        assert ">Approve selected</button>" in page
        assert "Approve selected" in english_left(page, "de"), "the check for English left must see it"
        missing = (await client.get("/admin/nowhere")).text
        assert "<h1>Not found</h1>" in missing
        assert "There is no dashboard page /admin/nowhere." in missing


async def test_values_put_into_a_german_sentence_are_escaped(dashboard: Dashboard) -> None:
    hostile = "<img src=x onerror=alert(1)>"
    thread = await dashboard.services.store.get_or_create_thread(dashboard.site.id, "/news/x", hostile)
    await dashboard.add_comment("Hi", thread_id=thread.id)
    client, _ = await _german_login(dashboard)
    page = (await client.get(f"/admin/comments?thread={thread.id}")).text
    escaped = "&lt;img src=x onerror=alert(1)&gt;"
    assert f"Die Diskussion <strong>{escaped}</strong> (/news/x) ist" in page
    assert f'zu <a href="/admin/comments?status=pending&amp;thread={thread.id}">{escaped}</a>' in page
    assert "<img src=x" not in page


def test_markup_in_a_translation_is_shown_as_text(monkeypatch: pytest.MonkeyPatch) -> None:
    """A translation is text: a ``<`` in the catalogue cannot make an element, in ``_()``, in a
    ``{% trans %}`` block or in a plural, and the values are escaped inside it."""
    monkeypatch.setitem(DASHBOARD, "Hello %(name)s", {"de": "<b>Hallo</b> %(name)s & <script>x()</script>"})
    source = (
        '{{ _("Hello %(name)s", name=who) }}|{% trans name=who %}Hello {{ name }}{% endtrans %}|'
        '{{ _("Hello %(name)s", name=safe) }}'
    )
    html = environment.from_string(source).render(language="de", who="<i>Eve</i>", safe=Markup("<em>ok</em>"))
    said = "&lt;b&gt;Hallo&lt;/b&gt; {} &amp; &lt;script&gt;x()&lt;/script&gt;"
    eve = "&lt;i&gt;Eve&lt;/i&gt;"
    assert html == "|".join([said.format(eve), said.format(eve), said.format("<em>ok</em>")])
    assert re.search(r"<(b|script|i)>", html) is None


async def test_a_moderator_can_choose_a_language_over_the_browsers(dashboard: Dashboard) -> None:
    client, token = await _german_login(dashboard)
    chosen = await client.post(
        "/admin/language", data={"language": "fr", "csrf": token, "next": "/admin/bans?kind=email"}
    )
    assert chosen.status_code == 303
    assert chosen.headers["location"] == "/admin/bans?kind=email"
    cookie = chosen.headers["set-cookie"]
    assert "rejoinder_lang=fr" in cookie
    assert "Path=/admin" in cookie
    assert "HttpOnly" in cookie
    assert "SameSite=strict" in cookie
    page = (await client.get("/admin/bans")).text
    assert '<html lang="fr">' in page
    assert "<h1>Bannissements</h1>" in page
    assert '<option value="fr" lang="fr" selected>Français</option>' in page
    assert english_left(page, "fr") == []
    back = await client.post("/admin/language", data={"language": "", "csrf": token, "next": "/admin/bans"})
    assert back.status_code == 303
    assert '<html lang="de">' in (await client.get("/admin/bans")).text


async def test_a_language_choice_is_checked(dashboard: Dashboard) -> None:
    client, token = await _german_login(dashboard)
    wrong = await client.post("/admin/language", data={"language": "xx", "csrf": token})
    assert wrong.status_code == 400
    assert "language: &#39;xx&#39; ist keiner der Werte" in wrong.text
    forged = await client.post("/admin/language", data={"language": "ru", "csrf": "forged"})
    assert forged.status_code == 403
    assert "set-cookie" not in forged.headers
    elsewhere = await client.post(
        "/admin/language", data={"language": "ru", "csrf": token, "next": "https://evil.example/"}
    )
    assert elsewhere.headers["location"] == "/admin/comments"
    # A cookie naming a language the dashboard does not speak is ignored, not trusted.
    client.cookies.set("rejoinder_lang", "<script>", path="/admin")
    assert '<html lang="de">' in (await client.get("/admin/bans")).text


async def test_the_dashboards_own_form_errors_are_german(dashboard: Dashboard) -> None:
    client, token = await _german_login(dashboard)
    cases = [
        ("/admin/comments?since=gestern", "since: gib ein Datum im Format YYYY-MM-DD an"),
        ("/admin/comments?page=zwei", "page: &#39;zwei&#39; ist keine ganze Zahl"),
        ("/admin/comments?page=0", "page: gib eine Zahl von 1 bis 100000 an"),
        (
            "/admin/comments?status=neu",
            "status: &#39;neu&#39; ist keiner der Werte approved, pending, spam, deleted",
        ),
        ("/admin/comments?ip=nirgends", "ip: gib eine Adresse, ein Netz wie 203.0.113.0/24 oder ein Präfix"),
        ("/admin/comments?q=" + "x" * 501, "q: höchstens 500 Zeichen"),
    ]
    for path, german in cases:
        page = await client.get(path)
        assert page.status_code == 400, path
        assert german in page.text, path
    ids = [str(c.id) for c in dashboard.comments]
    two = await client.post("/admin/comments/action", data={"action": "reply", "ids": ids, "csrf": token})
    assert two.status_code == 400
    assert "ids: antworte auf einen Kommentar nach dem anderen" in two.text
    wrong = await client.post("/admin/language", data={"language": "xx", "csrf": token})
    assert "language: &#39;xx&#39; ist keiner der Werte en, de, fr, es, ru, hi und nicht leer" in wrong.text
    site = dashboard.site.id
    form = {
        "csrf": token,
        "moderation": "hold_all",
        "edit_window_seconds": "viel",
        "pending_threshold": "nan",
    }
    settings = await client.post(f"/admin/sites/{site}/settings", data=form)
    assert settings.status_code == 400
    assert "pending_threshold: gib eine endliche Zahl an" in settings.text
