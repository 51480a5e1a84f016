"""Session-7 speed work keeps every answer: the batch link finder, the disguise rewrite tried only
where a chain may start, and the n-gram windows kept by the texts' ends each equal the code they
replaced, kept here as the reference, on real comments and on fuzzed strings built to hit them."""

from __future__ import annotations

import random
import re

import numpy as np
import pytest

from rejoinder.spam import hashing, urls
from rejoinder.spam.fields import read_fields
from rejoinder.spam.links_batch import _marked, find_links_many
from rejoinder.spam.normalise import prepare
from tests.spam import golden_speed as golden

_LINKISH = [
    "a", "ab", "x-y", "-", "example", " ", "  ", "\t", "\n", " . ", ".", " dot ", "dot", "[.]", "(dot)",
    "{ . }", "[ dot ]", "[", "(", "{", "<", "<a href=x>", "<a\thref", "[url=x]", "[link]", "[url]", "com",
    "co",
    "uk", "org", "it", "in", "é", "1", "site", "\u2003", "\x1c", "]", ")", "x.com", "www.shop.xyz",
    "http://bit.ly/x", "e.g.", "...", "w w w", "s h o p", "/p", "/page (dot) html", "then", "k",
]  # fmt: skip


def _fuzzed(seed: int, n: int, pieces: list[str]) -> list[str]:
    rng = random.Random(seed)
    joins = ["", " ", "", "  "]
    return [
        "".join(rng.choice(pieces) + rng.choice(joins) for _ in range(rng.randint(0, 14))) for _ in range(n)
    ]


@pytest.fixture(scope="module")
def texts() -> list[str]:
    comments = [*golden.sample_comments(seed=7), *golden.HOSTILE_COMMENTS]
    bodies = [read_fields(c).content for c in comments] + golden.HOSTILE_TEXTS
    return [prepare(body).text for body in bodies] + _fuzzed(3, 6000, _LINKISH)


@pytest.mark.parametrize("size", [1, 15, 16, 17, 256])
def test_links_of_a_batch_equal_links_one_by_one(texts: list[str], size: int) -> None:
    for start in range(0, len(texts), size):
        chunk = texts[start : start + size]
        assert find_links_many(chunk) == [urls.find_links(text) for text in chunk]


def test_the_batch_marks_skip_no_text_with_a_link() -> None:
    """Every text the marks turn away gives ``find_links``' "no link" answer, and the fuzz hits
    every kind of link: the pre-filter is not vacuous."""
    fuzzed = [text for text in _fuzzed(5, 20_000, _LINKISH) if text.isascii()]
    marked = set(_marked(fuzzed, list(range(len(fuzzed)))))
    for i, text in enumerate(fuzzed):
        if i not in marked:
            assert urls.find_links(text) == urls.Links((), 0, 0, 0, text, text), repr(text)
    found = [urls.find_links(text) for text in fuzzed]
    assert sum(bool(f.hosts) for f in found) > 1000
    assert all(sum(bool(getattr(f, k)) for f in found) > 100 for k in ("disguised", "html_anchors", "bbcode"))
    assert len(marked) < len(fuzzed)


def test_a_text_holding_a_nul_is_read_alone() -> None:
    texts = ["plain words"] * 20 + ["see\x00example.com", "x.y"]
    assert find_links_many(texts) == [urls.find_links(text) for text in texts]


def _rewrite_reference(text: str) -> tuple[str, int]:
    """The rewrite as it was: ``_CHAIN.sub`` over the whole text, with the same replacement."""
    found = 0

    def plain(match: re.Match[str]) -> str:
        nonlocal found
        written = match.group("host")
        labels = urls._JOINER.split(written)
        kept = len(labels)
        while kept > 1 and not urls._domain_end(labels[kept - 1], labels[0]):
            kept -= 1
        squeezed = ["".join(label.split()) for label in labels[:kept]]
        if kept < 2 or len(squeezed[-2]) < 2:
            return match.group(0)
        found += 1
        host = ".".join(squeezed)
        if kept < len(labels):
            joints = list(urls._JOINER.finditer(written))
            return host + ". " + match.group(0)[joints[kept - 1].end() :]
        return host + urls._JOINER.sub(".", match.group("path") or "")

    return urls._CHAIN.sub(plain, text), found


def test_the_rewrite_from_chain_starts_equals_a_full_scan(texts: list[str]) -> None:
    pieces = [*_LINKISH, "ro", "net", "\u00a0", "a.b.c", "my-site", "x1", "  .  ", "w w w."]
    fuzzed = _fuzzed(11, 40_000, pieces)
    found = 0
    for text in [*texts, *fuzzed]:
        rewritten = urls._rewrite(text)
        assert rewritten == _rewrite_reference(text), repr(text)
        found += rewritten[1] > 0
    assert found > 2000


@pytest.mark.parametrize("size", [1, 3, 256])
def test_ngram_windows_kept_by_text_ends_equal_the_room_test(texts: list[str], size: int) -> None:
    for start in range(0, 2000, size):
        packed = hashing.pack(texts[start : start + size])
        total = len(packed.joined)
        lengths = np.diff(packed.starts)
        end_of = np.repeat(packed.starts[1:], lengths)
        assert np.array_equal(packed.end_of, end_of)
        room = end_of - np.arange(total)
        for n in (1, 2, 3, 4, 5, 9):
            m = max(total - n + 1, 0)
            assert np.array_equal(hashing._inside(packed.starts[1:], n, m), room[:m] >= n)
