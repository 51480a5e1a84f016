"""Read a comment mapping, whatever arrives, into one typed record.

Comments come from the widget, the Akismet API and JSONL files, so they use either Akismet
field names (``comment_content``) or Rejoinder's short ones (``content``). Any field may be
missing, of the wrong type or hostile; this module is the one place that coerces them, so the
rest of the engine can trust plain ``str`` and ``float`` values.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

# Longest text we look at. Longer input is cut (its real length is kept as a signal), so a 1 MB
# comment costs the same as a 20 kB one.
MAX_TEXT: Final = 20_000
MAX_FIELD: Final = 500

_SURROGATES_AND_NUL: Final = re.compile("[\ud800-\udfff\x00]")

_ALIASES: Final[dict[str, tuple[str, ...]]] = {
    "content": ("comment_content", "content", "text"),
    "author": ("comment_author", "author", "author_name", "name"),
    "email": ("comment_author_email", "author_email", "email"),
    "url": ("comment_author_url", "author_url", "website", "url"),
    "ip": ("user_ip", "author_ip", "ip"),
    "user_agent": ("user_agent",),
    "comment_type": ("comment_type",),
}


_CONTENT: Final = _ALIASES["content"]
_AUTHOR: Final = _ALIASES["author"]
_EMAIL: Final = _ALIASES["email"]
_URL: Final = _ALIASES["url"]
_IP: Final = _ALIASES["ip"]
_USER_AGENT: Final = _ALIASES["user_agent"]
_COMMENT_TYPE: Final = _ALIASES["comment_type"]


@dataclass(slots=True)
class CommentFields:
    """The fields the engine uses, as clean strings (empty when absent).

    Not frozen: one is built per comment, and a frozen dataclass of ten fields costs about three
    times as much to build (each field goes through ``object.__setattr__``). Nothing mutates one.
    """

    content: str
    author: str
    email: str
    url: str
    ip: str
    user_agent: str
    comment_type: str
    honeypot: str
    seconds_on_page: float | None
    raw_length: int


def _text(value: Any, limit: int) -> tuple[str, int]:
    """Coerce one field to a clean string; return it with the length it had before cutting."""
    if value is None:
        return "", 0
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    elif not isinstance(value, str):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        else:
            return "", 0
    raw_length = len(value)
    value = value[:limit]
    if "\x00" in value or (not value.isascii() and _has_surrogate(value)):
        value = _SURROGATES_AND_NUL.sub("", value)
    return value, raw_length


def _has_surrogate(value: str) -> bool:
    """Encoding to UTF-8 fails exactly on surrogate code points, and is a third of the cost of
    a regex scan for them (most non-ASCII comments hold none)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _first(comment: Mapping[str, Any], names: tuple[str, ...], limit: int) -> tuple[str, int]:
    for name in names:
        value = comment.get(name)
        if value is not None:
            if type(value) is str and len(value) <= limit and value.isascii() and "\x00" not in value:
                if value:
                    return value, len(value)  # the common case, without the general coercion
                continue
            text, raw = _text(value, limit)
            if text:
                return text, raw
    return "", 0


def _field(comment: Mapping[str, Any], names: tuple[str, ...]) -> str:
    """``_first(comment, names, MAX_FIELD)[0]``, for the short fields (called 6 times a comment)."""
    for name in names:
        value = comment.get(name)
        if value is not None:
            if type(value) is str and len(value) <= MAX_FIELD and value.isascii() and "\x00" not in value:
                if value:
                    return value
                continue
            text, _ = _text(value, MAX_FIELD)
            if text:
                return text
    return ""


def _seconds(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        seconds = float(value)
    except (TypeError, ValueError, OverflowError):
        return None
    if math.isnan(seconds) or seconds < 0:
        return None
    return min(seconds, 1e9)


def read_fields(comment: Any) -> CommentFields:
    """Never raises: a non-mapping is an empty comment."""
    if type(comment) is not dict and not isinstance(comment, Mapping):  # the ABC check costs more
        comment = {}
    content, raw_length = _first(comment, _CONTENT, MAX_TEXT)
    honeypot = comment.get("honeypot")
    honeypot = _text(honeypot, MAX_FIELD)[0] if honeypot is not None else ""
    seconds = comment.get("seconds_on_page")
    return CommentFields(
        content,
        _field(comment, _AUTHOR),
        _field(comment, _EMAIL).strip(),
        _field(comment, _URL).strip(),
        _field(comment, _IP).strip(),
        _field(comment, _USER_AGENT),
        _field(comment, _COMMENT_TYPE),
        honeypot.strip(),
        _seconds(seconds) if seconds is not None else None,
        raw_length,
    )


def read_many(comments: Sequence[Any]) -> list[CommentFields]:
    """``[read_fields(c) for c in comments]``, a field at a time over the batch.

    Most fields arrive under their first name as short ASCII strings, so each field is one
    comprehension that takes those as they are and leaves every other value to ``_field``:
    about half the cost of ten function calls per comment."""
    if not all(type(comment) is dict for comment in comments):
        return [read_fields(comment) for comment in comments]
    dicts: list[dict[str, Any]] = list(comments)  # typed, so the compiled build calls dict.get directly
    contents = [_first(comment, _CONTENT, MAX_TEXT) for comment in dicts]
    return list(
        map(
            CommentFields,
            [content for content, _ in contents],
            _column(dicts, _AUTHOR),
            [value.strip() for value in _column(dicts, _EMAIL)],
            [value.strip() for value in _column(dicts, _URL)],
            [value.strip() for value in _column(dicts, _IP)],
            _column(dicts, _USER_AGENT),
            _column(dicts, _COMMENT_TYPE),
            [_honeypot(comment.get("honeypot")) for comment in dicts],
            [
                _seconds(seconds) if (seconds := comment.get("seconds_on_page")) is not None else None
                for comment in dicts
            ],
            [raw_length for _, raw_length in contents],
        )
    )


def _column(comments: Sequence[dict[str, Any]], names: tuple[str, ...]) -> list[str]:
    """``[_field(c, names) for c in comments]``, with ``_field``'s common cases inline: a short
    ASCII string under the first name, or nothing at all under a field's only name."""
    first, alone = names[0], len(names) == 1
    return [
        value
        if type(value := comment.get(first)) is str
        and value
        and len(value) <= MAX_FIELD
        and value.isascii()
        and "\x00" not in value
        else ("" if alone and value is None else _field(comment, names))
        for comment in comments
    ]


def _honeypot(value: Any) -> str:
    return _text(value, MAX_FIELD)[0].strip() if value is not None else ""
