"""The host of a commenter's website, as the spam check compares it and as ``comments`` stores it.

Readers often type their website without a scheme ("example.org/blog"), in capitals, or with a
port; the host is what "this website was seen before" is about. ``comments.author_host`` keeps
each comment's host (migration 0006), so the look-up is an index search instead of a scan of
the site's websites.
"""

from __future__ import annotations

from urllib.parse import urlsplit

MAX_HOST = 255  # a DNS name is at most 253 characters; the column (and its index entry) stays small


def url_host(url: str) -> str:
    """The lower-case host of a website field, which readers often type without a scheme
    ("example.org/blog", "//example.org") or with the root's trailing dot ("example.org.").

    The one definition: the spam check asks for this host, ``comments.author_host`` stores it and
    a website ban matches it, so the three can never disagree about what a host is."""
    url = url.strip()
    if not url:
        return ""
    if "://" not in url:
        url = "http://" + url.lstrip("/")
    try:
        return (urlsplit(url).hostname or "").lower().rstrip(".")
    except ValueError:
        return ""


def stored_host(url: str) -> str:
    """What ``comments.author_host`` holds for a website: its host, cut at ``MAX_HOST``."""
    return url_host(url)[:MAX_HOST]


def compared_host(host: str) -> str:
    """A host asked about, as it is compared with ``comments.author_host``: trimmed, lower-case and
    cut as the column is (a longer host could never have been stored whole)."""
    return host.strip().lower()[:MAX_HOST]
