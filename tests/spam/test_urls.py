"""Links however they are written, and website hosts."""

from __future__ import annotations

import random

import pytest

from rejoinder.spam import urls
from rejoinder.spam.urls import find_links, host_of, is_reference


def test_plain_urls_and_bare_domains() -> None:
    links = find_links("see http://bit.ly/abc and www.example.com/x or shop.example.co.uk today")
    assert links.hosts == ("bit.ly", "example.com", "shop.example.co.uk")
    assert links.shortened
    assert links.count == 3


@pytest.mark.parametrize(
    "text", ["visit kidsmediausa . com now", "go to mysite dot com", "mysite(.)net", "mysite [dot] org"]
)
def test_disguised_domains(text: str) -> None:
    links = find_links(text)
    assert links.disguised == 1
    assert links.count == 1


@pytest.mark.parametrize(
    "text",
    [
        "e.g. this is fine. so what",
        "a dot com bubble",
        "version 3.14 of it",
        "no links at all",
        "i.e. you know",
    ],
)
def test_ordinary_prose_has_no_links(text: str) -> None:
    assert find_links(text).count == 0


def test_html_and_bbcode_links() -> None:
    assert find_links('<a href="http://spam.biz">x</a>').html_anchors == 1
    assert find_links("[url=http://x.ru]x[/url]").bbcode == 1


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("https://www.Example.com:8080/path?q=1", "example.com"),
        ("example.org", "example.org"),
        ("//cdn.example.net/x", "cdn.example.net"),
        ("http://user@host.io/", "host.io"),
        ("not a url", ""),
        ("", ""),
    ],
)
def test_host_of(url: str, host: str) -> None:
    assert host_of(url) == host


def test_links_are_stripped_from_the_text() -> None:
    links = find_links("read https://example.com/a?b=1, then www.x.org. thanks")
    assert links.stripped.split() == ["read", "then", ".", "thanks"]
    assert find_links("no links here").stripped == "no links here"


@pytest.mark.parametrize(
    ("host", "reference"),
    [
        ("gov.uk", True),
        ("ons.gov.uk", True),
        ("en.wikipedia.org", True),
        ("www.interieur.gouv.fr", True),
        ("cs.stanford.edu", True),
        ("ec.europa.eu", True),
        ("bbc.co.uk", True),
        ("gov-grants-now.xyz", False),
        ("notwikipedia.org", False),
        ("example.com", False),
    ],
)
def test_reference_sites(host: str, reference: bool) -> None:
    assert is_reference(host) is reference


@pytest.mark.parametrize(
    ("text", "host", "read"),
    [
        ("visit kidsmediausa . com now", "kidsmediausa.com", "visit kidsmediausa.com now"),
        ("go to example(dot)com", "example.com", "go to example.com"),
        ("w w w . site . com", "site.com", "site.com"),
        ("www dot tsu dot co/slema13 welcome", "tsu.co", "tsu.co/slema13 welcome"),
        ("m dot shop dot com/share/x", "m.shop.com", "m.shop.com/share/x"),
        ("www (dot) radio (dot) nl/live (dot) html", "radio.nl", "radio.nl/live.html"),
        ("site[.]co[.]uk[.] customer service", "site.co.uk", "site.co.uk. customer service"),
        ("www . google . ro/url", "google.ro", "google.ro/url"),
        ("units: p o w e r - d e a l s . s h o p", "power-deals.shop", "units: power-deals.shop"),
    ],
)
def test_disguised_links_are_read_as_the_links_they_stand_for(text: str, host: str, read: str) -> None:
    links = find_links(text)
    assert links.hosts == (host,)
    assert links.disguised == 1
    assert links.count == 1
    assert links.read.replace("http://", "").split() == read.split()


@pytest.mark.parametrize(
    "text", ["i am a . b . com", "plan b . com is fine", "x . y . com", "it was a dot com"]
)
def test_a_dot_between_single_letters_is_no_link(text: str) -> None:
    assert find_links(text).count == 0


def test_links_are_read_one_way_whatever_their_scheme() -> None:
    """A spammer (and a browser) may leave the scheme and "www." out, so the words of a link
    must not depend on them: plain, bare and disguised copies read alike."""
    plain = find_links("see https://www.giphy.com/gifs/x now")
    bare = find_links("see giphy.com/gifs/x now")
    disguised = find_links("see giphy[.]com/gifs/x now")
    assert plain.read.split() == bare.read.split() == disguised.read.split()
    assert plain.read.split() == ["see", "http://giphy.com/gifs/x", "now"]
    assert plain.hosts == disguised.hosts == ("giphy.com",)
    assert (plain.disguised, disguised.disguised) == (0, 1)


def test_a_link_with_a_scheme_counts_whatever_its_domain_or_what_it_is_glued_to() -> None:
    assert find_links("add me here...https://www.facebook.com/x").hosts == ("facebook.com",)
    assert find_links("torrent http://thepiratebay.se/t/1 and mega https://mega.co.nz/#!a").hosts == (
        "thepiratebay.se",
        "mega.co.nz",
    )
    assert find_links("thepiratebay.se is down").count == 0  # bare: only listed domains count


@pytest.mark.parametrize(
    ("text", "host"),
    [
        ("visit example\t.\tcom now", "example.com"),
        ("go to shop\n.\nxyz today", "shop.xyz"),
        ("see site\tdot\tcom please", "site.com"),
        ("www\r\n.\r\nexample\n.\norg", "example.org"),
    ],
)
def test_a_disguise_spaced_by_tabs_or_line_breaks_is_read(text: str, host: str) -> None:
    """The disguise pre-check must not assume its spaces are " " (it once told such texts apart
    with ``isprintable``)."""
    found = find_links(text)
    assert (found.hosts, found.disguised) == ((host,), 1)


def test_bracketed_dots_are_the_regex_scan_s_matches() -> None:
    """``_bracketed_dots`` tries the pattern at each bracket only; it must find what the scan
    finds, in order, with few brackets and past ``_FEW_BRACKETS`` of them."""
    rng = random.Random(11)
    pieces = [
        "(",
        "[",
        "{",
        ".",
        "dot",
        " ",
        "\t",
        "\n",
        "a",
        "x.com",
        ")",
        "]",
        "(.",
        "[ dot",
        " . ",
        "{dot}",
    ]
    found = 0
    for _ in range(50_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 16)))
        expected = [match.start() for match in urls._BRACKETED_DOT.finditer(text)]
        assert urls._bracketed_dots(text) == expected, repr(text)
        found += len(expected)
    assert found > 10_000
    many = "( " * 40 + "see site [.] com (dot) {.}"
    assert urls._bracketed_dots(many) == [m.start() for m in urls._BRACKETED_DOT.finditer(many)]
