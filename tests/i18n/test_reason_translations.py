"""The spam reasons' translations: every entry in every language, and every reason the real engine
and services write is one the table knows, so a new reason cannot ship untranslated unnoticed.

The engine here is the shipped one (``Engine.load()``), run over comments crafted to fire each
signal, with a site's learned layer and its context; the bans come from ``services.bans`` itself.
A reason the table does not know fails with its text. Besides what runs, the sources are read:
every sentence written literally in a ``Prior``, ``new_reason`` or ``Reason`` call of the engine
or the services must belong to an entry, so a signal that no crafted comment fires is caught too.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from rejoinder.domain import Ban, BanKind, Reason
from rejoinder.i18n.dashboard import PLURAL_FORMS
from rejoinder.i18n.reasons import (
    DECIMAL_COMMA,
    NUMBER_PARTS,
    REASONS,
    TRANSLATED,
    ReasonTemplate,
    pattern_of,
    reason_in,
)
from rejoinder.services.bans import matching_ban
from rejoinder.spam import Engine
from rejoinder.spam.context import SiteContext
from rejoinder.spam.signals import LEARNED
from rejoinder.web.admin.templating import DECIMAL_COMMA as PAGES_DECIMAL_COMMA

SOURCES = Path(__file__).parents[2] / "src" / "rejoinder"
# Reasons written by code that never puts them on a dashboard page, and why.
NOT_SHOWN = {
    # services.akismet_fields.forced_verdict: Akismet's documented test values; the verdict goes to
    # the Akismet client only (a recorded check, never a comment in a queue).
    "the commenter is a logged-in administrator (user_role)",
    "Akismet test value: comment_author ",
    "Akismet test value: comment_author_email ",
}
# Entries no crafted engine run can produce, and where they are produced instead.
PRODUCED_ELSEWHERE = {
    # services.moderation.reply_as_site: tests/admin/test_dashboard_reasons.py posts a reply.
    "written by moderator {name} as the site",
}

_PATTERNS = [
    (template, re.compile(pattern_of(english), re.DOTALL))
    for template in REASONS
    for english in template.english
]


def entries_for(text: str) -> list[ReasonTemplate]:
    return [template for template, pattern in _PATTERNS if pattern.fullmatch(text)]


# -- the table itself ------------------------------------------------------------------------


@pytest.mark.parametrize("template", REASONS, ids=lambda t: t.english[0])
def test_every_entry_speaks_every_language_with_the_same_parts(template: ReasonTemplate) -> None:
    parts = set(template.parts())
    for english in template.english:
        assert set(re.findall(r"\{([a-z_]+)\}", english)) == parts, english
    for language in TRANSLATED:
        said = template.said.get(language)
        assert said, f"{template.english[0]!r} has no {language}"
        forms = said if isinstance(said, tuple) else (said,)
        if isinstance(said, tuple):
            assert "count" in parts, f"{template.english[0]!r}: plural forms need a count"
            assert len(said) == PLURAL_FORMS[language], f"{template.english[0]!r} in {language}"
        for form in forms:
            assert set(re.findall(r"\{([a-z_]+)\}", form)) == parts, (
                f"{template.english[0]!r} in {language}: {form!r}"
            )
            assert form != template.english[0], f"{template.english[0]!r} is not translated to {language}"
    assert set(template.said) == set(TRANSLATED)


def test_the_table_writes_numbers_as_the_dashboard_does() -> None:
    assert DECIMAL_COMMA == PAGES_DECIMAL_COMMA
    assert reason_in("submitted 1.2 s after page load", "de") == "1,2 s nach dem Laden der Seite abgeschickt"
    assert reason_in("submitted 1.2 s after page load", "hi") == "पेज लोड होने के 1.2 सेकंड बाद भेजी गई"
    assert reason_in("87% similar to a comment a moderator approved", "fr") == (
        "similaire à 87\u00a0% à un commentaire approuvé par un modérateur"
    )
    assert set(NUMBER_PARTS) == {"count", "seconds", "percent"}


@pytest.mark.parametrize(
    ("english", "language", "said"),
    [
        ("1 link", "ru", "1 ссылка"),
        ("3 links", "ru", "3 ссылки"),
        ("5 links", "ru", "5 ссылок"),
        ("21 links", "ru", "21 ссылка"),
        ("1 link", "de", "1 Link"),
        ("2 links", "de", "2 Links"),
        ("1 invisible characters", "fr", "1 caractère invisible"),
        ("4 invisible characters", "es", "4 caracteres invisibles"),
        ("website seen on 1 approved comments here", "hi", "वेबसाइट यहाँ 1 स्वीकृत टिप्पणी में दिखी"),
        (
            "same text posted 2 times on this site recently",
            "es",
            "mismo texto publicado 2 veces recientemente en este sitio",
        ),
    ],
)
def test_a_count_takes_its_plural_form(english: str, language: str, said: str) -> None:
    assert reason_in(english, language) == said


def test_parts_from_the_comment_are_kept_and_unknown_text_stays_english() -> None:
    hostile = "author name is a keyword phrase: <script>alert(1)</script> cheap {count}"
    assert (
        reason_in(hostile, "de")
        == "Autorname ist eine Keyword-Phrase: <script>alert(1)</script> cheap {count}"
    )
    assert reason_in("banned IP network 198.51.100.0/24", "ru") == "заблокированная IP-сеть 198.51.100.0/24"
    assert reason_in("words: line\nbreak, x", "fr") == "mots : line\nbreak, x"
    for unknown in ("long, thoughtful text", "", "1 links and more", "a BBCode [url=] link!"):
        assert reason_in(unknown, "de") == unknown
    assert reason_in("3 links", "en") == "3 links"
    assert reason_in("3 links", "xx") == "3 links"


# -- what the engine and the services really write -------------------------------------------


def _crafted() -> Iterator[tuple[dict[str, object], SiteContext | None]]:
    """Comments (and site contexts) that fire each signal; one reason a comment shows is at most
    six, so the signals are spread over comments that each fire a few."""
    yield (
        {
            "content": "Great post",
            "honeypot": "x",
            "seconds_on_page": 1.04,
            "user_agent": "python-requests/2.31",
        },
        None,
    )
    yield {"content": "A trackback", "comment_type": "trackback"}, None
    yield {"content": "A pingback", "comment_type": "pingback"}, None
    yield {"content": "", "author_url": "not a url", "author_email": "nobody@"}, None
    yield (
        {
            "content": "Thanks",
            "author_url": "https://bit.ly/abc",
            "author": "http://spam.example",
            "author_email": "x@mailinator.com",
        },
        None,
    )
    yield (
        {
            "content": "Nice",
            "author_url": "https://cheap-pills-casino.xyz",
            "author": "best cheap casino bonus online",
        },
        None,
    )
    yield (
        {"content": "Nice", "author_url": "https://shop1234567.com", "author": "john smith the great person"},
        None,
    )
    yield {"content": "Nice", "author": "john1234"}, None
    yield {"content": "x" * 10_050}, None
    yield {"content": "THIS IS ALL WRITTEN IN CAPITAL LETTERS BECAUSE I AM VERY ANGRY ABOUT IT"}, None
    yield {"content": "http://foo.example/bar"}, None
    yield {"content": "hel\u200blo there"}, None
    yield {"content": "hidden\u200b\u200b\u200btext here with \u200bzero width"}, None
    yield {"content": "Ηello wοrld, thіs іs а test"}, None
    yield (
        {
            "content": "buy viagra casino poker cheap pills at http://cheap-pills-shop.xyz and "
            "http://a.example http://b.example $500 now!!!"
        },
        None,
    )
    yield {"content": "v i a g r a c h e a p n o w"}, None
    yield (
        {
            "content": "call me at 555 123 4567 or mail me@example.com [url=http://x.example]x[/url] "
            '<a href="http://y.example">y</a> visit site dot com'
        },
        None,
    )
    yield {"content": "It costs $500 and 20 euros, I think"}, None
    yield {"content": "Really??? Wow!!! Amazing....."}, None
    yield {"content": "see https://bit.ly/xyz for the story"}, None
    yield (
        {"content": "I think the mayor's budget was well argued, thanks for the careful reporting on this."},
        None,
    )
    context = SiteContext(duplicates_on_site=3, author_url_host_seen=0, author_trusted=True)
    yield {"content": "Nice work on this", "author_url": "https://planet.example", "author": "Ann"}, context
    yield (
        {"content": "Nice work on this", "author_url": "https://planet.example"},
        SiteContext(author_url_host_seen=4),
    )


def _bans() -> Iterator[str]:
    """The sentence ``services.bans`` writes for a ban of each kind (a new kind fails here)."""
    examples = {
        BanKind.EMAIL: ("x@spam.example", {"email": "x@spam.example"}),
        BanKind.DOMAIN: ("spam.example", {"url": "https://www.spam.example/p"}),
        BanKind.IP_NETWORK: ("198.51.100.0/24", {"ip": "198.51.100.7"}),
        BanKind.NAME_PATTERN: ("*casino*", {"name": "Best Casino Deals"}),
    }
    assert set(examples) == set(BanKind)
    for kind, (value, fields) in examples.items():
        ban = Ban(id=1, site_id=None, kind=kind, value=value, created_by="olga")
        found = matching_ban([ban], **{"name": "", "email": "", "url": "", "ip": "", **fields})
        assert found, kind
        yield found


def _site_layer_reasons(engine: Engine) -> Iterator[Reason]:
    """A site whose moderators marked a campaign spam and a regular's comments approved."""
    site = engine.new_site_model()
    spam = [
        {
            "content": f"Get your free crypto airdrop token now number {i} at moonfarm",
            "author_url": "https://moon.example",
        }
        for i in range(6)
    ]
    ham = [
        {
            "content": f"The council meeting on tuesday discussed the bridge repairs item {i}",
            "author_url": "https://friend.example",
        }
        for i in range(6)
    ]
    # Approved comments in words the base model holds suspect: the layer learns them as good.
    approved_deals = [
        {"content": f"Our club's bake sale had cheap cakes and a raffle, prize number {i}, see you next week"}
        for i in range(12)
    ]
    site.learn_many(spam + ham + approved_deals, [True] * 6 + [False] * 18)
    later = [
        spam[0],
        ham[0],
        {"content": "Get your free crypto airdrop token now number 99 at moonfarm"},
        {"content": "The council meeting on tuesday discussed the bridge repairs item 77"},
        {"content": "The bake sale had cheap cakes and a raffle again, prize number 40, see you next month"},
    ]
    for verdict in engine.check_many(later, site_model=site):
        yield from verdict.reasons


def produced_reasons() -> list[str]:
    engine = Engine.load()
    out: list[str] = []
    for comment, context in _crafted():
        out += [r.text for r in engine.check(comment, context=context).reasons]
    for ban in _bans():
        verdict = engine.check({"content": "Hello"}, context=SiteContext(ban=ban))
        assert verdict.reasons[0].text == ban
        out += [r.text for r in verdict.reasons]
    out += [r.text for r in _site_layer_reasons(engine)]
    return out


def test_every_reason_the_engine_and_services_write_is_in_the_table() -> None:
    produced = produced_reasons()
    unknown = [text for text in produced if not entries_for(text)]
    assert unknown == [], f"reasons with no translation entry: {unknown}"
    ambiguous = {
        text: [t.english for t in entries_for(text)] for text in produced if len(entries_for(text)) > 1
    }
    assert ambiguous == {}
    for text in produced:  # and the combined expression picks that same entry
        for language in TRANSLATED:
            assert reason_in(text, language) != text, (text, language)
    hit = {template.english[0] for text in produced for template in entries_for(text)}
    never = {template.english[0] for template in REASONS} - hit - PRODUCED_ELSEWHERE
    assert never == set(), (
        f"entries no crafted comment produced (craft one, or say where it is produced): {never}"
    )


def test_every_learned_signal_has_an_entry() -> None:
    assert [text for _, text in LEARNED if not entries_for(text)] == []


def _literal_sentences() -> Iterator[tuple[str, str | list[str]]]:
    """(where, sentence) for each reason written in the sources: a constant as it is, an
    f-string as its literal pieces in order."""
    files = [*sorted((SOURCES / "spam").glob("*.py")), *sorted((SOURCES / "services").rglob("*.py"))]
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            if name not in ("Prior", "new_reason", "_prior_reason", "Reason"):
                continue
            first = node.args[0]
            where = f"{path.relative_to(SOURCES)}:{node.lineno}"
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                yield where, first.value
            elif isinstance(first, ast.JoinedStr):
                yield (
                    where,
                    [
                        v.value
                        for v in first.values
                        if isinstance(v, ast.Constant) and isinstance(v.value, str)
                    ],
                )
        for node in ast.walk(tree):  # the bans' sentences are returned, not passed to a call
            if (
                path.name == "bans.py"
                and isinstance(node, ast.Return)
                and isinstance(node.value, ast.JoinedStr)
            ):
                values = node.value.values
                yield (
                    f"{path.relative_to(SOURCES)}:{node.lineno}",
                    [v.value for v in values if isinstance(v, ast.Constant) and isinstance(v.value, str)],
                )


def _pieces_in_order(pieces: list[str], english: str) -> bool:
    at = 0
    for piece in pieces:
        found = english.find(piece, at)
        if found < 0:
            return False
        at = found + len(piece)
    return True


def test_every_reason_written_in_the_sources_has_an_entry() -> None:
    sentences = list(_literal_sentences())
    assert len(sentences) >= 50  # the scan finds the engine's sentences at all
    missing = []
    for where, sentence in sentences:
        if isinstance(sentence, str):
            if sentence not in NOT_SHOWN and not entries_for(sentence):
                missing.append((where, sentence))
        elif "".join(sentence) not in NOT_SHOWN and not any(
            _pieces_in_order(sentence, english) for t in REASONS for english in t.english
        ):
            missing.append((where, "{…}".join(sentence)))
    assert missing == [], f"reasons in the sources with no translation entry: {missing}"
