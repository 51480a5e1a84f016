"""One idea of a website's host: what the spam check asks for, what ``comments.author_host``
stores and what a domain ban matches are the same function, so they cannot disagree."""

from __future__ import annotations

import pytest

from rejoinder.domain import Ban, BanKind
from rejoinder.services.bans import matching_ban
from rejoinder.storage.hosts import MAX_HOST, stored_host, url_host


@pytest.mark.parametrize(
    ("website", "host"),
    [
        ("https://Example.ORG/blog", "example.org"),
        ("example.org/blog", "example.org"),  # typed without a scheme
        ("//example.org", "example.org"),  # scheme-relative
        ("example.org.", "example.org"),  # the root's trailing dot
        ("HTTP://Example.org.:8080/x?y#z", "example.org"),
        ("  www.example.org  ", "www.example.org"),
        ("example.org//double/slash", "example.org"),
        ("http://[::1]/", "::1"),
        ("http://[not an address", ""),  # urlsplit refuses it: no host
        ("", ""),
    ],
)
def test_a_website_field_has_one_host(website: str, host: str) -> None:
    assert url_host(website) == host
    assert stored_host(website) == host


def test_the_stored_host_fits_its_column() -> None:
    assert len(stored_host("https://" + "a" * 400 + ".example")) == MAX_HOST


def test_a_domain_ban_matches_the_host_the_spam_check_asks_about() -> None:
    ban = Ban(id=1, site_id=None, kind=BanKind.DOMAIN, value="example.org")
    for website in ("//Example.org.", "shop.example.org/x", "https://EXAMPLE.org"):
        assert matching_ban([ban], name="", email="", url=website, ip="") is not None, website
    assert matching_ban([ban], name="", email="", url="https://notexample.org", ip="") is None
