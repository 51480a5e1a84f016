"""The engine builds ``Reason`` and ``Verdict`` through their slot descriptors (cheaper than a
frozen dataclass's ``__init__``). These tests pin the result to the constructor's, and fail if
either domain class gains a field the fast builders would leave unset."""

from __future__ import annotations

import copy
import dataclasses
import json

import pytest

from rejoinder.domain import Decision, Reason, Verdict
from rejoinder.spam.engine import new_verdict
from rejoinder.spam.explain import new_reason


def test_the_fast_builders_cover_every_field() -> None:
    assert [f.name for f in dataclasses.fields(Reason)] == ["text", "weight"]
    assert [f.name for f in dataclasses.fields(Verdict)] == ["score", "decision", "reasons"]


@pytest.mark.parametrize(
    ("text", "weight"), [("3 links", 1.8), ("wording typical of genuine comments", -0.71)]
)
def test_new_reason_is_the_constructed_reason(text: str, weight: float) -> None:
    fast, slow = new_reason(text, weight), Reason(text, weight)
    assert type(fast) is Reason
    assert fast == slow
    assert hash(fast) == hash(slow)
    assert repr(fast) == repr(slow)
    assert fast.to_json() == slow.to_json()
    assert copy.copy(fast) == slow
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.weight = 0.0  # type: ignore[misc]


def test_new_verdict_is_the_constructed_verdict() -> None:
    found = (new_reason("a link shortener", 2.1), new_reason("3 links", 1.8))
    fast, slow = new_verdict(0.93, Decision.SPAM, found), Verdict(0.93, Decision.SPAM, found)
    assert type(fast) is Verdict
    assert fast == slow
    assert hash(fast) == hash(slow)
    assert repr(fast) == repr(slow)
    assert json.dumps(fast.to_json()) == json.dumps(slow.to_json())
    assert copy.deepcopy(fast) == slow
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.score = 0.0  # type: ignore[misc]
