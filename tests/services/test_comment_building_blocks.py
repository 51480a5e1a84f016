"""The small pure parts of the comment service: IPs, bans, tokens, rendering, limits, validation."""

from __future__ import annotations

import unicodedata
import uuid
from datetime import UTC, datetime
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rejoinder.domain import Ban, BanKind, RequiredField, SiteSettings
from rejoinder.errors import Forbidden, ValidationError
from rejoinder.services.bans import matching_ban, url_host
from rejoinder.services.comment_form import check_uri, clean_line, validate_form
from rejoinder.services.comments import _guid_of
from rejoinder.services.ip import in_network, minimise_ip
from rejoinder.services.rendering import ALLOWED_TAGS, excerpt, render_markdown
from rejoinder.services.tokens import FormTicket, Tokens


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("203.0.113.57", "203.0.113.0"),
        ("2001:db8:1:2:3:4:5:6", "2001:db8:1::"),
        ("::ffff:198.51.100.9", "198.51.100.0"),
        ("not an ip", ""),
        ("", ""),
    ],
)
def test_ips_are_minimised_to_their_network(raw: str, stored: str) -> None:
    assert minimise_ip(raw) == stored


def test_in_network_never_matches_junk() -> None:
    assert in_network("203.0.113.9", "203.0.113.0/24")
    assert not in_network("203.0.114.9", "203.0.113.0/24")
    assert not in_network("x", "203.0.113.0/24")
    assert not in_network("203.0.113.9", "nonsense")


def _ban(kind: BanKind, value: str) -> Ban:
    return Ban(id=1, site_id=None, kind=kind, value=value)


@pytest.mark.parametrize(
    ("ban", "expected"),
    [
        (_ban(BanKind.EMAIL, "Spam@Example.org"), "banned e-mail Spam@Example.org"),
        (_ban(BanKind.DOMAIN, "cheap.biz"), "banned website domain cheap.biz"),
        (_ban(BanKind.IP_NETWORK, "198.51.100.0/24"), "banned IP network 198.51.100.0/24"),
        (_ban(BanKind.NAME_PATTERN, "*casino*"), "banned name pattern *casino*"),
    ],
)
def test_each_kind_of_ban_matches_and_names_itself(ban: Ban, expected: str) -> None:
    found = matching_ban(
        [ban],
        name="Best Casino Deals",
        email="spam@example.org",
        url="https://www.cheap.biz/x",
        ip="198.51.100.7",
    )
    assert found == expected


def test_bans_do_not_match_innocent_authors() -> None:
    bans = [
        _ban(BanKind.EMAIL, "spam@example.org"),
        _ban(BanKind.DOMAIN, "cheap.biz"),
        _ban(BanKind.IP_NETWORK, "198.51.100.0/24"),
        _ban(BanKind.NAME_PATTERN, "*casino*"),
    ]
    assert (
        matching_ban(bans, name="Jane", email="jane@example.org", url="notcheap.biz", ip="203.0.113.1")
        is None
    )
    assert url_host("example.org/path") == "example.org"


def test_form_tokens_carry_the_page_and_the_time() -> None:
    tokens = Tokens("secret")
    ticket = tokens.read_form_token(tokens.form_token(3, "/a"), 3, "/a")
    assert (ticket.site_id, ticket.uri) == (3, "/a")
    assert 0 <= ticket.seconds_on_page() < 5
    assert len(ticket.nonce) == 32


@pytest.mark.parametrize(
    "tamper",
    [
        lambda t: t[:-2] + ("AA" if not t.endswith("AA") else "BB"),  # forged signature
        lambda t: Tokens("another secret").form_token(3, "/a"),  # signed with another key
        lambda t: Tokens("secret").form_token(3, "/b"),  # another page
        lambda t: Tokens("secret").form_token(4, "/a"),  # another site
        lambda t: Tokens("secret").edit_token(1, None),  # an edit token is not a form token
        lambda t: "garbage",
    ],
)
def test_forged_or_misused_form_tokens_are_refused(tamper) -> None:  # type: ignore[no-untyped-def]
    tokens = Tokens("secret")
    with pytest.raises(Forbidden) as info:
        tokens.read_form_token(tamper(tokens.form_token(3, "/a")), 3, "/a")
    assert info.value.field == "form_token"


def test_edit_tokens_bind_to_one_row() -> None:
    tokens = Tokens("secret")
    created = datetime(2026, 11, 28, 7, 0, tzinfo=UTC)
    token = tokens.edit_token(12, created)
    assert tokens.token_matches(token, 12, created)
    assert not tokens.token_matches(token, 13, created)
    assert not tokens.token_matches(token, 12, datetime(2026, 11, 28, 8, 0, tzinfo=UTC))
    assert not tokens.token_matches(Tokens("other").edit_token(12, created), 12, created)
    assert not tokens.token_matches(tokens.form_token(12, "/a"), 12, created)


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[click](javascript:alert(1))",
        '<a href="http://x" onclick="alert(1)">x</a>',
        "![pixel](https://tracker.example/p.gif)",
        "<iframe src=//evil></iframe>",
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        '<svg onload="alert(1)">',
    ],
)
def test_rendering_never_lets_markup_or_scripts_through(payload: str) -> None:
    """Parse the output as a browser would: only allowed tags, no event handlers, safe hrefs."""
    elements = _elements(render_markdown(payload))
    for tag, attrs in elements:
        assert tag in ALLOWED_TAGS
        for name, value in attrs:
            assert name in {"href", "rel", "start"}
            if name == "href":
                assert (value or "").split(":", 1)[0] in {"http", "https", "mailto"}


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, attrs))


def _elements(html: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    collector = _Collector()
    collector.feed(html)
    return collector.elements


def test_links_are_nofollow_ugc_noopener_and_markdown_works() -> None:
    html = render_markdown("Read **this**: [the report](https://example.org/r) and <https://example.org/x>")
    assert "<strong>this</strong>" in html
    assert html.count('rel="nofollow ugc noopener"') == 2
    assert excerpt("<p>a &amp; b</p>") == "a & b"
    assert len(excerpt("<p>" + "word " * 100 + "</p>")) <= 120


def test_validation_names_the_field_and_says_what_to_fix() -> None:
    s = SiteSettings()
    cases = {
        ("", "a@b.org", "", "hi"): "author",
        ("Jane", "", "", "hi"): "email",
        ("Jane", "not-an-address", "", "hi"): "email",
        ("Jane", "a@b.org", "javascript:alert(1)", "hi"): "website",
        ("Jane", "a@b.org", "", "   "): "text",
        ("Jane", "a@b.org", "", "x" * 10_001): "text",
    }
    for (author, email, website, text), field in cases.items():
        with pytest.raises(ValidationError) as info:
            validate_form(author, email, website, text, s)
        assert info.value.field == field
        assert len(info.value.message) > 10
    form = validate_form(
        " Jane\u202e ", "", "example.org", "hi", SiteSettings(required_fields=(RequiredField.NAME,))
    )
    assert (form.author, form.website) == ("Jane", "https://example.org")
    with pytest.raises(ValidationError):
        check_uri("news/article")


def _clean_line_reference(value: str) -> str:
    """``clean_line`` as it was before its ASCII short cut: every character looked up."""
    return "".join(ch for ch in value if unicodedata.category(ch) not in {"Cc", "Cf", "Cs", "Co"}).strip()


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0x7F)) | st.text())
def test_clean_line_short_cut_drops_exactly_what_the_full_scan_drops(value: str) -> None:
    assert clean_line(value) == _clean_line_reference(value)


@pytest.mark.parametrize(
    "value", ["  Jane Reader ", "tab\there", "bell\x07", "del\x7f", "rtl\u202eevil", "zero\u200bwidth", "é "]
)
def test_clean_line_drops_control_and_format_characters(value: str) -> None:
    assert clean_line(value) == _clean_line_reference(value)
    assert clean_line(value).isprintable()


@settings(max_examples=1000, deadline=None)
@given(st.uuids().map(lambda u: u.hex) | st.text(alphabet="0123456789abcdefABCDEF-{}:urn", max_size=45))
def test_a_check_guid_is_the_form_nonce_as_uuid_writes_it(nonce: str) -> None:
    guid = _guid_of(FormTicket(1, "/a", nonce, 0.0))
    try:
        expected = str(uuid.UUID(hex=nonce))
    except ValueError:  # not a UUID: a fresh random one
        assert uuid.UUID(guid).version == 4
    else:
        assert guid == expected
