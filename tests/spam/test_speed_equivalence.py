"""Speed work must not change answers: the text plumbing reproduces its golden outputs exactly.

The fixture (``data/speed_golden.json``, written by ``tests/spam/golden_speed.py`` from the code
before the speed work) pins ``read_fields``, ``prepare``, ``fold``, ``fingerprint``,
``find_links``, ``host_of`` and every hashing function on a few hundred real and hostile cases.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import pytest

from tests.spam import golden_speed as golden


@cache
def fixture() -> dict[str, Any]:
    return dict(json.loads(golden.FIXTURE.read_text(encoding="utf-8")))


def _inputs() -> list[tuple[str, Any, bool]]:
    """(label, input, is_comment) in the fixture's order."""
    comments = [*fixture()["comments"], *golden.HOSTILE_COMMENTS]
    out = [(f"comment {i}: {str(c)[:60]!r}", c, True) for i, c in enumerate(comments)]
    return out + [(f"text {i}: {t[:60]!r}", t, False) for i, t in enumerate(golden.HOSTILE_TEXTS)]


def test_the_fixture_matches_the_cases() -> None:
    assert len(fixture()["cases"]) == len(_inputs()), "cases changed: regenerate with golden_speed"
    assert len(fixture()["comments"]) >= 300


@pytest.mark.parametrize("index", range(0, 400, 50))
def test_each_case_gives_its_golden_outputs(index: int) -> None:
    """In blocks of 50, so a failure names the case and the function that changed."""
    for (label, value, is_comment), expected in list(zip(_inputs(), fixture()["cases"], strict=True))[
        index : index + 50
    ]:
        if is_comment:
            got = {**golden.comment_outputs(value), **golden.text_outputs(golden.read_fields(value).content)}
        else:
            got = golden.text_outputs(value)
        changed = sorted(key for key in expected if got.get(key) != expected[key])
        assert not changed, f"{label}: output of {changed} changed"


def test_a_one_megabyte_text_gives_its_golden_outputs() -> None:
    got = golden.text_outputs(golden.big_text())
    expected = fixture()["big_text"]
    assert got == expected, sorted(k for k in expected if got[k] != expected[k])


def test_hashing_gives_its_golden_arrays_for_any_chunking() -> None:
    comments = [*fixture()["comments"], *golden.HOSTILE_COMMENTS]
    got = golden.hashing_outputs(golden.folded_texts(comments, golden.HOSTILE_TEXTS))
    assert got == fixture()["hashing"]


def test_the_digests_notice_a_change() -> None:
    """The check can fail: one changed character changes a digest."""
    a = golden.text_outputs("cheap c4sino at example.com")
    b = golden.text_outputs("cheap c4sino at example.co")
    assert a["find_links"] != b["find_links"]
    assert a["fold_raw"] != b["fold_raw"]
