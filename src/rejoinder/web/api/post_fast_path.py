"""``POST /api/comments`` past FastAPI's routing, for the well-formed posts that are nearly all of them.

Posting is the API's hottest write, and after the service's own work got cheaper, the framework
around it (route matching, dependency solving, the exception and exit-stack middleware, the
request object) cost a large share of a post's CPU. ``PostFastPath`` answers a post whose body is
JSON that ``CommentIn`` accepts, validated the way FastAPI would (``json.loads``, then the model in
Python mode, or pydantic's one pass where that is the same: ``post_json``), with the route's own
``answer_post``; a refusal (``RejoinderError``) is answered by the app's own handler for it.
Anything else (another content type, bad JSON, a body the model refuses, a root path) goes on to
the route unchanged, with the body replayed, so FastAPI still writes every validation error. It
sits inside CORS and the body limit, so both still apply.
"""

from __future__ import annotations

from typing import Any

from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from rejoinder.errors import RejoinderError
from rejoinder.web.api.post_json import comment_in
from rejoinder.web.api.schemas import CommentIn
from rejoinder.web.api.writing import answer_post
from rejoinder.web.request_body import read_body

PATH = "/api/comments"


class PostFastPath:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["path"] != PATH
            or scope["method"] != "POST"
            or scope.get("root_path")
        ):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        body = await read_body(receive)
        replay = body.replay
        body_in = _comment_in(headers, body.data) if body.complete else None
        if body_in is None:  # the route answers, and FastAPI says what is wrong
            await self.app(scope, replay, send)
            return
        try:
            response = await answer_post(scope, body_in, headers)
        except RejoinderError as exc:  # the app's own handler: the one error shape, Retry-After...
            response = await _handler_for(scope, exc)(Request(scope, replay), exc)
        await response(scope, replay, send)


def _handler_for(scope: Scope, exc: RejoinderError) -> Any:
    """The handler the app registered for this error, found as Starlette finds it (by the MRO)."""
    handlers = scope["app"].exception_handlers
    return next(handlers[cls] for cls in type(exc).__mro__ if cls in handlers)


def _comment_in(headers: Headers, body: bytes) -> CommentIn | None:
    """The body as FastAPI would read it for the route, or ``None`` where the route must answer."""
    kind = headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if kind != "application/json" or not body:
        return None
    return comment_in(body)  # parsed and validated in one pass where that gives the same model
