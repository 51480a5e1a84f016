"""Find every ``SPAM_PHRASES`` phrase in a batch's texts with one numpy pass instead of 55 searches.

Searching the batch's joined bytes once per phrase reads them 55 times (about 16 MB per 256
comments), the largest single text step of a batch. Here every four-byte window of the bytes is
looked up at once: a phrase can only start where the window equals its first four bytes, so a
bitmap of those keys (hashed to 16 bits) leaves a few candidate positions per comment, and each
is confirmed with one ``startswith``. Every occurrence is a candidate, so the result is exactly
that of the searches, whatever the choice of key; the first four bytes keep the key obvious.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from rejoinder.spam import hashing
from rejoinder.spam.lexicon import SPAM_PHRASES

I64 = npt.NDArray[np.int64]
_KEY = 4  # bytes: every phrase is at least this long (the lexicon test checks)
_MULTIPLIER = np.uint32(0x9E3779B1)  # spreads a key's bytes over the top bits
_BITS = 16
_SHIFT = np.uint32(32 - _BITS)


def _key(needle: bytes) -> int:
    return int.from_bytes(needle[:_KEY], "little")


def _bucket(key: int) -> int:
    return ((key * int(_MULTIPLIER)) & 0xFFFFFFFF) >> int(_SHIFT)


_NEEDLES = [(index, phrase.encode("ascii")) for index, phrase in enumerate(SPAM_PHRASES)]
# first four bytes, as a little-endian number -> (phrase index, phrase bytes) of the phrases that start so
_BY_KEY: dict[int, list[tuple[int, bytes]]] = {}
for _index, _needle in _NEEDLES:
    _BY_KEY.setdefault(_key(_needle), []).append((_index, _needle))
_BITMAP = np.zeros(1 << _BITS, dtype=bool)
_BITMAP[[_bucket(key) for key in _BY_KEY]] = True


def find_phrases(blob: bytes, newlines: I64, n: int) -> list[list[str]]:
    """For each of the ``n`` texts joined by newlines in ``blob`` (UTF-8), the phrases it holds,
    in ``SPAM_PHRASES`` order, each once. ``newlines``: where the texts end. A phrase is ASCII
    without a newline, so its bytes occur exactly where its characters do, inside one text."""
    hits = _confirmed(blob)
    out: list[list[str]] = [[] for _ in range(n)]
    if hits:
        rows = np.searchsorted(newlines, [start for start, _ in hits]).tolist()
        for row, index in sorted(set(zip(rows, [index for _, index in hits], strict=True))):
            out[row].append(SPAM_PHRASES[index])
    return out


def _confirmed(blob: bytes) -> list[tuple[int, int]]:
    """(start, phrase index) of every phrase occurrence in ``blob``.

    The windows are read as four zero-copy ``uint32`` views, one per start offset modulo 4,
    so no array of all windows is built."""
    hits: list[tuple[int, int]] = []
    if len(blob) < _KEY:
        return hits
    for offset in range(_KEY):
        windows = np.frombuffer(blob, dtype="<u4", count=(len(blob) - offset) // _KEY, offset=offset)
        candidates = np.flatnonzero(_BITMAP[(windows * _MULTIPLIER) >> _SHIFT])
        if not len(candidates):
            continue
        for j, key in zip(candidates.tolist(), windows[candidates].tolist(), strict=True):
            start = offset + _KEY * j
            for index, needle in _BY_KEY.get(key, ()):
                if blob.startswith(needle, start):
                    hits.append((start, index))
    return hits


def _polynomial(text: str) -> int:
    """``hashing``'s polynomial hash of ``text``: sum of code point times B**position, mod 2**32."""
    return sum(ord(char) * pow(hashing._B, j, 1 << 32) for j, char in enumerate(text)) & 0xFFFFFFFF


# the same lookup for texts already packed for hashing: keys are the polynomial hash of four characters
_BY_HASH: dict[int, list[tuple[int, str]]] = {}
for _index, _phrase in enumerate(SPAM_PHRASES):
    _BY_HASH.setdefault(_polynomial(_phrase[:_KEY]), []).append((_index, _phrase))
_HASH_BITMAP = np.zeros(1 << _BITS, dtype=bool)
_HASH_BITMAP[[_bucket(key) for key in _BY_HASH]] = True


def find_phrases_packed(packed: hashing.Packed) -> list[list[str]]:
    """``find_phrases`` for texts packed for hashing (``hashing.pack``): the four-character
    windows' hashes come from the packed prefix hashes, so no other copy of the texts is made.
    A phrase holds no double space, so none spans the padding between two packed texts."""
    m = len(packed.joined) - _KEY + 1
    out: list[list[str]] = [[] for _ in range(packed.n)]
    if m <= 0:
        return out
    windows = (packed.prefix[_KEY : m + _KEY] - packed.prefix[:m]) * packed.inverse[:m]
    candidates = np.flatnonzero(_HASH_BITMAP[(windows * _MULTIPLIER) >> _SHIFT])
    joined = packed.joined
    hits = [
        (start, index)
        for start, key in zip(candidates.tolist(), windows[candidates].tolist(), strict=True)
        for index, phrase in _BY_HASH.get(key, ())
        if joined.startswith(phrase, start)
    ]
    if hits:
        rows = packed.row_of[[start for start, _ in hits]].tolist()
        for row, index in sorted(set(zip(rows, [index for _, index in hits], strict=True))):
            out[row].append(SPAM_PHRASES[index])
    return out
