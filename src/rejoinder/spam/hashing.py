"""Stable, vectorised hashing of character and word n-grams.

Python's ``hash()`` changes with every process, and calling a hash function once per n-gram
from Python costs about a microsecond each: far too slow for 10,000 comments a second. So a
whole batch of texts is turned into one array of code points and every n-gram hash is computed
at once with numpy, using a polynomial prefix hash modulo 2**32 (integer overflow in numpy
arrays wraps, which is exactly the modular arithmetic we want):

    S[i] = sum(c[j] * B**j for j < i)        hash(a, b) = (S[b] - S[a]) * B**-a

then the murmur3 finaliser spreads the bits and the top ``bits`` select a bucket. 32-bit words
halve the memory traffic of 64-bit ones, and collisions between distinct n-grams (about one in
four billion) are rare next to the bucket collisions of a 2**18 table. The values depend only
on the text, so a model trained in one process scores the same in any other.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt
from numpy import ndarray  # noqa: F401  compiled, a dataclass looks its fields' types up by name (mypy#20365)

U32 = npt.NDArray[np.uint32]
I64 = npt.NDArray[np.int64]

_MASK: Final = 0xFFFFFFFF
_B: Final = 0x01000193  # the 32-bit FNV prime: odd, so it has an inverse modulo 2**32
_B_INV: Final = pow(_B, -1, 1 << 32)
_M1: Final = np.uint32(0x85EBCA6B)
_M2: Final = np.uint32(0xC2B2AE35)
_BIGRAM: Final = np.uint32(0x9E3779B1)
_S16: Final = np.uint32(16)
_S13: Final = np.uint32(13)
_powers_cache: list[U32] = []


def _powers(length: int) -> tuple[U32, U32]:
    """B**i and B**-i for i in 0..length, grown geometrically and kept for the process."""
    if not _powers_cache or len(_powers_cache[0]) <= length:
        size = max(4096, 1 << int(length + 1).bit_length())
        forward = np.ones(size, dtype=np.uint32)
        inverse = np.ones(size, dtype=np.uint32)
        forward[1:] = np.cumprod(np.full(size - 1, _B, dtype=np.uint32), dtype=np.uint32)
        inverse[1:] = np.cumprod(np.full(size - 1, _B_INV, dtype=np.uint32), dtype=np.uint32)
        _powers_cache[:] = [forward, inverse]
    return _powers_cache[0], _powers_cache[1]


def mix(x: U32, salt: int) -> U32:
    """murmur3 ``fmix32`` of ``x ^ salt``: every input bit affects every output bit."""
    return _fmix(x ^ np.uint32(salt & _MASK))


def _fmix(x: U32) -> U32:
    """murmur3 ``fmix32``, in place on ``x`` (a fresh array the caller owns)."""
    x ^= x >> _S16
    x *= _M1
    x ^= x >> _S13
    x *= _M2
    x ^= x >> _S16
    return x


@dataclass(frozen=True, slots=True)
class Packed:
    """Texts joined as ``" text one  text two "``, with their prefix hashes.

    Every text is padded with one space on each side, so n-grams see word boundaries and no
    word runs from one text into the next.
    """

    joined: str
    starts: I64  # where each padded text starts in ``joined``; one extra entry at the end
    row_of: I64  # for each position in ``joined``, the index of its text
    is_space: npt.NDArray[np.bool_]
    prefix: U32  # S, one longer than joined
    inverse: U32  # B**-i for i in 0..len(joined)

    @property
    def n(self) -> int:
        return len(self.starts) - 1

    @property
    def end_of(self) -> I64:
        """For each position in ``joined``, where its text ends. Not kept: the n-gram windows
        find the text edges from ``starts`` alone (``_inside``)."""
        return self.starts[1:][self.row_of]


def pack(texts: Sequence[str]) -> Packed:
    joined = "".join([f" {t} " for t in texts])
    lengths = np.fromiter((len(t) + 2 for t in texts), dtype=np.int64, count=len(texts))
    starts = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum(lengths, out=starts[1:])
    codes = np.frombuffer(joined.encode("utf-32-le"), dtype="<u4")  # read-only; nothing writes to it
    forward, inverse = _powers(len(codes))
    prefix = np.zeros(len(codes) + 1, dtype=np.uint32)
    np.cumsum(codes * forward[: len(codes)], out=prefix[1:], dtype=np.uint32)
    row_of = np.repeat(np.arange(len(texts), dtype=np.int64), lengths)
    return Packed(joined, starts, row_of, codes == 32, prefix, inverse)


def char_ngrams(packed: Packed, sizes: Sequence[int], salt: int) -> dict[int, tuple[I64, U32]]:
    """For each n in ``sizes``: (text index, hash) of every character n-gram inside a text.

    Each size gets its own salt (``salt + n``) and its own ``fmix32`` pass: joining the sizes for
    one pass would copy every hash twice more (into the join, and the caller's join of the rows).
    A few texts (a single check) take ``_few_char_ngrams``, with fewer numpy calls."""
    if packed.n < _FEW:
        return _few_char_ngrams(packed, sizes, salt)
    total = len(packed.joined)
    out: dict[int, tuple[I64, U32]] = {}
    for n in sizes:
        m = max(total - n + 1, 0)  # windows that fit in ``joined``; slices, not gathers
        keep = _inside(packed.starts[1:], n, m)  # and that stay inside their own text
        hashes = (packed.prefix[n : m + n] - packed.prefix[:m]) * packed.inverse[:m]
        out[n] = (packed.row_of[:m][keep], _fmix(hashes[keep] ^ np.uint32((salt + n) & _MASK)))
    return out


_FEW: Final = 16  # texts


def _few_char_ngrams(packed: Packed, sizes: Sequence[int], salt: int) -> dict[int, tuple[I64, U32]]:
    """``char_ngrams`` for a few texts, where numpy's cost per call outweighs its cost per
    element: one "room left in the text" array for every size, and one ``fmix32`` for all sizes
    together (the same hashes as one pass per size)."""
    total = len(packed.joined)
    room = packed.end_of - np.arange(total, dtype=np.int64)  # characters left in the text
    rows: list[I64] = []
    salted: list[U32] = []
    for n in sizes:
        m = max(total - n + 1, 0)
        keep = room[:m] >= n
        hashes = (packed.prefix[n : m + n] - packed.prefix[:m]) * packed.inverse[:m]
        rows.append(packed.row_of[:m][keep])
        salted.append(hashes[keep] ^ np.uint32((salt + n) & _MASK))
    if not salted:
        return {}
    mixed = _fmix(np.concatenate(salted))
    cuts = np.cumsum([len(h) for h in salted]).tolist()
    return {n: (r, mixed[end - len(r) : end]) for n, r, end in zip(sizes, rows, cuts, strict=True)}


def _inside(ends: I64, n: int, m: int) -> npt.NDArray[np.bool_]:
    """Which of the ``m`` windows of ``n`` characters lie inside one text: a window starting at
    p leaves its text exactly when a text ends in (p, p + n), so only the ``n - 1`` starts before
    each end are out. Marked per text instead of comparing every position with its text's end."""
    keep = np.ones(m, dtype=bool)
    if n > 1 and m:
        out = (ends[:, None] - np.arange(1, n, dtype=np.int64)).ravel()
        keep[out[(out >= 0) & (out < m)]] = False
    return keep


@dataclass(frozen=True, slots=True)
class Words:
    """Every space-separated word of a packed batch: text index, span and hash."""

    row: I64
    begin: I64
    end: I64
    hash: U32


def words(packed: Packed, salt: int) -> Words:
    spaces = np.flatnonzero(packed.is_space)
    begin, end = spaces[:-1] + 1, spaces[1:]
    keep = end > begin
    begin, end = begin[keep], end[keep]
    hashes = (packed.prefix[end] - packed.prefix[begin]) * packed.inverse[begin]
    return Words(packed.row_of[begin], begin, end, mix(hashes, salt))


def bigrams(w: Words, salt: int) -> tuple[I64, U32]:
    """Hashes of adjacent word pairs within one text."""
    if len(w.row) < 2:
        return np.empty(0, np.int64), np.empty(0, np.uint32)
    same = w.row[1:] == w.row[:-1]
    return w.row[1:][same], mix(w.hash[:-1][same] * _BIGRAM + w.hash[1:][same], salt)


def bucket(hashes: U32, bits: int) -> I64:
    return (hashes >> np.uint32(32 - bits)).astype(np.int64)
