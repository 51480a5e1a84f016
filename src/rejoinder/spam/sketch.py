"""MinHash sketches: "this is 85% the same text as one a moderator marked spam".

A campaign posts the same template with small changes (another name, another link). The
Jaccard similarity of two texts' character 5-gram sets survives such edits, and MinHash
estimates it from 32 numbers per text: for each of 32 hash functions, the smallest hash over
the text's 5-grams. Two texts agree on one position with probability equal to their Jaccard
similarity.
"""

from __future__ import annotations

from typing import Final

import numpy as np
import numpy.typing as npt

from rejoinder.spam.hashing import U32

U64 = npt.NDArray[np.uint64]

SIZE: Final = 32
_SEEDS: Final = np.array(
    [(0x9E3779B97F4A7C15 * (i + 1)) & 0xFFFFFFFFFFFFFFFF for i in range(SIZE)], dtype=np.uint64
)
_ODD: Final = np.uint64(0xD6E8FEB86659FD93)
_EMPTY: Final = np.full(SIZE, np.iinfo(np.uint64).max, dtype=np.uint64)


def signature(shingles: U32) -> U64 | None:
    """The sketch of one text's 5-gram hashes; None for texts too short to compare."""
    if len(shingles) < 3:
        return None
    # A repeated 5-gram cannot change a minimum, so the hashes need no de-duplication first;
    # one row per hash function keeps each minimum a reduction over contiguous memory.
    permuted = (_SEEDS[:, None] ^ shingles.astype(np.uint64)[None, :]) * _ODD
    permuted ^= permuted >> np.uint64(29)
    return np.asarray(permuted.min(axis=1), dtype=np.uint64)


def similarities(sig: U64, memory: npt.NDArray[np.uint64]) -> npt.NDArray[np.float64]:
    """Estimated Jaccard similarity of ``sig`` with each row of ``memory``."""
    if len(memory) == 0:
        return np.empty(0)
    return np.asarray((memory == sig[None, :]).mean(axis=1), dtype=np.float64)
