"""Hashes are stable across processes and a comment's features never depend on its batch."""

from __future__ import annotations

import subprocess
import sys

import numpy as np

from rejoinder.spam import hashing
from rejoinder.spam.features import Config, extract

SCRIPT = """
from rejoinder.spam import hashing
p = hashing.pack(["hello world", "zürich straße"])
grams = hashing.char_ngrams(p, [3], 7)[3][1]
print(",".join(str(int(x)) for x in hashing.bucket(grams, 18)))
"""


def test_hashes_are_the_same_in_another_process_with_another_hash_seed() -> None:
    here = hashing.char_ngrams(hashing.pack(["hello world", "zürich straße"]), [3], 7)[3][1]
    expected = ",".join(str(int(x)) for x in hashing.bucket(here, 18))
    for seed in ("1", "2"):
        out = subprocess.run(
            [sys.executable, "-c", SCRIPT],
            capture_output=True,
            text=True,
            check=True,
            env={"PYTHONHASHSEED": seed, "PATH": ""},
        )
        assert out.stdout.strip() == expected


def test_char_ngrams_stay_inside_their_text() -> None:
    packed = hashing.pack(["ab", "cd"])  # " ab  cd "
    rows, hashes = hashing.char_ngrams(packed, [3], 0)[3]
    assert rows.tolist() == [0, 0, 1, 1]  # " ab", "ab " | " cd", "cd "
    alone = hashing.char_ngrams(hashing.pack(["cd"]), [3], 0)[3][1]
    assert hashes[2:].tolist() == alone.tolist()


def test_words_and_bigrams() -> None:
    packed = hashing.pack(["one two three", "", "four"])
    w = hashing.words(packed, 1)
    assert [packed.joined[b:e] for b, e in zip(w.begin, w.end, strict=True)] == [
        "one",
        "two",
        "three",
        "four",
    ]
    assert w.row.tolist() == [0, 0, 0, 2]
    rows, _ = hashing.bigrams(w, 2)
    assert rows.tolist() == [0, 0]  # no pair spans two texts


def test_same_ngram_same_hash_wherever_it_appears() -> None:
    packed = hashing.pack(["casino", "big casino"])
    w = hashing.words(packed, 5)
    assert w.hash[0] == w.hash[2]


def test_features_do_not_depend_on_the_neighbours_in_a_batch() -> None:
    config = Config()
    comment = {"content": "Cheap pills at example.com!!!", "author": "Pill Shop"}
    alone = extract([comment], config)
    batch = extract([{"content": "something else entirely"}, comment, {"author": "x"}], config)
    mine = batch.rows == 1
    assert sorted(zip(alone.cols.tolist(), alone.vals.tolist(), strict=True)) == sorted(
        zip(batch.cols[mine].tolist(), batch.vals[mine].tolist(), strict=True)
    )
    assert alone.offset[0] == batch.offset[1]


def test_each_field_group_has_unit_length() -> None:
    batch = extract([{"content": "one two three four"}], Config())
    hashed = batch.cols < Config().n_hashed
    # content chars, content words, author chars, author words: each group sums squares to 1
    assert np.isclose((batch.vals[hashed] ** 2).sum(), 2.0)
