"""The old system's comment HTML made into Rejoinder's: the same allow-list, the same link rel.

Imported comments were written for another renderer, so they are not run through Markdown:
their HTML is cleaned by the same nh3 allow-list as our own output (plus ``b`` and ``i``, which
WordPress allows in comments), and their plain text is kept as the comment's source for search,
the spam engine and learning. WordPress stores paragraphs as blank lines and line breaks as
newlines (``wpautop`` adds the tags only when a page is shown), so those become ``<p>`` and
``<br>`` here; Disqus stores real HTML.
"""

from __future__ import annotations

import html
import re

import nh3

from rejoinder.services.rendering import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, LINK_REL, URL_SCHEMES

IMPORT_TAGS = ALLOWED_TAGS | {"b", "i"}
_BLOCK_TAG = re.compile(r"<\s*(p|div|blockquote|ul|ol|pre)\b", re.IGNORECASE)
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_LINE_END = re.compile(r"<br\s*/?>\n?|</p\s*>|</div\s*>|</li\s*>|</blockquote\s*>", re.IGNORECASE)
_EXTRA_BLANK_LINES = re.compile(r"\n{3,}")


def imported_html(content: str) -> str:
    """Sanitised HTML for a comment stored by the old system as ``content``."""
    content = content.replace("\r\n", "\n").strip()
    if not _BLOCK_TAG.search(content):
        content = "".join(
            f"<p>{part.strip()}</p>" for part in _PARAGRAPH_BREAK.split(content) if part.strip()
        )
        content = content.replace("\n", "<br>")
    return nh3.clean(
        content,
        tags=set(IMPORT_TAGS),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel=LINK_REL,
    ).strip()


def plain_text(clean_html: str) -> str:
    """The words of sanitised HTML, one paragraph per blank-line-separated block."""
    marked = _LINE_END.sub(lambda m: "\n" if m.group(0).lower().startswith("<br") else "\n\n", clean_html)
    text = html.unescape(nh3.clean(marked, tags=set()))
    lines = "\n".join(line.strip() for line in text.split("\n"))
    return _EXTRA_BLANK_LINES.sub("\n\n", lines).strip()
