"""``urls.find_links`` for a whole batch: one scan of the batch proves "no link here" for most texts.

Most comments hold no link, yet ``find_links`` reads each of them several times to learn so
(a printable test, a handful of substring tests, the disguise pre-checks, a scan of every word
with a dot in it). Every way a link is written holds one of a few short marks: a dot glued to a
letter, a spaced or bracketed dot, a spaced "dot", an ``<a`` tag or a BBCode link. Here the
batch's ASCII texts are joined by NUL into one byte blob, a few numpy comparisons of neighbouring
bytes find the texts that may hold a mark, and only those (and the texts that are not ASCII) go
through ``find_links``; every other text's links are "none", which is what ``find_links`` returns for a
text without a mark (``tests/spam/test_links_batch.py`` pins the two together).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from rejoinder.spam.urls import Links, find_links

MIN_BATCH = 16  # texts; a smaller batch is read one text at a time


def find_links_many(texts: Sequence[str]) -> list[Links]:
    """``[find_links(t) for t in texts]``, with the texts that hold no mark of a link found by
    one scan of the batch instead of one reading each."""
    if len(texts) < MIN_BATCH:
        return [find_links(text) for text in texts]
    ascii = [text.isascii() for text in texts]
    marked = set(_marked(texts, [i for i, is_ascii in enumerate(ascii) if is_ascii]))
    marked.update(i for i, is_ascii in enumerate(ascii) if not is_ascii)
    return [find_links(text) if i in marked else Links.none(text) for i, text in enumerate(texts)]


def _marked(texts: Sequence[str], rows: list[int]) -> list[int]:
    r"""The indices (from ``rows``, ASCII texts) of the texts that may hold a mark of a link.

    The texts are joined by NUL into one byte blob and each mark is a few numpy comparisons of
    neighbouring bytes (a regex scan of the blob, trying six alternatives at every byte, costs
    more than ``find_links`` itself). The marks are looser than ``find_links``' own tests, never
    tighter: a whitespace byte is any byte up to the space, and a bracket counts when a space,
    a dot or a "d" follows it (``[\[({]\s*(?:\.|dot)``), or "url"/"link"'s first letter a "["
    (BBCode), or an "a" a "<" (an anchor)."""
    chosen = [texts[i] for i in rows]
    if not chosen:
        return []
    codes = np.frombuffer("\x00".join(chosen).encode("ascii"), dtype=np.uint8)
    if len(codes) < 5:
        return rows
    space = codes <= 0x20
    dot = codes == 0x2E
    before, after = codes[:-1], codes[1:]
    mark = dot[:-1] & ((after - 0x61) < 26)  # ".x": a dot glued to a letter
    mark[1:] |= dot[1:-1] & space[:-2] & space[2:]  # " . "
    mark[:-3] |= (
        space[:-4] & (codes[1:-3] == 0x64) & (codes[2:-2] == 0x6F) & (codes[3:-1] == 0x74) & space[4:]
    )
    opening = (before == 0x5B) | (before == 0x28) | (before == 0x7B)  # [ ( {
    mark |= opening & (space[1:] | dot[1:] | (after == 0x64))
    mark |= (before == 0x5B) & ((after == 0x75) | (after == 0x6C))  # [url, [link
    mark |= (before == 0x3C) & (after == 0x61)  # <a
    at = np.flatnonzero(mark)
    if not len(at):
        return []
    ends = np.cumsum(np.fromiter(map(len, chosen), dtype=np.int64, count=len(chosen)) + 1)
    return [rows[k] for k in np.unique(np.searchsorted(ends, at, side="right")).tolist()]
