"""How many characters of an ASCII range each text of a batch holds, from one numpy pass.

Two signals are gated by such a count: nine digits before a phone number is looked for, thirty
capitals before a comment can be shouting. Counted per comment, each is an encoding and a
``bytes.translate`` (a copy and a table lookup per byte, behind two calls). Here the batch's
texts are joined and encoded once, the range's bytes are found with one numpy comparison, and,
since they are few, they are mapped to their texts by the separators' positions. UTF-8 never
uses an ASCII byte for another character, so the counts are those of the characters.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

_SEPARATOR = 0


def ascii_counts(texts: Sequence[str], low: str, high: str) -> list[int]:
    """For each text, how many of its characters lie in ``low..high`` (ASCII), e.g. "0".."9"."""
    codes = np.frombuffer("\x00".join(texts).encode("utf-8", "surrogatepass"), dtype=np.uint8)
    ends = np.flatnonzero(codes == _SEPARATOR)
    if len(ends) != max(len(texts) - 1, 0):  # a text holds a NUL itself: count one by one
        return [_count(text, low, high) for text in texts]
    found = np.flatnonzero(codes - ord(low) <= ord(high) - ord(low))  # uint8 wraps below ``low``
    rows = np.searchsorted(ends, found)  # separators before each byte: the index of its text
    counts: list[int] = np.bincount(rows, minlength=len(texts)).tolist()
    return counts


def _count(text: str, low: str, high: str) -> int:
    return sum(1 for char in text if low <= char <= high)
