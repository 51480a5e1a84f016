"""Choose the reply's language from an ``Accept-Language`` header.

The widget sends its own language (the page's, or ``data-rejoinder-lang``) in this header, so
the server's sentences match the widget's; other clients get what their browser asks for.
"""

from __future__ import annotations

from rejoinder.i18n.catalog import LANGUAGES

DEFAULT = "en"
MAX_HEADER = 512  # a longer header is not a browser's: read only its start


def negotiate(header: str | None) -> str:
    """The supported language the header prefers most (by ``q``, then by order); English if none.

    Only the primary subtag counts ("de-AT" is German): the catalogue has one text per language.
    """
    best, best_q = DEFAULT, 0.0
    for part in (header or "")[:MAX_HEADER].split(","):
        tag, q = _tag_and_weight(part)
        primary = tag.split("-")[0].lower()
        if primary in LANGUAGES and q > best_q:  # strictly: of equal weights, the earlier wins
            best, best_q = primary, q
    return best


def _tag_and_weight(part: str) -> tuple[str, float]:
    """("de-AT", 0.8) from " de-AT;q=0.8"; a malformed weight counts as 0 (not acceptable)."""
    tag, _, params = part.strip().partition(";")
    weight = 1.0
    for param in params.split(";"):
        name, _, value = param.strip().partition("=")
        if name.strip().lower() == "q":
            try:
                weight = min(max(float(value), 0.0), 1.0)
            except ValueError:
                weight = 0.0
    return tag.strip(), weight
