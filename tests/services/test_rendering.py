"""``render_markdown``'s shortcut for plain prose writes exactly what the parser and sanitiser write.

The shortcut (``rendering._plain_html``) is only allowed where its output is provably the same, so
these tests compare it with the full path (markdown-it, then nh3) on generated plain texts, on
texts that must not take it, and on the benchmark's sentences.
"""

from __future__ import annotations

import nh3
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rejoinder.services import rendering
from rejoinder.services.rendering import render_markdown


def full_path(text: str) -> str:
    """The parser and the sanitiser, as ``render_markdown`` runs them when the shortcut declines."""
    return nh3.clean(
        rendering._markdown.render(text),
        tags=set(rendering.ALLOWED_TAGS),
        attributes={tag: set(attrs) for tag, attrs in rendering.ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(rendering.URL_SCHEMES),
        link_rel=rendering.LINK_REL,
    ).strip()


LETTERS = st.sampled_from([*"aZq", "é", "ß", "Ω", "ﬁ", "中", "ǅ", "ª", "ا", "ก", "𝔄", "ʰ", "Ա"])
INSIDE = st.one_of(LETTERS, st.sampled_from([*"09 .,;:!?'\"()/%$@#+=-^{}|", "  "]))
LINE = st.builds(lambda first, rest: first + "".join(rest), LETTERS, st.lists(INSIDE, max_size=30))
TEXT = st.lists(st.one_of(LINE, st.just("")), min_size=1, max_size=6).map("\n".join)


@settings(max_examples=800, deadline=None)
@given(TEXT)
def test_plain_prose_renders_as_the_parser_would(text: str) -> None:
    shortcut = rendering._plain_html(text)
    if text.strip() and not any(line.endswith(" ") for line in text.split("\n")):
        assert shortcut is not None  # the generator's texts are plain unless a line ends in a space
    assert render_markdown(text) == full_path(text)


@settings(max_examples=800, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40))
def test_any_text_renders_as_the_parser_would(text: str) -> None:
    assert render_markdown(text) == full_path(text)


@pytest.mark.parametrize(
    "text",
    [
        "1. a list item",  # a digit first: an ordered list
        "Some *emphasis* here",
        "snake_case_word",
        "a [link](https://example.org)",
        "an `inline` code",
        "a <b>tag</b>",
        "fish &amp; chips",
        "a\\*b",
        "a\tb",
        " leading space",
        "trailing space ",
        "Heading\n===",
        "line\n- item",
        "line\n# heading",
        "a\u00a0b",  # nh3 writes &nbsp;
        "e\u0301",  # a combining mark
        "caf\u00e9\r\nnext",
    ],
)
def test_markdown_and_odd_characters_take_the_full_path(text: str) -> None:
    assert rendering._plain_html(text) is None
    assert render_markdown(text) == full_path(text)


def test_the_benchmark_sentences_render_alike() -> None:
    from bench.api_vs_isso import SENTENCES

    for i in range(len(SENTENCES)):
        text = f"{SENTENCES[i]} {SENTENCES[(i * 3 + 1) % len(SENTENCES)]} ({i})"
        assert render_markdown(text) == full_path(text)
    assert rendering._plain_html(SENTENCES[0]) == f"<p>{SENTENCES[0]}</p>"
