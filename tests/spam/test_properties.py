"""Hypothesis: no input, however strange, crashes the engine or escapes [0, 1]."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rejoinder.domain import Decision
from rejoinder.spam import Engine, fingerprint
from rejoinder.spam.features import Config, extract

FIELDS = [
    "comment_content", "content", "comment_author", "author", "comment_author_email", "author_email",
    "comment_author_url", "author_url", "user_ip", "user_agent", "referrer", "comment_type", "honeypot",
    "seconds_on_page", "blog_lang", "id",
]  # fmt: skip
ODD_TEXT = st.sampled_from(
    [
        "\x00",
        "\ud800",
        "\udfff",
        "\u202e",
        "\u200b" * 50,
        "ﷺ" * 30,
        "𝕮𝖆𝖘𝖎𝖓𝖔",
        "a" * 5000,
        "<a href=",
        "[url=",
        "&#x0;",
    ]
)
TEXT = st.one_of(
    st.text(),
    st.text(alphabet=st.characters(codec=None)),
    ODD_TEXT,
    st.binary().map(lambda b: b.decode("latin-1")),
)
VALUE = st.one_of(
    TEXT,
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
    st.binary(max_size=50),
)
COMMENT = st.dictionaries(st.sampled_from(FIELDS), VALUE, max_size=len(FIELDS))
ENGINE = Engine.load()


def valid(verdict: Any) -> bool:
    return 0.0 <= verdict.score <= 1.0 and not math.isnan(verdict.score) and verdict.decision in set(Decision)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(COMMENT)
def test_any_comment_gets_a_valid_verdict(comment: dict[str, Any]) -> None:
    verdict = ENGINE.check(comment)
    assert valid(verdict)
    json.dumps(verdict.to_json())  # reasons are always serialisable


@settings(max_examples=60, deadline=None)
@given(st.lists(COMMENT, max_size=8))
def test_batches_equal_single_checks(comments: list[dict[str, Any]]) -> None:
    assert ENGINE.check_many(comments) == [ENGINE.check(c) for c in comments]


@settings(max_examples=100, deadline=None)
@given(st.one_of(st.none(), st.integers(), st.text(), st.lists(st.text())))
def test_non_mappings_are_empty_comments(value: Any) -> None:
    assert valid(ENGINE.check(value))


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_fingerprint_is_total_and_hex(text: str) -> None:
    result = fingerprint(text)
    assert len(result) == 32
    int(result, 16)


@settings(max_examples=100, deadline=None)
@given(st.lists(TEXT, min_size=1, max_size=4))
def test_feature_values_are_finite(texts: list[str]) -> None:
    batch = extract([{"content": t, "author": t} for t in texts], Config())
    assert all(math.isfinite(v) for v in batch.vals.tolist())
    assert batch.rows.max(initial=0) < len(texts)
    assert batch.cols.max(initial=0) < Config().n_columns


@settings(max_examples=30, deadline=None)
@given(COMMENT, st.booleans())
def test_learning_then_unlearning_any_comment_restores_scores(comment: dict[str, Any], is_spam: bool) -> None:
    site = ENGINE.new_site_model()
    probe = [comment, {"content": "an ordinary remark about the weather"}]
    site.learn(comment, is_spam)
    assert all(valid(v) for v in ENGINE.check_many(probe, site_model=site))
    assert site.unlearn(comment, is_spam)
    assert ENGINE.check_many(probe, site_model=site) == ENGINE.check_many(probe)


def test_a_one_megabyte_hostile_comment() -> None:
    nasty = ("\u202e\u200bcаsinо\x00\ud800 http://x.xyz " * 40_000)[:1_000_000]
    verdict = ENGINE.check({"comment_content": nasty, "comment_author": nasty, "comment_author_url": nasty})
    assert valid(verdict)
    assert any("very long" in r.text for r in verdict.reasons) or verdict.score > 0.5


@settings(max_examples=15, deadline=None)
@given(
    st.lists(
        st.one_of(
            COMMENT.map(lambda c: json.dumps(c, default=repr)),
            st.text(max_size=40).filter(lambda s: "\n" not in s and "\r" not in s),
        ),
        max_size=6,
    )
)
def test_cli_answers_every_line(lines: list[str]) -> None:
    stdin = "".join(line + "\n" for line in lines).encode("utf-8", "surrogatepass")
    done = subprocess.run(
        [sys.executable, "-m", "rejoinder", "classify"],
        input=stdin,
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout.decode().splitlines()
    assert len(out) == len(lines)
    for line in out:
        record = json.loads(line)
        assert ("error" in record) or (0.0 <= record["score"] <= 1.0)
