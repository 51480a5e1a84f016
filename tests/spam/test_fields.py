"""Any mapping, however broken, becomes a clean ``CommentFields``."""

from __future__ import annotations

from typing import Any

import pytest

from rejoinder.spam.fields import MAX_TEXT, read_fields


def test_akismet_and_short_names_are_equivalent() -> None:
    akismet = read_fields(
        {
            "comment_content": "hi",
            "comment_author": "Ann",
            "comment_author_email": "a@b.c",
            "comment_author_url": "http://x.org",
            "user_ip": "1.2.3.4",
        }
    )
    short = read_fields(
        {
            "content": "hi",
            "author": "Ann",
            "author_email": "a@b.c",
            "author_url": "http://x.org",
            "author_ip": "1.2.3.4",
        }
    )
    assert akismet == short
    assert akismet.content == "hi"
    assert akismet.url == "http://x.org"
    assert akismet.ip == "1.2.3.4"


@pytest.mark.parametrize("value", [None, 12, 3.5, True, ["a"], {"a": 1}, b"bytes \xff"])
def test_wrong_types_are_coerced_or_ignored(value: Any) -> None:
    fields = read_fields({"content": value, "author": value, "seconds_on_page": value, "honeypot": value})
    assert isinstance(fields.content, str)
    assert isinstance(fields.author, str)
    assert fields.seconds_on_page is None or fields.seconds_on_page >= 0


def test_numbers_become_text_but_booleans_do_not() -> None:
    assert read_fields({"content": 42}).content == "42"
    assert read_fields({"content": True}).content == ""


def test_nul_and_lone_surrogates_are_removed() -> None:
    fields = read_fields({"content": "a\x00b\ud800c", "author": "\udfffx"})
    assert fields.content == "abc"
    assert fields.author == "x"
    fields.content.encode("utf-8")  # would raise on a surrogate


def test_huge_text_is_cut_but_its_length_kept() -> None:
    fields = read_fields({"content": "x" * 1_000_000})
    assert len(fields.content) == MAX_TEXT
    assert fields.raw_length == 1_000_000


def test_not_a_mapping_is_an_empty_comment() -> None:
    for value in (None, "text", 5, ["content"]):
        assert read_fields(value).content == ""


def test_first_non_empty_alias_wins() -> None:
    assert read_fields({"comment_content": "", "content": "second"}).content == "second"


@pytest.mark.parametrize(
    ("raw", "expected"), [("2.5", 2.5), (-1, None), ("nan", None), ("soon", None), (1e300, 1e9)]
)
def test_seconds_on_page(raw: Any, expected: float | None) -> None:
    assert read_fields({"seconds_on_page": raw}).seconds_on_page == expected
