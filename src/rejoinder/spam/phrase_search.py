"""Find every ``SPAM_PHRASES`` phrase in a batch's texts with one numpy pass instead of 55 searches.

Searching the batch's joined bytes once per phrase reads them 55 times (about 16 MB per 256
comments), the largest single text step of a batch. Here every four-byte window of the bytes is
looked up at once: a phrase can only start where the window equals its first four bytes, so a
bitmap of those keys (hashed to 16 bits) leaves a few candidate positions per comment, and each
is confirmed with one ``startswith``. Every occurrence is a candidate, so the result is exactly
that of the searches, whatever the choice of key; the first four bytes keep the key obvious.
"""

from __future__ import annotations

from typing import Final

import numpy as np
import numpy.typing as npt

from rejoinder.spam import hashing
from rejoinder.spam.lexicon import SPAM_PHRASES

I64 = npt.NDArray[np.int64]
_KEY: Final = 4  # bytes: every phrase is at least this long (the lexicon test checks)
_MULTIPLIER: Final = np.uint32(0x9E3779B1)  # spreads a key's bytes over the top bits
_BITS: Final = 16
_SHIFT: Final = np.uint32(32 - _BITS)


def _key(needle: bytes) -> int:
    return int.from_bytes(needle[:_KEY], "little")


def _bucket(key: int) -> int:
    return ((key * int(_MULTIPLIER)) & 0xFFFFFFFF) >> int(_SHIFT)


_NEEDLES: Final = [(index, phrase.encode("ascii")) for index, phrase in enumerate(SPAM_PHRASES)]
# first four bytes, as a little-endian number -> (phrase index, phrase bytes) of the phrases that start so
_BY_KEY: Final[dict[int, list[tuple[int, bytes]]]] = {}
for _index, _needle in _NEEDLES:
    _BY_KEY.setdefault(_key(_needle), []).append((_index, _needle))
_BITMAP: Final = np.zeros(1 << _BITS, dtype=bool)
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


# The same search for texts already packed for hashing, where the key of a window is the
# polynomial hash of its four characters. Common words share a phrase's first four characters
# ("free", "make", "with"), so a key match is not yet a phrase: each is paired with the phrases
# that start so, and the hash of the window as long as the phrase, read from the same prefix
# hashes, must equal the phrase's own before ``startswith`` confirms it.
_BY_HASH: Final[dict[int, list[int]]] = {}
for _index, _phrase in enumerate(SPAM_PHRASES):
    _BY_HASH.setdefault(_polynomial(_phrase[:_KEY]), []).append(_index)
_HASH_BITMAP: Final = np.zeros(1 << _BITS, dtype=bool)
_HASH_BITMAP[[_bucket(key) for key in _BY_HASH]] = True
_KEYS: Final = np.array(sorted(_BY_HASH), dtype=np.uint32)
# The phrases of key k are _PHRASES_BY_KEY[_FIRST[k] : _FIRST[k + 1]].
_PHRASES_BY_KEY: Final = np.array(
    [index for key in sorted(_BY_HASH) for index in _BY_HASH[key]], dtype=np.int64
)
_FIRST: Final = np.cumsum([0, *(len(_BY_HASH[key]) for key in sorted(_BY_HASH))]).astype(np.int64)
_LENGTHS: Final = np.array([len(phrase) for phrase in SPAM_PHRASES], dtype=np.int64)
_HASHES: Final = np.array([_polynomial(phrase) for phrase in SPAM_PHRASES], dtype=np.uint32)


def find_phrases_packed(packed: hashing.Packed) -> list[list[str]]:
    """``find_phrases`` for texts packed for hashing (``hashing.pack``): the windows' hashes come
    from the packed prefix hashes, so no other copy of the texts is made. A phrase holds no
    double space, so none spans the padding between two packed texts."""
    out: list[list[str]] = [[] for _ in range(packed.n)]
    starts, phrases = _keyed(packed)
    if not len(starts):
        return out
    ends = starts + _LENGTHS[phrases]
    fits = ends <= len(packed.joined)
    starts, phrases, ends = starts[fits], phrases[fits], ends[fits]
    whole = (packed.prefix[ends] - packed.prefix[starts]) * packed.inverse[starts]
    maybe = np.flatnonzero(whole == _HASHES[phrases])
    joined = packed.joined
    hits = [
        (start, index)
        for start, index in zip(starts[maybe].tolist(), phrases[maybe].tolist(), strict=True)
        if joined.startswith(SPAM_PHRASES[index], start)
    ]
    if hits:
        rows = packed.row_of[[start for start, _ in hits]].tolist()
        for row, index in sorted(set(zip(rows, [index for _, index in hits], strict=True))):
            out[row].append(SPAM_PHRASES[index])
    return out


def _keyed(packed: hashing.Packed) -> tuple[I64, I64]:
    """(start, phrase index) for every window whose first four characters are a phrase's: the
    bitmap leaves a few candidates per comment, the sorted keys keep the exact ones."""
    m = len(packed.joined) - _KEY + 1
    if m <= 0:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    windows = (packed.prefix[_KEY : m + _KEY] - packed.prefix[:m]) * packed.inverse[:m]
    candidates = np.flatnonzero(_HASH_BITMAP[((windows * _MULTIPLIER) >> _SHIFT).astype(np.intp)])
    keys = windows[candidates]
    slot = np.minimum(np.searchsorted(_KEYS, keys), len(_KEYS) - 1)
    exact = _KEYS[slot] == keys
    candidates, slot = candidates[exact], slot[exact]
    counts = _FIRST[slot + 1] - _FIRST[slot]  # phrases per key: mostly one
    pairs = np.repeat(_FIRST[slot] - np.cumsum(counts) + counts, counts) + np.arange(int(counts.sum()))
    return np.repeat(candidates, counts), _PHRASES_BY_KEY[pairs]
