"""Obfuscated copies of spam, the way spammers dodge keyword and token filters.

Four techniques, each seen in the wild (``/work/shared/reference/spam-filters.md``, section d):

* ``homoglyphs``: Latin letters swapped for look-alikes from the Unicode confusables table
  (Cyrillic and Greek first, then fullwidth and mathematical letters), via ``confusable_homoglyphs``.
* ``zero_width``: invisible characters (ZWSP, ZWNJ, ZWJ, word joiner, soft hyphen) inside words.
* ``spaced_urls``: ``site.com`` written as ``site . com`` or ``site dot com``, schemes dropped.
* ``leetspeak``: ``a e i o s t`` as ``4 3 1 0 5 7`` (and ``@ $``) in words.

``combined`` applies all four. Character-level tricks leave URLs alone (a spammer needs the link
to keep working); only ``spaced_urls`` touches them. Everything is seeded, so a benchmark run is
reproducible, and each comment gets its own generator derived from the seed and its text, so the
output for one comment does not depend on which other comments were obfuscated with it.

Run ``python -m bench.obfuscate "Check out my channel at www.example.com"`` to see the variants.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import sys
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import confusable_homoglyphs

URL = re.compile(
    r"(?:https?://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:com|net|org|info|biz|ly|co|io|me|us|uk|tk|ru|de|gl|be)\b\S*",
    re.IGNORECASE,
)
ZERO_WIDTH = ("\u200b", "\u200c", "\u200d", "\u2060", "\u00ad")
LEET = {"a": "4", "e": "3", "i": "1", "o": "0", "s": "5", "t": "7", "l": "1", "g": "9"}
LEET_SYMBOLS = {"a": "@", "s": "$"}
PREFERRED_SCRIPTS = ("CYRILLIC", "GREEK")
OTHER_SCRIPTS = ("FULLWIDTH", "MATHEMATICAL")


@cache
def homoglyph_table() -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """ASCII letter -> (Cyrillic/Greek look-alikes, fullwidth/mathematical look-alikes)."""
    path = Path(confusable_homoglyphs.__file__).with_name("confusables.json")
    data: dict[str, list[dict[str, str]]] = json.loads(path.read_text(encoding="utf-8"))
    table: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
    for letter in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ":
        glyphs = [g for g in data.get(letter, []) if len(g["c"]) == 1]
        preferred = tuple(g["c"] for g in glyphs if g["n"].startswith(PREFERRED_SCRIPTS))
        other = tuple(g["c"] for g in glyphs if g["n"].startswith(OTHER_SCRIPTS))
        if preferred or other:
            table[letter] = (preferred, other)
    return table


def _outside_urls(text: str, transform: Callable[[str], str]) -> str:
    """Apply ``transform`` to the text between URLs, leaving the URLs as they are."""
    parts: list[str] = []
    last = 0
    for match in URL.finditer(text):
        parts.append(transform(text[last : match.start()]))
        parts.append(match.group(0))
        last = match.end()
    parts.append(transform(text[last:]))
    return "".join(parts)


def homoglyphs(text: str, rng: random.Random, rate: float = 0.5) -> str:
    table = homoglyph_table()

    def swap(segment: str) -> str:
        out = []
        for ch in segment:
            choices = table.get(ch)
            if choices and rng.random() < rate:
                preferred, other = choices
                pool = preferred if preferred and (rng.random() < 0.75 or not other) else other
                out.append(rng.choice(pool))
            else:
                out.append(ch)
        return "".join(out)

    return _outside_urls(text, swap)


def zero_width(text: str, rng: random.Random, rate: float = 0.7) -> str:
    """One invisible character inside most words of four letters or more."""

    def word(match: re.Match[str]) -> str:
        w = match.group(0)
        if len(w) < 4 or rng.random() >= rate:
            return w
        cut = rng.randint(1, len(w) - 1)
        return w[:cut] + rng.choice(ZERO_WIDTH) + w[cut:]

    return _outside_urls(text, lambda segment: re.sub(r"\w+", word, segment))


def spaced_urls(text: str, rng: random.Random) -> str:
    def respace(match: re.Match[str]) -> str:
        url = re.sub(r"^(?:https?://)", "", match.group(0), flags=re.IGNORECASE)
        joiner = rng.choice((" . ", " dot ", " (dot) ", "[.]"))
        return url.replace(".", joiner)

    return URL.sub(respace, text)


def leetspeak(text: str, rng: random.Random, rate: float = 0.6) -> str:
    def swap(segment: str) -> str:
        out = []
        for ch in segment:
            low = ch.lower()
            if low in LEET and rng.random() < rate:
                use_symbol = low in LEET_SYMBOLS and rng.random() < 0.3
                out.append(LEET_SYMBOLS[low] if use_symbol else LEET[low])
            else:
                out.append(ch)
        return "".join(out)

    return _outside_urls(text, swap)


def combined(text: str, rng: random.Random) -> str:
    text = leetspeak(text, rng, rate=0.35)
    text = homoglyphs(text, rng, rate=0.35)
    text = zero_width(text, rng, rate=0.5)
    return spaced_urls(text, rng)


TECHNIQUES: dict[str, Callable[[str, random.Random], str]] = {
    "homoglyphs": homoglyphs,
    "zero_width": zero_width,
    "spaced_urls": spaced_urls,
    "leetspeak": leetspeak,
    "combined": combined,
}


def _rng(seed: int, technique: str, text: str) -> random.Random:
    digest = hashlib.sha256(f"{seed}:{technique}:{text}".encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def obfuscate(comment: Mapping[str, Any], technique: str, seed: int = 20261128) -> dict[str, Any]:
    """A copy of ``comment`` whose ``content`` (and author, for homoglyphs/leetspeak) is obfuscated."""
    transform = TECHNIQUES[technique]
    text = str(comment.get("content") or "")
    copy = dict(comment)
    copy["content"] = transform(text, _rng(seed, technique, text))
    if technique in ("homoglyphs", "leetspeak", "combined") and comment.get("author"):
        author = str(comment["author"])
        copy["author"] = transform(author, _rng(seed, technique, author))
    return copy


def main(argv: list[str]) -> None:
    text = " ".join(argv) or "Check out my new channel at www.example.com and subscribe for free money!"
    for name in TECHNIQUES:
        print(f"{name:>12}: {obfuscate({'content': text}, name)['content']!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
