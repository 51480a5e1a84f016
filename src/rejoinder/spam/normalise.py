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
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from rejoinder.spam.confusables_table import TABLE as _TABLE
from rejoinder.spam.leet_table import L_CONTEXTS as _L_CONTEXTS

# Format characters that render as nothing. Zero-width joiner (U+200D) and variation selectors
# are removed too (they only glue emoji) but not counted as evidence.
_INVISIBLE_COUNTED: Final = [
    *(0x00AD, 0x034F, 0x061C, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x180E, 0x3164, 0xFEFF, 0xFFA0),
    *range(0x200B, 0x200D),
    *range(0x200E, 0x2010),
    *range(0x202A, 0x202F),
    *range(0x2060, 0x2070),
    *range(0xFFF9, 0xFFFC),
    *range(0x1D173, 0x1D17B),
    *range(0xE0000, 0xE0080),
]
_INVISIBLE_UNCOUNTED: Final = [0x200D, *range(0xFE00, 0xFE10), 0x180B, 0x180C, 0x180D]
_COUNTED: Final = frozenset(map(chr, _INVISIBLE_COUNTED))
_INVISIBLE: Final = frozenset(map(chr, _INVISIBLE_COUNTED + _INVISIBLE_UNCOUNTED))
# A look-alike digit or symbol next to a letter. Starting with a character set lets the regex
# engine skip quickly to candidates; the letter test runs only there.
_LEET_HINT: Final = re.compile(r"[0134579@$](?:(?<=[^\W\d_].)|(?=[^\W\d_]))")

_TAG: Final = re.compile(r"<[^<>]{0,300}>")
# Look-alike digits and symbols. "1" is read as "i" or "l" by its neighbours (``_read_ones``).
_LOOKALIKES: Final = "0134579@$"
_LEET: Final = str.maketrans({"0": "o", "3": "e", "4": "a", "5": "s", "7": "t", "9": "g", "@": "a", "$": "s"})
_ASCII_LETTERS: Final = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
_NON_ASCII: Final = re.compile(r"[^\x00-\x7f]")
_SEPARATOR_BYTES: Final = bytes(
    32 if c < 128 and not (chr(c).isalnum() or chr(c) in "@$") else c for c in range(256)
)
# Classes of the bytes of separated ASCII text: letters "a", look-alike digits and symbols "1",
# other digits "2", space " ". "A look-alike next to a letter" is then a substring test.
_CLASS_BYTES: Final = bytes(
    ord("a")
    if chr(c).isalpha()
    else ord("1")
    if chr(c) in _LOOKALIKES
    else ord("2")
    if chr(c).isdigit()
    else c
    for c in range(128)
) + bytes(range(128, 256))
_AT_DOLLAR_BYTES: Final = bytes.maketrans(b"@$", b"  ")
# A whitespace-delimited token holding a look-alike digit or symbol. The look-behind anchors it
# at the token's start and the possessive quantifier never backtracks, so the scan is linear.
_LEET_TOKEN: Final = re.compile(r"(?<!\S)[^\s0134579@$]*+[0134579@$]\S*+")
_ONES: Final = re.compile(r"1+")
_OTHER_DIGIT: Final = re.compile(r"[^\D0134579]")  # a digit that imitates no letter


@dataclass(slots=True)
class Prepared:
    """A comment's text after de-obfuscation, lower-cased, with counts of what was undone.

    Not frozen, as ``fields.CommentFields``: built once per comment, never mutated.
    """

    text: str
    invisible: int  # zero-width / bidi / tag characters removed
    confusable: int  # letters from another script that look like Latin ones


def _confusables() -> dict[int, str]:
    """Look-alike -> ASCII table, generated from the ``confusable-homoglyphs`` package data
    (``training/build_confusables.py``) so start-up does not parse its 900 kB JSON."""
    return _TABLE


@dataclass(frozen=True, slots=True)
class _Plan:
    """What ``prepare`` does with one set of distinct non-ASCII characters. Comments reuse a few
    such sets (a byte-order mark, curly quotes, a handful of emoji), so it is worked out once per
    set; what remains per comment is counting and replacing those characters in the text."""

    counted: tuple[str, ...]  # invisible characters that count as evidence
    uncounted: tuple[str, ...]  # invisible characters removed silently
    separators: tuple[str, ...]  # replaced by a space
    letters: tuple[str, ...]  # letters of another script (they decide whether text is mostly Latin)
    confusables: tuple[tuple[str, str], ...]  # look-alike -> ASCII


@lru_cache(maxsize=1 << 12)
def _plan(special: frozenset[str]) -> _Plan:
    table = _confusables()
    invisible = special & _INVISIBLE
    return _Plan(
        counted=tuple(c for c in invisible if c in _COUNTED),
        uncounted=tuple(c for c in invisible if c not in _COUNTED),
        separators=tuple(c for c in special if _is_separator(c)),
        letters=tuple(c for c in special if c.isalpha()),
        confusables=tuple((c, table[ord(c)]) for c in special if ord(c) in table),
    )


_ASCII_BYTES: Final = bytes(range(128))


def _non_ascii(text: str) -> frozenset[str]:
    """The distinct non-ASCII characters of ``text``: ``frozenset(_NON_ASCII.findall(text))``.

    Deleting the ASCII bytes from the UTF-8 encoding leaves exactly the encodings of the other
    characters (UTF-8 never encodes them with ASCII bytes), so they decode back as they were;
    two C passes instead of a regex scan that builds a string per match ("surrogatepass"
    keeps lone surrogates, which the regex finds too).
    """
    rest = text.encode("utf-8", "surrogatepass").translate(None, _ASCII_BYTES)
    return frozenset(rest.decode("utf-8", "surrogatepass"))


def _mostly_latin(text: str, letters: tuple[str, ...]) -> bool:
    """Homoglyphs are a trick only inside Latin text; a Russian comment is not obfuscated."""
    other = sum(text.count(c) for c in letters) if letters else 0
    if not other:  # only emoji, quotes and the like: no need to count the Latin letters
        return True
    raw = text.encode("ascii", "ignore")
    latin = len(raw) - len(raw.translate(None, _ASCII_LETTERS))
    return latin >= other


def prepare(text: str) -> Prepared:
    """Unescape HTML entities, strip invisible characters, NFKC, map homoglyphs, lower-case."""
    if "&" in text:
        text = html.unescape(text)
    if text.isascii():  # most comments: nothing below can apply
        return Prepared(text.lower(), 0, 0)
    if "\ufeff" in text:  # a byte-order mark alone (many exports add one): no plan is needed
        bare = text.replace("\ufeff", "")
        if bare.isascii():
            return Prepared(bare.lower(), len(text) - len(bare), 0)
    # Work on the few distinct non-ASCII characters, not on every character of the text.
    plan = _plan(_non_ascii(text))
    invisible = confusable = 0
    for char in plan.counted:
        invisible += text.count(char)
        text = text.replace(char, "")
    for char in plan.uncounted:
        text = text.replace(char, "")
    if text.isascii():  # only invisible characters (a byte-order mark): nothing below can apply
        return Prepared(text.lower(), invisible, 0)
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
        plan = _plan(_non_ascii(text))
    for char in plan.separators:
        text = text.replace(char, " ")  # curly quotes, dashes, emoji: separators
    if _mostly_latin(text, plan.letters):
        for char, target in plan.confusables:
            found = text.count(char)
            if found:
                confusable += found
                text = text.replace(char, target)
    return Prepared(text.lower(), invisible, confusable)


def prepare_many(texts: Sequence[str]) -> list[Prepared]:
    """``[prepare(t) for t in texts]``, with ``prepare``'s common case inline: a comment in ASCII
    with no HTML entity is only lower-cased, and a call per comment costs as much as that."""
    return [
        Prepared(text.lower(), 0, 0) if text.isascii() and "&" not in text else prepare(text)
        for text in texts
    ]


@lru_cache(maxsize=1 << 14)
def _is_separator(char: str) -> bool:
    """Punctuation, symbols and emoji separate words; letters, digits, marks and the invisible
    characters (already removed, or kept on purpose) do not. Cached: comments reuse a few."""
    return not char.isalnum() and char not in _INVISIBLE and not unicodedata.category(char).startswith("M")


def _unleet(token: str) -> str:
    """Fold one token that mixes letters with look-alike digits/symbols ("c4sin0" -> "casino").

    A token is read as leetspeak when letters are at least half of it, or when its look-alikes are
    not one run at one end: inside the word ("p134$e") or at both ends ("7h3", "5pec141"). A single
    run at one end with few letters is how numbers and units are written ("90s", "i75", "m3"), so
    those stay unless letters dominate, as before. A digit that imitates no letter (2, 6, 8) marks a
    name or a code ("user123", "r2d2", "b2b"), never leetspeak.
    """
    letters = sum(map(str.isalpha, token))
    if not letters or _OTHER_DIGIT.search(token):
        return token
    if (letters >= 2 and letters * 2 >= len(token)) or _lookalikes_inside(token):
        return _read_ones(token.translate(_LEET))
    return token


def _lookalikes_inside(token: str) -> bool:
    """Whether the look-alikes of ``token`` are not one run at one end of it."""
    if token[0] in _LOOKALIKES and token[-1] in _LOOKALIKES:
        return True
    return any(c in _LOOKALIKES for c in token.strip(_LOOKALIKES))


def _read_ones(token: str) -> str:
    """Each "1" as "l" or "i", whichever English spells more often between the same two neighbours
    ("fo11ow", "1ike", "p1ease" -> l; "1t", "v1deo", "sh1t" -> i; ``leet_table``). A run of ones
    is "ll" and the like: English doubles "l", almost never "i"."""
    if "1" not in token:
        return token
    return _ONES.sub(lambda m: _one_run(m.string, m.start(), m.end()), token)


def _one_run(token: str, start: int, end: int) -> str:
    if end - start > 1:
        return "l" * (end - start)
    before = token[start - 1] if start else " "
    after = token[end] if end < len(token) else " "
    return "l" if before + after in _L_CONTEXTS else "i"


def _fold_token(match: re.Match[str]) -> str:
    token = match.group()
    return token if token.isalpha() or token.isdigit() else _unleet(token)


def _separate(text: str) -> str:
    """ASCII punctuation and control characters to spaces. Through UTF-8 bytes, because
    ``bytes.translate`` is a table lookup while ``str.translate`` looks up a dict per character;
    every non-ASCII character is encoded as bytes >= 0x80, which the table leaves alone."""
    return text.encode("utf-8", "surrogatepass").translate(_SEPARATOR_BYTES).decode("utf-8", "surrogatepass")


def fold(prepared_text: str) -> str:
    """Words only, single-spaced: tags dropped and leetspeak folded ("c4sin0" -> "casino").

    Leetspeak is folded only when some look-alike digit or symbol touches a letter; then every
    token holding one is looked at (and only those: the rest are letters or digits already).
    """
    return " ".join(fold_words(prepared_text))


def fold_words(prepared_text: str) -> list[str]:
    """The words of ``fold(prepared_text)``, which is ``" ".join`` of them. The engine needs both
    the words and the text, and splitting then joining is cheaper than squeezing the spaces."""
    text = _TAG.sub(" ", prepared_text) if "<" in prepared_text else prepared_text
    if text.isascii():
        return _fold_ascii(text)
    # Non-ASCII punctuation is already a space (see prepare).
    text = _separate(text)
    if _LEET_HINT.search(text):
        text = _LEET_TOKEN.sub(_fold_token, text)
    if "@" in text or "$" in text:
        text = text.replace("@", " ").replace("$", " ")
    return text.split()


def _fold_ascii(text: str) -> list[str]:
    """``fold_words`` for ASCII text (most comments), on bytes, where every step is a C-speed
    table lookup or substring search instead of a regex that runs per character. The only
    whitespace left after the separator table is the space, so ``split`` splits on spaces."""
    return _spaced_ascii(text).decode("ascii").split()


def _spaced_ascii(text: str) -> bytes:
    """``_fold_ascii``'s words as bytes, still separated by runs of spaces (not yet squeezed)."""
    raw = text.encode("ascii").translate(_SEPARATOR_BYTES)  # tokens: letters, digits, @ and $
    classes = raw.translate(_CLASS_BYTES)
    if b"1" in classes and (b"a1" in classes or b"1a" in classes):  # memchr first: often no look-alike
        raw = _unleet_ascii(raw, classes)
    return raw.translate(_AT_DOLLAR_BYTES)


def _unleet_ascii(raw: bytes, classes: bytes) -> bytes:
    """``_unleet`` applied to each space-delimited token of ``raw`` that holds a look-alike."""
    pieces: list[bytes] = []
    last = 0
    i = classes.find(b"1")
    while i >= 0:
        start = raw.rfind(b" ", 0, i) + 1
        end = raw.find(b" ", i)
        end = len(raw) if end < 0 else end
        span = classes[start:end]
        if b"a" in span and b"2" not in span:  # letters, and no digit that imitates none
            token = raw[start:end].decode("ascii")
            folded = _unleet(token)
            if folded != token:
                pieces += [raw[last:start], folded.encode("ascii")]
                last = end
        i = classes.find(b"1", end)
    return b"".join([*pieces, raw[last:]]) if pieces else raw


def fingerprint(text: object) -> str:
    """A hex hash of the normalised words, equal for copies that differ only in case,
    spacing, punctuation, invisible characters, homoglyphs or leetspeak. Anything but a string
    is the empty text: typed ``object``, so the compiled build (which checks argument types)
    answers it as the pure-Python one does."""
    clean = (
        text.replace("\x00", "").encode("utf-8", "replace").decode("utf-8") if isinstance(text, str) else ""
    )
    folded = fold(prepare(clean).text)
    return hashlib.blake2b(folded.encode("utf-8"), digest_size=16).hexdigest()
