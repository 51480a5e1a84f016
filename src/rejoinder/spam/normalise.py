"""Text normalisation that defeats cheap obfuscation before anything is counted or hashed.

Spammers write "саsinо" with Cyrillic letters, split words with zero-width spaces, reverse text
with bidi overrides and spell "fr33 b0nus". We undo each trick with one C-speed step
(``html.unescape``, ``str.translate``, NFKC, a compiled regex) and count what we undid, because
the trick itself is evidence: real readers rarely type invisible characters or mix scripts.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

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
_LEET_CHARS = b"013457@$"

_TAG = re.compile(r"<[^<>]{0,300}>")
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"})
# A run of letters and look-alike digits/symbols that holds at least two letters and one of them.
_LEET_TOKEN = re.compile(
    r"(?<![\w@$])(?=[a-z0-9@$]*[a-z][a-z0-9@$]*[a-z])(?=[a-z0-9@$]*[013457@$])[a-z0-9@$]+"
)
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_NON_WORD = re.compile(r"[\W_]+")


@dataclass(frozen=True, slots=True)
class Prepared:
    """A comment's text after de-obfuscation, lower-cased, with counts of what was undone."""

    text: str
    invisible: int  # zero-width / bidi / tag characters removed
    confusable: int  # letters from another script that look like Latin ones


@cache
def _confusables() -> dict[int, str]:
    """Map look-alike characters to the ASCII letter or digit they imitate.

    Built from the ``confusable-homoglyphs`` package's copy of Unicode's confusables table,
    once per process (about 20 ms), so the table follows the package version we pin.
    """
    source = resources.files("confusable_homoglyphs").joinpath("confusables.json").read_text("utf-8")
    table: dict[int, str] = {}
    for char, homoglyphs in json.loads(source).items():
        if len(char) != 1 or char.isascii():
            continue
        for glyph in homoglyphs:
            target = glyph["c"]
            if len(target) == 1 and target.isascii() and target.isalnum():
                table[ord(char)] = target
                break
    return table


def prepare(text: str) -> Prepared:
    """Unescape HTML entities, strip invisible characters, NFKC, map homoglyphs, lower-case."""
    if "&" in text:
        text = html.unescape(text)
    invisible = confusable = 0
    if not text.isascii():
        # Work on the few distinct non-ASCII characters, not on every character of the text.
        hidden = set(_NON_ASCII.findall(text)) & _INVISIBLE
        if hidden:
            invisible = sum(text.count(c) for c in hidden & _COUNTED)
            text = "".join(c for c in text if c not in hidden)
        if not unicodedata.is_normalized("NFKC", text):
            text = unicodedata.normalize("NFKC", text)
        if not text.isascii():
            table = _confusables()
            confusable = sum(1 for c in _NON_ASCII.findall(text) if ord(c) in table)
            if confusable:
                text = text.translate(table)
    return Prepared(text.lower(), invisible, confusable)


def _unleet(match: re.Match[str]) -> str:
    token = match.group(0)
    letters = sum(c.isalpha() for c in token)
    return token.translate(_LEET) if letters * 2 >= len(token) else token


def fold(prepared_text: str) -> str:
    """Words only, single-spaced: tags dropped and leetspeak folded ("c4sin0" -> "casino")."""
    text = _TAG.sub(" ", prepared_text) if "<" in prepared_text else prepared_text
    raw = text.encode("utf-8", "replace")
    if len(raw.translate(None, _LEET_CHARS)) < len(raw):
        text = _LEET_TOKEN.sub(_unleet, text)
    return _NON_WORD.sub(" ", text).strip()


def fingerprint(text: str) -> str:
    """A hex hash of the normalised words, equal for copies that differ only in case,
    spacing, punctuation, invisible characters, homoglyphs or leetspeak."""
    if not isinstance(text, str):
        text = ""
    text = text.replace("\x00", "").encode("utf-8", "replace").decode("utf-8")
    folded = fold(prepare(text).text)
    return hashlib.blake2b(folded.encode("utf-8"), digest_size=16).hexdigest()
