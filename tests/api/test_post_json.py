"""``post_json`` reads a post's body and writes its answer as the standard ways do, byte for byte.

The answer: orjson against Starlette's ``JSONResponse`` over every value a post's answer can hold
(any text, surrogates and control characters included; any int; nesting), and the fallback for
what orjson refuses. The body: pydantic's one-pass parse against ``json.loads`` then the model,
over hostile bodies; whenever the one pass accepts, the model must be the one the old way gives.
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from starlette.responses import JSONResponse

from rejoinder.web.api.post_json import answer, comment_in
from rejoinder.web.api.schemas import CommentIn

TEXT = st.text() | st.text(alphabet=st.characters(max_codepoint=0x9F)) | st.sampled_from(["\ud800", "\u2028"])
SCALARS = st.none() | st.booleans() | st.integers() | st.integers(min_value=-(2**70), max_value=2**70) | TEXT
ANSWERS = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(TEXT, ANSWERS, max_size=6), st.sampled_from([200, 201]))
def test_an_answer_is_the_bytes_and_headers_json_response_writes(
    content: dict[str, Any], status: int
) -> None:
    try:
        expected = JSONResponse(content, status_code=status)
    except (UnicodeEncodeError, ValueError):  # a lone surrogate: the old way failed, so does the new
        try:
            answer(content, status)
        except (UnicodeEncodeError, ValueError):
            return
        raise AssertionError("an answer JSONResponse cannot write was written") from None
    got = answer(content, status)
    assert got.body == expected.body
    assert got.status_code == expected.status_code
    assert got.raw_headers == expected.raw_headers


def test_what_orjson_refuses_is_answered_by_json_response() -> None:
    huge = {"comment": {"id": 2**64 + 1, "html": "<p>é</p>"}}
    assert answer(huge, 201).body == JSONResponse(huge, status_code=201).body


FIELDS = {"site": 3, "uri": "/a", "text": "Hello", "form_token": "t"}
VALUES = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=-(2**80), max_value=2**80)
    | st.floats(allow_nan=True, allow_infinity=True)
    | TEXT
    | st.lists(st.integers(), max_size=2)
)
NAMES = st.sampled_from([*CommentIn.model_fields, "extra"])


def _body(pairs: list[tuple[str, Any]], ascii_only: bool, bom: bool) -> bytes:
    """A JSON object written pair by pair, so a name may appear twice (the last one counts)."""
    items = ", ".join(
        f"{json.dumps(name)}: {json.dumps(value, ensure_ascii=ascii_only)}" for name, value in pairs
    )
    text = "{" + items + "}"
    return ("\ufeff" if bom else "").encode() + text.encode("utf-8", "surrogatepass")


@settings(max_examples=800, deadline=None)
@given(st.lists(st.tuples(NAMES, VALUES), max_size=6), st.booleans(), st.booleans(), st.booleans())
def test_a_body_is_read_into_the_model_the_old_way_gives(
    changes: list[tuple[str, Any]], ascii_only: bool, bom: bool, keep_fields: bool
) -> None:
    pairs = [*(FIELDS.items() if keep_fields else ()), *changes]
    body = _body(pairs, ascii_only, bom)
    try:
        old: CommentIn | None = CommentIn.model_validate(json.loads(body))
    except (ValueError, ValidationError):
        old = None
    new = comment_in(body)
    assert (new is None) == (old is None)
    if new is not None:
        assert new.model_dump() == old.model_dump()  # type: ignore[union-attr]
        assert [type(v) for v in new.model_dump().values()] == [type(v) for v in old.model_dump().values()]  # type: ignore[union-attr]


def test_bodies_only_json_loads_reads_still_take_the_fast_path() -> None:
    plain = json.dumps(FIELDS)
    for body in (b"\xef\xbb\xbf" + plain.encode(), plain.encode("utf-16")):
        assert comment_in(body) == CommentIn.model_validate(FIELDS)
    assert comment_in(b'{"site": 3, "uri": "/a", "text": "a\\ud800", "form_token": "t"}') is None
    assert comment_in(b"not json") is None
