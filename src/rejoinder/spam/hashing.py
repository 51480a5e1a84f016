"""Stable, vectorised hashing of character and word n-grams.

Python's ``hash()`` changes with every process, and calling a hash function once per n-gram
from Python costs about a microsecond each: far too slow for 10,000 comments a second. So a
whole batch of texts is turned into one array of code points and every n-gram hash is computed
at once with numpy, using a polynomial prefix hash modulo 2**64 (integer overflow in numpy
arrays wraps, which is exactly the modular arithmetic we want):

    S[i] = sum(c[j] * B**j for j < i)        hash(a, b) = (S[b] - S[a]) * B**-a

then a splitmix64 finaliser spreads the bits and the top ``bits`` select a bucket. The values
depend only on the text, so a model trained in one process scores the same in any other.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

U64 = npt.NDArray[np.uint64]
I64 = npt.NDArray[np.int64]

_B = 0x100000001B3  # odd, so it has an inverse modulo 2**64
_B_INV = pow(_B, -1, 1 << 64)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_BIGRAM = np.uint64(0x9E3779B97F4A7C15)
_powers_cache: list[U64] = []


def _powers(length: int) -> tuple[U64, U64]:
    """B**i and B**-i for i in 0..length, grown geometrically and kept for the process."""
    if not _powers_cache or len(_powers_cache[0]) <= length:
        size = max(4096, 1 << int(length + 1).bit_length())
        forward = np.empty(size, dtype=np.uint64)
        inverse = np.empty(size, dtype=np.uint64)
        forward[0] = inverse[0] = 1
        forward[1:] = np.cumprod(np.full(size - 1, _B, dtype=np.uint64))
        inverse[1:] = np.cumprod(np.full(size - 1, _B_INV, dtype=np.uint64))
        _powers_cache[:] = [forward, inverse]
    return _powers_cache[0], _powers_cache[1]


def mix(x: U64, salt: int) -> U64:
    """splitmix64 finaliser of ``x ^ salt``: every input bit affects every output bit."""
    x = x ^ np.uint64(salt & 0xFFFFFFFFFFFFFFFF)
    x = (x ^ (x >> np.uint64(30))) * _M1
    x = (x ^ (x >> np.uint64(27))) * _M2
    return x ^ (x >> np.uint64(31))


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
    prefix: U64  # S, one longer than joined
    inverse: U64  # B**-i for i in 0..len(joined)

    @property
    def n(self) -> int:
        return len(self.starts) - 1

    def span_hash(self, a: I64, b: I64) -> U64:
        return (self.prefix[b] - self.prefix[a]) * self.inverse[a]


def pack(texts: Sequence[str]) -> Packed:
    joined = "".join(f" {t} " for t in texts)
    lengths = np.fromiter((len(t) + 2 for t in texts), dtype=np.int64, count=len(texts))
    starts = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum(lengths, out=starts[1:])
    codes = np.frombuffer(joined.encode("utf-32-le"), dtype="<u4").astype(np.uint64)
    forward, inverse = _powers(len(codes))
    prefix = np.zeros(len(codes) + 1, dtype=np.uint64)
    np.cumsum(codes * forward[: len(codes)], out=prefix[1:])
    row_of = np.repeat(np.arange(len(texts), dtype=np.int64), lengths)
    return Packed(joined, starts, row_of, codes == 32, prefix, inverse)


def char_ngrams(packed: Packed, n: int, salt: int) -> tuple[I64, U64]:
    """(text index, hash) of every character n-gram inside each padded text."""
    total = len(packed.joined)
    if total < n:
        return np.empty(0, np.int64), np.empty(0, np.uint64)
    begin = np.arange(total - n + 1, dtype=np.int64)
    row = packed.row_of[: total - n + 1]
    keep = begin + n <= packed.starts[row + 1]
    begin, row = begin[keep], row[keep]
    return row, mix(packed.span_hash(begin, begin + n), salt + n)


@dataclass(frozen=True, slots=True)
class Words:
    """Every space-separated word of a packed batch: text index, span and hash."""

    row: I64
    begin: I64
    end: I64
    hash: U64


def words(packed: Packed, salt: int) -> Words:
    spaces = np.flatnonzero(packed.is_space).astype(np.int64)
    begin, end = spaces[:-1] + 1, spaces[1:]
    keep = end > begin
    begin, end = begin[keep], end[keep]
    row = packed.row_of[begin]
    return Words(row, begin, end, mix(packed.span_hash(begin, end), salt))


def bigrams(w: Words, salt: int) -> tuple[I64, U64]:
    """Hashes of adjacent word pairs within one text."""
    if len(w.row) < 2:
        return np.empty(0, np.int64), np.empty(0, np.uint64)
    same = w.row[1:] == w.row[:-1]
    return w.row[1:][same], mix(w.hash[:-1][same] * _BIGRAM + w.hash[1:][same], salt)


def bucket(hashes: U64, bits: int) -> I64:
    return (hashes >> np.uint64(64 - bits)).astype(np.int64)
