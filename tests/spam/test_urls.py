"""Links however they are written, and website hosts."""

from __future__ import annotations

import pytest

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
