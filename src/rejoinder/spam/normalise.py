"""Text normalisation that defeats cheap obfuscation before anything is counted or hashed.

Spammers write "саsinо" with Cyrillic letters, split words with zero-width spaces, reverse text
with bidi overrides and spell "fr33 b0nus". We undo each trick with one C-speed step
(``html.unescape``, ``str.translate``, NFKC, a compiled regex) and count what we undid, because
the trick itself is evidence: real readers rarely type invisible characters or mix scripts.
"""

from __future__ import annotations

import hashlib
import html
import re
import unicodedata
from dataclasses import dataclass

from rejoinder.spam.confusables_table import TABLE as _TABLE

# Format characters that render as nothing. Zero-width joiner (U+200D) and variation selectors
# are removed too (they only glue emoji) but not counted as evidence.
_INVISIBLE_COUNTED = [
    *(0x00AD, 0x034F, 0x061C, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x180E, 0x3164, 0xFEFF, 0xFFA0),
    *range(0x200B, 0x200D),
    *range(0x200E, 0x2010),
    *range(0x202A, 0x202F),
    *range(0x2060, 0x2070),
    *range(0xFFF9, 0xFFFC),
    *range(0x1D173, 0x1D17B),
    *range(0xE0000, 0xE0080),
]
_INVISIBLE_UNCOUNTED = [0x200D, *range(0xFE00, 0xFE10), 0x180B, 0x180C, 0x180D]
_COUNTED = frozenset(map(chr, _INVISIBLE_COUNTED))
_INVISIBLE = frozenset(map(chr, _INVISIBLE_COUNTED + _INVISIBLE_UNCOUNTED))
# A look-alike digit or symbol next to a letter. Starting with a character set lets the regex
# engine skip quickly to candidates; the letter test runs only there.
_LEET_HINT = re.compile(r"[013457@$](?:(?<=[^\W\d_].)|(?=[^\W\d_]))")

_TAG = re.compile(r"<[^<>]{0,300}>")
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"})
_ASCII_LETTERS = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_ASCII_SEPARATORS = str.maketrans({c: " " for c in map(chr, range(128)) if not (c.isalnum() or c in "@$")})
_AT_DOLLAR = str.maketrans({"@": " ", "$": " "})


@dataclass(frozen=True, slots=True)
class Prepared:
    """A comment's text after de-obfuscation, lower-cased, with counts of what was undone."""

    text: str
    invisible: int  # zero-width / bidi / tag characters removed
    confusable: int  # letters from another script that look like Latin ones


def _confusables() -> dict[int, str]:
    """Look-alike -> ASCII table, generated from the ``confusable-homoglyphs`` package data
    (``training/build_confusables.py``) so start-up does not parse its 900 kB JSON."""
    return _TABLE


def _mostly_latin(text: str, special: set[str]) -> bool:
    """Homoglyphs are a trick only inside Latin text; a Russian comment is not obfuscated."""
    raw = text.encode("ascii", "ignore")
    latin = len(raw) - len(raw.translate(None, _ASCII_LETTERS))
    other = sum(text.count(c) for c in special if c.isalpha())
    return latin >= other


def prepare(text: str) -> Prepared:
    """Unescape HTML entities, strip invisible characters, NFKC, map homoglyphs, lower-case."""
    if "&" in text:
        text = html.unescape(text)
    invisible = confusable = 0
    if not text.isascii():
        # Work on the few distinct non-ASCII characters, not on every character of the text.
        special = set(_NON_ASCII.findall(text))
        for char in special & _INVISIBLE:
            if char in _COUNTED:
                invisible += text.count(char)
            text = text.replace(char, "")
        if not unicodedata.is_normalized("NFKC", text):
            text = unicodedata.normalize("NFKC", text)
            special = set(_NON_ASCII.findall(text))
        for char in special:
            if (
                not char.isalnum()
                and char not in _INVISIBLE
                and not unicodedata.category(char).startswith("M")
            ):
                text = text.replace(char, " ")  # curly quotes, dashes, emoji: separators
        if _mostly_latin(text, special):
            table = _confusables()
            for char in special:
                target = table.get(ord(char))
                if target is not None:
                    confusable += text.count(char)
                    text = text.replace(char, target)
    return Prepared(text.lower(), invisible, confusable)


def _unleet(token: str) -> str:
    """Fold one token that mixes letters with look-alike digits/symbols ("c4sin0" -> "casino")."""
    letters = sum(c.isalpha() for c in token)
    return token.translate(_LEET) if letters >= 2 and letters * 2 >= len(token) else token


def fold(prepared_text: str) -> str:
    """Words only, single-spaced: tags dropped and leetspeak folded ("c4sin0" -> "casino")."""
    text = _TAG.sub(" ", prepared_text) if "<" in prepared_text else prepared_text
    # Non-ASCII punctuation is already a space (see prepare); str.translate is fast on ASCII.
    text = text.translate(_ASCII_SEPARATORS)
    if not _LEET_HINT.search(text):  # no letter next to a look-alike digit or symbol
        return " ".join(text.translate(_AT_DOLLAR).split() if "@" in text or "$" in text else text.split())
    tokens = [t if t.isalpha() or t.isdigit() else _unleet(t) for t in text.split()]
    return " ".join(" ".join(tokens).translate(_AT_DOLLAR).split())


def fingerprint(text: str) -> str:
    """A hex hash of the normalised words, equal for copies that differ only in case,
    spacing, punctuation, invisible characters, homoglyphs or leetspeak."""
    if not isinstance(text, str):
        text = ""
    text = text.replace("\x00", "").encode("utf-8", "replace").decode("utf-8")
    folded = fold(prepare(text).text)
    return hashlib.blake2b(folded.encode("utf-8"), digest_size=16).hexdigest()
