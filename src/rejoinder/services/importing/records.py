"""What an export holds once read, before anything is stored: threads and their comments."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlsplit

from rejoinder.domain import CommentStatus
from rejoinder.services.comment_form import clean_line, web_address

_OTHER_SCHEME = re.compile(r"^(?!https?:)[a-z][a-z0-9+.-]*:(?!\d)", re.IGNORECASE)  # javascript:, data:, ...


@dataclass(frozen=True, slots=True)
class SourceComment:
    """One comment as the old system stored it. ``key`` and ``parent_key`` are the old system's ids."""

    key: str
    parent_key: str | None
    author_name: str
    author_email: str
    author_url: str
    ip: str
    content: str  # the source's HTML (Disqus) or text with a few tags and blank-line paragraphs (WordPress)
    created_at: datetime
    status: CommentStatus
    user_agent: str = ""


def website(url: str) -> str:
    """An export's author URL as the comment form would take it (``example.org`` becomes
    ``https://example.org``), or "" for anything that is not an http(s) address: the form refuses a
    ``javascript:`` or ``data:`` website, and an export must not bring one in either."""
    url = clean_line(url)
    if not url or _OTHER_SCHEME.match(url):  # the form would read "javascript:x.y" as a host
        return ""
    return web_address(url)


@dataclass(frozen=True, slots=True)
class SourceThread:
    uri: str
    title: str
    closed: bool
    comments: tuple[SourceComment, ...]


@dataclass
class Export:
    """Everything read from one export file, and what was left out of it and why."""

    source: str  # "wordpress" or "disqus"
    threads: list[SourceThread] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)


def uri_of(link: str) -> str:
    """The thread key the widget sends for a page: its path (``location.pathname``).

    A query is kept only when the path alone names no page (WordPress "plain" permalinks such as
    ``/?p=123``): then the site must set ``data-rejoinder-uri`` to the same path and query.
    """
    parts = urlsplit(link.strip())
    path = parts.path or "/"
    if parts.query and path in ("/", "/index.php"):
        return f"{path}?{parts.query}"
    return path


def utc(value: datetime) -> datetime:
    """A naive time from an export is UTC (both exports say so); an aware one is converted."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def parse_time(value: str) -> datetime | None:
    """An export's ISO time in UTC, or ``None`` when it is not one (the comment is then skipped)."""
    try:
        return utc(datetime.fromisoformat(value))
    except ValueError:
        return None
