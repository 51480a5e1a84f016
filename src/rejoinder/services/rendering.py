"""Markdown in, safe HTML out: markdown-it-py (CommonMark) then nh3's allow-list.

Raw HTML is never passed through (``html=False``) and images are switched off at the parser, so
a comment cannot load anything from a third party. nh3 then cleans whatever the renderer made:
only the tags below survive, links keep only ``href`` with a safe scheme and always carry
``rel="nofollow ugc noopener"``. Two layers, because a renderer bug must not become an XSS.
"""

from __future__ import annotations

import html
import re

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


def render_markdown(text: str) -> str:
    """The sanitised HTML of a comment's Markdown source."""
    return nh3.clean(
        _markdown.render(text),
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel=LINK_REL,
    ).strip()


def excerpt(rendered_html: str, limit: int = 120) -> str:
    """Plain text of rendered HTML, cut at a word boundary to at most ``limit`` characters."""
    text = _SPACE.sub(" ", html.unescape(_TAGS.sub(" ", rendered_html))).strip()
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0] or text[: limit - 1]
    return cut + "…"
