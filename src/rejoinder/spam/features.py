"""Turn a batch of comments into one sparse feature matrix (COO: rows, columns, values).

Columns ``0 .. 2**bits - 1`` are hashed n-grams, with a different salt per field so the same
word in the author name and in the body are different features; the last ``N_LEARNED`` columns
are the learned signals. Each field's hashed features are scaled to unit length per comment, so
a long comment does not outvote a short one by sheer count. Fixed-weight prior signals are not
columns: they become a per-comment offset added to the model's log-odds.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from operator import attrgetter
from typing import Any, Final

import numpy as np
import numpy.typing as npt
from numpy import ndarray  # noqa: F401  compiled, a dataclass looks its fields' types up by name (mypy#20365)

from rejoinder.spam import columns, hashing, signals
from rejoinder.spam.fields import CommentFields, read_fields, read_many
from rejoinder.spam.fold_batch import fold_many
from rejoinder.spam.links_batch import find_links_many
from rejoinder.spam.normalise import Prepared, fold, prepare, prepare_many
from rejoinder.spam.urls import Links, find_links, host_of

F64 = npt.NDArray[np.float64]
F32 = npt.NDArray[np.float32]

CONTENT_SALT: Final = 0x5EED_0001
AUTHOR_SALT: Final = 0x5EED_0100
WORD_SALT: Final = 0x5EED_1000
BIGRAM_SALT: Final = 0x5EED_2000
_WEIGHT: Final = attrgetter("weight")


@dataclass(frozen=True, slots=True)
class Config:
    """The shape of the feature space: part of a saved model, so it is stored with it."""

    bits: int = 18
    char_min: int = 2
    char_max: int = 5
    link_words: bool = True  # the words of links in the body are hashed like the other words
    author_scale: float = 0.0  # length of the author name's hashed vector (0: not hashed at all)

    @property
    def n_hashed(self) -> int:
        return 1 << self.bits

    @property
    def n_columns(self) -> int:
        return self.n_hashed + signals.N_LEARNED


@dataclass(frozen=True, slots=True)
class FeatureBatch:
    n: int
    rows: hashing.I64
    cols: hashing.I64
    vals: F64
    offset: F64  # sum of prior weights per comment (log-odds)
    priors: list[list[signals.Prior]]
    words: hashing.Words  # content words, for explanations
    word_start: int  # where their entries begin in rows/cols/vals (one entry per word, in order)
    websites: list[str]  # host of the website field, "" if none
    # The content's word pairs, as rows, cols and vals. Three fields, not one (rows, cols, vals)
    # tuple: compiled by mypyc (1.18), a fixed-size tuple field of arrays is never freed.
    bigram_rows: hashing.I64
    bigram_cols: hashing.I64
    bigram_vals: F64
    joined: str  # content texts as packed, to read the words back
    shingles: list[hashing.U32]  # per comment: hashes of its character 5-grams (near-duplicates)
    has_text: list[bool]  # per comment: whether it has any hashed (text) entry
    n_dense: int  # the last ``n_dense`` entries are the learned signals' columns


def _unit(rows: hashing.I64, n: int, scale: float) -> tuple[F64, hashing.I64]:
    """Per-entry value that gives each comment's group L2 length ``scale`` (counting repeats),
    and the number of entries per comment."""
    counts = np.bincount(rows, minlength=n)
    values = (1.0 / np.sqrt(np.maximum(counts.astype(np.float64), 1.0)))[rows]
    return (values if scale == 1.0 else scale * values), counts  # times 1.0 changes no float


def _char_unit(
    packed: hashing.Packed, texts: list[str], config: Config, scale: float
) -> tuple[F64, hashing.I64]:
    """``_unit`` of the character n-grams, from the text lengths instead of the entries: a text
    padded to length p has ``max(p - n + 1, 0)`` n-grams of size n (an empty one has none, see
    ``_hashed``), and they come in text order for each n, so the values are a repeat, not a
    gather, and the counts need no pass over the entries."""
    padded = packed.starts[1:] - packed.starts[:-1]
    if not all(texts):
        padded[np.fromiter((not t for t in texts), dtype=bool, count=len(texts))] = 0
    shorter = np.arange(config.char_min - 1, config.char_max, dtype=np.int64)  # n - 1 for each size n
    windows = np.maximum(padded[None, :] - shorter[:, None], 0)  # [size, text]
    counts: hashing.I64 = windows.sum(axis=0)
    unit = 1.0 / np.sqrt(np.maximum(counts.astype(np.float64), 1.0))
    values = np.repeat(np.tile(unit, len(shorter)), windows.ravel())
    return (values if scale == 1.0 else scale * values), counts


@dataclass(frozen=True, slots=True)
class _Field:
    # (rows, columns, values): one part per n-gram size, then the words
    parts: list[tuple[hashing.I64, hashing.I64, F64]]
    packed: hashing.Packed
    words: hashing.Words
    grams: dict[int, tuple[hashing.I64, hashing.U32]]
    counts: hashing.I64  # entries per text


def _hashed(texts: list[str], salt: int, config: Config, scale: float = 1.0) -> _Field:
    """Character and word n-grams of ``texts``, each group scaled to length ``scale`` per text.

    An empty text has no n-grams: with short character n-grams its padding alone ("  ") would
    otherwise become an "empty field" feature, which the corpora's missing names would teach.
    """
    packed = hashing.pack(texts)
    grams = hashing.char_ngrams(packed, range(config.char_min, config.char_max + 1), salt)
    if config.char_min < 3 and not all(texts):
        empty = np.fromiter((not t for t in texts), dtype=bool, count=len(texts))
        grams = {n: (r[~empty[r]], h[~empty[r]]) for n, (r, h) in grams.items()}
    w = hashing.words(packed, salt + WORD_SALT)
    br, bh = hashing.bigrams(w, salt + BIGRAM_SALT)
    wrows = np.concatenate([w.row, br])
    values, counts = _char_unit(packed, texts, config, scale)  # size by size, as ``grams``
    word_values, word_counts = _unit(wrows, packed.n, scale)
    cuts = list(accumulate((len(r) for r, _ in grams.values()), initial=0))
    parts = [  # one part per n-gram size: the batch's arrays are joined once, by ``extract``
        (r, hashing.bucket(h, config.bits), values[begin:end])
        for (r, h), begin, end in zip(grams.values(), cuts[:-1], cuts[1:], strict=True)
    ]
    parts.append((wrows, hashing.bucket(np.concatenate([w.hash, bh]), config.bits), word_values))
    return _Field(parts, packed, w, grams, counts + word_counts)


@lru_cache(maxsize=4096)
def _author_text(name: str) -> str:
    """The author name as words; cached because the same names come back comment after comment."""
    return fold(prepare(name).text)


def extract(comments: Sequence[Mapping[str, Any]], config: Config) -> FeatureBatch:
    """Never raises on bad comments; see ``fields.read_fields``.

    The text steps that cost most per comment run once per batch: folding (``fold_many``), the
    lexicon tests (``signals.lexicon_in``) and, from ``columns.MIN_BATCH`` comments on, the
    signals one at a time over the batch (``columns``). The prior signals read the words around
    the links, so they get the text with the links removed, folded; the hashed content keeps the
    links' words (``Config.link_words``).
    """
    n = len(comments)
    batched = n >= columns.MIN_BATCH
    fields = read_many(comments) if batched else [read_fields(comment) for comment in comments]
    prepared = prepare_many([f.content for f in fields]) if batched else [prepare(f.content) for f in fields]
    links = find_links_many([p.text for p in prepared]) if batched else [find_links(p.text) for p in prepared]
    around = fold_many([found.stripped for found in links])
    linked = [i for i, found in enumerate(links) if found.count] if config.link_words else []
    contents = list(around)
    for i, folded in zip(linked, fold_many([links[i].read for i in linked]), strict=True):
        contents[i] = folded
    content = _hashed(contents, CONTENT_SALT, config)
    if batched and not linked:  # the hashed content is the text around the links: reuse its hashes
        phrases, lexicon = signals.lexicon_in_packed(content.packed, content.words, CONTENT_SALT + WORD_SALT)
    else:
        phrases, lexicon = signals.lexicon_in(around)
    if batched:
        dense_matrix = columns.learned(prepared, links, around)
        priors = columns.priors(columns.Batch(fields, prepared, links, around, phrases, lexicon))
    else:
        dense_matrix, priors = _signals_one_by_one(fields, prepared, links, around, phrases, lexicon)
    authors = [_author_text(f.author) if f.author else "" for f in fields] if config.author_scale else []
    websites = [host_of(f.url) if f.url else "" for f in fields]
    has_text = content.counts > 0
    author_parts = []  # empty names have no n-grams; with no name at all (the default) skip the work
    if any(authors):
        author = _hashed(authors, AUTHOR_SALT, config, config.author_scale)
        author_parts = author.parts
        has_text |= author.counts > 0
    dense_rows, dense_cols = np.nonzero(dense_matrix)
    parts = [
        *content.parts,
        *author_parts,
        (
            dense_rows.astype(np.int64),
            dense_cols.astype(np.int64) + config.n_hashed,
            dense_matrix[dense_rows, dense_cols],
        ),
    ]
    word_rows, word_cols, word_vals = content.parts[-1]  # the words, then the pairs of words
    first_pair = len(content.words.row)
    five_rows, five = content.grams.get(5) or hashing.char_ngrams(content.packed, [5], CONTENT_SALT)[5]
    cuts = np.searchsorted(five_rows, np.arange(n + 1)).tolist()
    return FeatureBatch(
        n=n,
        rows=np.concatenate([p[0] for p in parts]),
        cols=np.concatenate([p[1] for p in parts]),
        vals=np.concatenate([p[2] for p in parts]),
        offset=np.array([sum(map(_WEIGHT, ps)) for ps in priors], dtype=np.float64),  # in order, as before
        priors=priors,
        words=content.words,
        word_start=sum(len(part[0]) for part in content.parts[:-1]),
        bigram_rows=word_rows[first_pair:],
        bigram_cols=word_cols[first_pair:],
        bigram_vals=word_vals[first_pair:],
        websites=websites,
        joined=content.packed.joined,
        shingles=[five[cuts[i] : cuts[i + 1]] for i in range(n)],
        has_text=has_text.tolist(),
        n_dense=len(dense_rows),
    )


def _signals_one_by_one(
    fields: list[CommentFields],
    prepared: list[Prepared],
    links: list[Links],
    around: list[str],
    phrases: list[list[str]],
    lexicon: list[bool],
) -> tuple[F64, list[list[signals.Prior]]]:
    """The learned matrix and the priors of a small batch, a comment at a time: for a single
    check, one pass per signal over a batch of one costs more than the per-comment calls."""
    dense = [
        signals.learned(f, p, found, None, folded)
        for f, p, found, folded in zip(fields, prepared, links, around, strict=True)
    ]
    priors = [
        signals.priors(f, p, None, found, folded, hits, hold)
        for f, p, found, folded, hits, hold in zip(
            fields, prepared, links, around, phrases, lexicon, strict=True
        )
    ]
    return np.asarray(dense, dtype=np.float64).reshape(len(fields), signals.N_LEARNED), priors
