"""Markdown in, safe HTML out: markdown-it-py (CommonMark) then nh3's allow-list.

Raw HTML is never passed through (``html=False``) and images are switched off at the parser, so
a comment cannot load anything from a third party. nh3 then cleans whatever the renderer made:
only the tags below survive, links keep only ``href`` with a safe scheme and always carry
``rel="nofollow ugc noopener"``. Two layers, because a renderer bug must not become an XSS.

Most comments are plain prose: no Markdown at all. For those, ``_plain_html`` writes what the two
layers would (paragraphs, ``<br>`` for single newlines) without running them, which takes a
tenth of the time. "Plain" is narrow on purpose: every line starts with a letter, has no leading
or trailing space, and holds only letters (any script), digits, spaces and punctuation that
CommonMark gives no meaning inside a line and neither layer escapes. Anything else (``*``, ``_``,
``[``, a backquote, ``<``, ``&``, a backslash, a tab, a line starting with a digit, ``#`` or ``-``...) goes
through the parser. ``tests/services/test_rendering.py`` holds the two paths to the same output.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS = frozenset(
    {"p", "br", "a", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "hr", "del", "h3", "h4"}
)
ALLOWED_ATTRIBUTES = {"a": {"href"}, "ol": {"start"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow ugc noopener"

_markdown = MarkdownIt("commonmark", {"html": False, "breaks": True}).disable("image")
_TAGS = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")


# Inline punctuation with no CommonMark meaning (no emphasis, code, link, entity, escape or HTML),
# which neither markdown-it nor nh3 escapes. '"' is escaped by markdown-it and unescaped by nh3.
_INERT = frozenset(" .,;:!?'\"()/%$@#+=-^{}|")
_ASCII_WORD = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")


def render_markdown(text: str) -> str:
    """The sanitised HTML of a comment's Markdown source."""
    plain = _plain_html(text)
    if plain is not None:
        return plain
    return nh3.clean(
        _markdown.render(text),
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel=LINK_REL,
    ).strip()


def _plain_html(text: str) -> str | None:
    """What ``render_markdown`` makes of plain prose, or ``None`` if ``text`` is not plain."""
    paragraphs: list[list[str]] = [[]]
    for line in text.split("\n"):
        if not line:
            if paragraphs[-1]:
                paragraphs.append([])
            continue
        if not _is_letter(line[0]) or line[-1] == " " or not all(map(_is_plain, line)):
            return None
        paragraphs[-1].append(line)
    if not paragraphs[-1]:
        paragraphs.pop()
    if not paragraphs:
        return None
    return "\n".join("<p>" + "<br>\n".join(lines) + "</p>" for lines in paragraphs)


def _is_plain(ch: str) -> bool:
    return ch in _ASCII_WORD or ch in _INERT or _is_letter(ch)


@lru_cache(maxsize=4096)
def _is_letter(ch: str) -> bool:
    """A letter of any script (not a digit: "1." at a line's start is a list)."""
    if ch.isascii():
        return ch.isalpha()
    return unicodedata.category(ch).startswith("L")


def excerpt(rendered_html: str, limit: int = 120) -> str:
    """Plain text of rendered HTML, cut at a word boundary to at most ``limit`` characters."""
    text = _SPACE.sub(" ", html.unescape(_TAGS.sub(" ", rendered_html))).strip()
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0] or text[: limit - 1]
    return cut + "…"
