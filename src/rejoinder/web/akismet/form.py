"""Decoding an Akismet request body exactly as the clients in the wild encode it.

Why not Starlette's or FastAPI's form parser: Akismet clients send ``charset=ISO-8859-1`` bodies
(WordPress with a Latin-1 ``blog_charset``), PHP-style arrays (``comment_context[0]=news``),
broken percent-encoding and dozens of unknown fields, and every one of them must decode; a
generic parser either assumes UTF-8 or answers 422. This one works on bytes, picks the charset
from the ``Content-Type`` header, then from the ``blog_charset`` field, then UTF-8, and never
raises: undecodable bytes become U+FFFD and a bad ``%zz`` escape stays as it was written.
"""

from __future__ import annotations

import codecs
from typing import cast
from urllib.parse import unquote_to_bytes

FormValue = str | list[str]
Form = dict[str, FormValue]

# Fields that are lists in the protocol even when sent as a repeated plain name.
LIST_FIELDS = frozenset({"comment_context"})


def charset_of(content_type: str) -> str:
    """The ``charset`` parameter of a Content-Type header, lower-cased, or ``""``."""
    for part in content_type.split(";")[1:]:
        name, _, value = part.partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip('"').lower()
    return ""


def usable_charset(name: str) -> str | None:
    """``name`` if Python knows it as a *text* encoding, else None.

    ``codecs.lookup`` also knows byte-to-byte codecs such as ``base64`` or ``zlib`` and codecs
    that refuse to decode at all (``undefined``); a client must not be able to select those, so
    they count as unknown.
    """
    if not name:
        return None
    try:
        info = codecs.lookup(name)
        if not getattr(info, "_is_text_encoding", True):
            return None
        b"probe\xe9".decode(info.name, "replace")  # "undefined", "idna" and friends refuse this
    except (LookupError, ValueError, UnicodeError):
        return None
    return info.name


def split_pairs(raw: bytes) -> list[tuple[bytes, bytes]]:
    """``a=1&b=%20`` -> ``[(b"a", b"1"), (b"b", b" ")]``: percent-decoded, ``+`` as space.

    Empty segments (``a=1&&b=2``) are skipped; a segment without ``=`` is a name with an
    empty value, as PHP reads it.
    """
    pairs: list[tuple[bytes, bytes]] = []
    for segment in raw.split(b"&"):
        if not segment:
            continue
        name, _, value = segment.partition(b"=")
        pairs.append((unquote_plus(name), unquote_plus(value)))
    return pairs


def unquote_plus(data: bytes) -> bytes:
    """``+`` as space, then ``%XX`` as the byte: ``urllib``'s ``unquote_to_bytes``, in C.

    ``unquote_to_bytes`` loops in Python over every escape, and a comment in Cyrillic or Hindi is
    nearly all escapes (two or three per letter): it was most of the cost of decoding a check.
    Written as Python's own byte escapes (``%`` to ``\\x``, a literal backslash doubled),
    ``codecs.escape_decode`` does the same in C. It refuses what ``unquote_to_bytes`` keeps as
    written (``%zz``, a ``%`` at the end); those bodies take the Python path.
    """
    data = data.replace(b"+", b" ")
    if b"%" not in data:
        return data
    try:
        decoded = codecs.escape_decode(data.replace(b"\\", b"\\\\").replace(b"%", b"\\x"))[0]
    except ValueError:
        return unquote_to_bytes(data)
    return cast(bytes, decoded)  # typeshed says str; it is bytes for a bytes argument


def decode_text(data: bytes, charset: str) -> str:
    """Decode with ``charset``; bytes that are not valid in it become U+FFFD, never an error."""
    if data.isascii():
        return data.decode("ascii")
    try:
        return data.decode(charset, "replace")
    except UnicodeError:  # a codec that rejects even "replace" on this input
        return data.decode("utf-8", "replace")


def choose_charset(declared: str, pairs: list[tuple[bytes, bytes]]) -> str:
    """Content-Type charset, else the ``blog_charset`` field, else UTF-8 (the web's default).

    A declared UTF-8 body that is not valid UTF-8 is read as Windows-1252: that is what a
    WordPress site with a wrong ``blog_charset`` option really sends, and Windows-1252 decodes
    every byte, so the comment still reaches the filter in a readable form.
    """
    charset = usable_charset(declared)
    if charset is None:
        for name, value in pairs:
            if name == b"blog_charset":
                charset = usable_charset(value.decode("ascii", "replace").strip())
    charset = charset or "utf-8"
    if charset == "utf-8" and not all(_valid_utf8(v) for _, v in pairs):
        return "cp1252"
    return charset


def _valid_utf8(data: bytes) -> bool:
    if data.isascii():
        return True
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def list_name(name: str) -> str | None:
    """``comment_context[0]`` / ``comment_context[]`` -> ``comment_context``; other names -> None."""
    if name.endswith("]"):
        head, bracket, _ = name.partition("[")
        if bracket and head:
            return head
    return None


def decode_form(raw: bytes, content_type: str = "") -> Form:
    """Turn an ``application/x-www-form-urlencoded`` body (or query string) into a field dict.

    Scalars: the last value wins, as in PHP. ``name[...]`` keys and repeated names listed in
    ``LIST_FIELDS`` collect into a list under the bare name, in the order sent.
    """
    pairs = split_pairs(raw)
    charset = choose_charset(charset_of(content_type), pairs)
    form: Form = {}
    for raw_name, raw_value in pairs:
        name = decode_text(raw_name, charset)
        value = decode_text(raw_value, charset)
        bare = list_name(name)
        if bare is None and name in LIST_FIELDS:
            bare = name
        if bare is None:
            form[name] = value
            continue
        existing = form.get(bare)
        if isinstance(existing, list):
            existing.append(value)
        else:
            form[bare] = [value]
    return form
