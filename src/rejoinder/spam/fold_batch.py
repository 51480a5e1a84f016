"""``normalise.fold`` for a whole batch: its ASCII texts folded as one blob, in a few array passes.

Folding one ASCII text is three ``bytes.translate`` passes and a leetspeak scan, each one C call,
but with an encoding, two function calls and a few tests around them, and ``translate`` itself
reads a table per byte. Here the batch's ASCII texts, tags dropped, are joined by NUL (no
prepared comment holds one; a text that does, or a non-ASCII text, is folded alone), the byte
classes (letters, digits, "@" and "$") come from numpy comparisons over the whole
blob, the leetspeak tokens are looked at only where a letter meets a digit or symbol, and one
numpy pass squeezes the spaces. Every step is local to a token or a byte, and a text's edge
ends a token as a space does, so each text folds exactly as it does alone
(``tests/spam/test_batch_equivalence.py`` pins ``fold_many`` to ``fold``).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Final

import numpy as np
import numpy.typing as npt

from rejoinder.spam.normalise import (
    _TAG,
    _fold_ascii,
    _unleet,
    fold,
    fold_words,
)

_EDGE_BYTE: Final = 0xFF  # a text's edge in the folded blob: not ASCII, so no ASCII text holds it
_EDGE: Final = bytes([_EDGE_BYTE])
_EDGE_TEXT: Final = chr(_EDGE_BYTE)
_SPACE, _AT, _DOLLAR = 0x20, 0x40, 0x24
_SQUEEZE_MIN: Final = 16  # texts; a smaller batch is folded one text at a time
_U8 = npt.NDArray[np.uint8]


def fold_many(prepared_texts: Sequence[str]) -> list[str]:
    """``[fold(t) for t in prepared_texts]``, cheaper for a batch (see the module's docstring)."""
    if len(prepared_texts) < _SQUEEZE_MIN:  # numpy's per-call cost outweighs the saving
        return [fold(text) for text in prepared_texts]
    texts = list(prepared_texts)
    alone: dict[int, str] = {}  # texts folded one at a time; they stand in the blob as ""
    for i in [i for i, text in enumerate(texts) if "<" in text or not text.isascii() or "\x00" in text]:
        text = _TAG.sub(" ", texts[i]) if "<" in texts[i] else texts[i]
        if not text.isascii():
            alone[i] = " ".join(fold_words(text))
        elif "\x00" in text:
            alone[i] = " ".join(_fold_ascii(text))
        texts[i] = "" if i in alone else text
    out = _fold_blob(texts)
    for i, folded in alone.items():
        out[i] = folded
    return out


def _fold_blob(texts: list[str]) -> list[str]:
    """The folded ASCII ``texts`` (none holds a NUL): ``normalise._spaced_ascii`` and the squeeze,
    on one blob that starts and ends with an edge.

    ``bytes.translate`` reads a table per byte; numpy's comparisons and arithmetic test 16 or 32
    bytes at once, so the byte classes cost a few array passes for the batch. Two separated
    blobs are made: with "@" and "$" (the leetspeak tokens hold them) and without (the words).
    """
    codes = np.frombuffer("\x00".join(["", *texts, ""]).encode("ascii"), dtype=np.uint8)
    letter = (codes | 0x20) - ord("a") < 26  # ASCII letters, either case (uint8 wraps below "a")
    digit = codes - ord("0") < 10
    other = digit | (codes == _AT) | (codes == _DOLLAR)  # digits and look-alike symbols
    # Every byte kept is above the space ("$" is the lowest), every other one becomes a space.
    tokens = np.maximum(codes * (letter | other), _SPACE).tobytes()  # the NULs are spaces too
    words = np.maximum(codes * (letter | digit), _SPACE)
    words[_edges(texts)] = _EDGE_BYTE
    # Letters next to digits or symbols: every look-alike next to a letter, and a few others
    # (2, 6, 8), whose tokens ``_unleet`` leaves as they are.
    touching = np.flatnonzero((letter[:-1] & other[1:]) | (other[:-1] & letter[1:])).tolist()
    return _squeezed(np.frombuffer(_unleet_blob(tokens, words.tobytes(), touching), dtype=np.uint8))


def _edges(texts: list[str]) -> npt.NDArray[np.int64]:
    """Where the NULs are in the NUL-joined ``texts`` with a NUL at each end."""
    edges = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum(np.fromiter(map(len, texts), dtype=np.int64, count=len(texts)) + 1, out=edges[1:])
    return edges


def _unleet_blob(tokens: bytes, words: bytes, touching: list[int]) -> bytes:
    """``words`` with ``normalise._unleet`` applied to each token of ``tokens`` (the same blob with
    "@" and "$" kept) that mixes letters with look-alikes: ``normalise._unleet_ascii``, visiting
    only the tokens around ``touching`` (where a letter and a digit or symbol meet, in order)
    instead of every token that holds a look-alike. A token of letters and look-alikes alone
    that holds both has one next to a letter, ``_unleet`` leaves a token with another digit as
    it is, and a token it changes holds no "@" or "$" any more."""
    pieces: list[bytes] = []
    last = end = 0
    for at in touching:
        if at < end:  # in the token just looked at
            continue
        start = tokens.rfind(b" ", 0, at) + 1
        end = tokens.find(b" ", at)  # the blob ends with a space (its last NUL)
        token = tokens[start:end].decode("ascii")
        folded = _unleet_token(token)
        if folded != token:
            pieces += [words[last:start], folded.encode("ascii")]
            last = end
    return b"".join([*pieces, words[last:]]) if pieces else words


# Cached: a batch repeats the same few such tokens ("1st", "4g", "@name"); ``_unleet`` is pure.
_unleet_token = lru_cache(maxsize=4096)(_unleet)


def _squeezed(blob: _U8) -> list[str]:
    """Each text of the blob (texts between edges; the blob starts and ends with one), with its
    runs of spaces made one space and its ends stripped: ``" ".join(text.split())`` for texts
    whose only whitespace is the space, computed for all of them in one pass."""
    # Keep the last space of each run, unless an edge follows it; the blob ends in an edge.
    drop = blob[:-1] == _SPACE
    drop &= (blob[1:] == _SPACE) | (blob[1:] == _EDGE_BYTE)
    blob = blob[np.append(~drop, True)]
    # Runs are single spaces now: drop the ones that open a text. The blob starts with an edge.
    drop = blob[1:] == _SPACE
    drop &= blob[:-1] == _EDGE_BYTE
    squeezed: bytes = blob[np.insert(~drop, 0, True)].tobytes()
    return squeezed.decode("latin-1").split(_EDGE_TEXT)[1:-1]
