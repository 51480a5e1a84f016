"""``byte_counts.ascii_counts`` counts what a per-text count counts, whatever the texts hold."""

from __future__ import annotations

import random

import pytest

from rejoinder.spam.byte_counts import ascii_counts
from rejoinder.spam.normalise import prepare, prepare_many

_PIECES = ["", "a", "ABC", "123", "９", "٣", "²", "É", "😂", "\ud800", "\x00", "x\x00y", "Zz9", " ", "\n"]


def _counted(texts: list[str], low: str, high: str) -> list[int]:
    return [sum(low <= char <= high for char in text) for text in texts]


@pytest.mark.parametrize(("low", "high"), [("0", "9"), ("A", "Z")])
def test_counts_equal_a_count_per_text(low: str, high: str) -> None:
    rng = random.Random(3)
    for _ in range(2000):
        texts = [
            "".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 6))) for _ in range(rng.randint(0, 20))
        ]
        assert ascii_counts(texts, low, high) == _counted(texts, low, high), texts


def test_a_text_with_a_nul_is_still_counted_as_its_own() -> None:
    assert ascii_counts(["a1\x002", "", "33"], "0", "9") == [2, 0, 2]


def test_prepare_many_equals_prepare_one_by_one() -> None:
    texts = ["Plain ASCII", "with &amp; entity", "caf\u00e9", "\ufeffbom", "", "ＣＡＳＩＮＯ", "a\u200bb"]
    assert prepare_many(texts) == [prepare(text) for text in texts]
