"""A comment post's JSON, read and written at a fraction of the cost, with the same results.

Why it exists: every post parses one JSON body and writes one JSON answer, and on the post path
(which is CPU-bound on two cores, see bench/RESULTS.md, "Comments API speed") the standard ways
cost more than they need to. Counted with callgrind over 1,000 calls (session 9), against about
3 million instructions for a whole post:

- the answer: Starlette's ``JSONResponse`` (``json.dumps`` with its options, which builds a new
  encoder on every call) 76k instructions; orjson's bytes in a plain ``Response`` 17k;
- the body: ``json.loads`` then ``CommentIn.model_validate`` 55k; pydantic parsing and validating
  in one pass (``model_validate_json``) 25k.

What guards the equivalence:

- ``answer``: for what a post's answer holds (str, int, bool, None, and lists and dicts of them
  with str keys; never a float, whose spelling the two libraries may differ on), orjson writes
  exactly the bytes ``JSONResponse`` writes (UTF-8, no spaces, non-ASCII as is, the same escapes).
  Anything orjson refuses (a lone surrogate, an int beyond 64 bits) is answered by
  ``JSONResponse`` as before. ``tests/api/test_post_json.py`` holds
  the two to the same bytes with Hypothesis, and the fast-path test to the same answers.
- ``comment_in``: a body pydantic's own parser accepts gives the model ``json.loads`` then
  ``model_validate`` would (same test file, Hypothesis over hostile bodies: surrogates, duplicate
  keys, big and float numbers, NaN, a byte-order mark). A body it refuses is read the old way,
  so what the fast path takes, and what it leaves to FastAPI's route, is unchanged.
"""

from __future__ import annotations

import json
from typing import Any

import orjson
from pydantic import ValidationError as ModelError
from starlette.responses import JSONResponse, Response

from rejoinder.web.api.schemas import CommentIn

MEDIA_TYPE = "application/json"


def answer(content: dict[str, Any], status_code: int) -> Response:
    """``JSONResponse(content, status_code)``, byte for byte, for a post's answer."""
    try:
        body = orjson.dumps(content)
    except orjson.JSONEncodeError:  # a lone surrogate, an int beyond 64 bits...: as before
        return JSONResponse(content, status_code=status_code)
    return Response(body, status_code=status_code, media_type=MEDIA_TYPE)


def comment_in(body: bytes) -> CommentIn | None:
    """The body as FastAPI's route would read it (``json.loads``, then the model in Python mode),
    or ``None`` where the route must answer (bad JSON, a body the model refuses)."""
    try:
        return CommentIn.model_validate_json(body)
    except ModelError:  # bad JSON or a refused body; or one only json.loads reads (a BOM, UTF-16)
        pass
    try:
        return CommentIn.model_validate(json.loads(body))
    except (ValueError, ModelError):  # json's errors are ValueErrors
        return None
