"""POST, PUT and DELETE of comments. Shapes and types are checked here (pydantic); the rules
(required fields, tokens, limits, the spam check) are the comment service's."""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Header, Request
from fastapi.responses import JSONResponse, Response
from starlette.datastructures import Headers
from starlette.types import Scope

from rejoinder.errors import Forbidden, ValidationError
from rejoinder.services.comments import PostRequest
from rejoinder.web.api import post_json
from rejoinder.web.api.deps import ERRORS, CommentId, client_ip, comments_of, require_origin_of, scope_ip
from rejoinder.web.api.schemas import (
    CommentIn,
    DeletedOut,
    EditedOut,
    EditIn,
    PostedOut,
    comment_dict,
    posted_dict,
)

router = APIRouter(responses=ERRORS)


@router.post("/api/comments", status_code=201, response_model=PostedOut)
async def post_comment(request: Request, body: CommentIn) -> Response:
    """Post a comment or a reply. Spam looks exactly like a held comment to its author.

    A well-formed JSON post is answered by ``PostFastPath`` before it reaches this route; this
    route answers the rest (and gives the OpenAPI document its shape), with the same ``answer``."""
    return await answer_post(request.scope, body, request.headers)


async def answer_post(scope: Scope, body: CommentIn, headers: Headers) -> Response:
    """The one way a post is answered, whether through the route or ``PostFastPath``."""
    app = scope["app"]
    await require_origin_of(scope, headers, body.site)
    posted = await app.state.services.comments.post(
        PostRequest(
            site_id=body.site,
            uri=body.uri,
            text=body.text,
            form_token=body.form_token,
            title=body.title,
            parent_id=body.parent_id,
            author=body.author,
            email=body.email,
            website=body.website,
            honeypot=body.website_url,
            ip=scope_ip(scope),
            user_agent=headers.get("user-agent", ""),
        )
    )
    return post_json.answer(posted_dict(posted), 201)  # JSONResponse's bytes, for less CPU


@router.put("/api/comments/{comment_id}", response_model=EditedOut)
async def edit_comment(request: Request, comment_id: CommentId, body: EditIn) -> JSONResponse:
    """Change one's own comment within the edit window; the spam check runs again."""
    edited = await comments_of(request).edit(
        comment_id,
        body.text,
        body.edit_token,
        ip=client_ip(request),
        user_agent=request.headers.get("user-agent", ""),
    )
    return JSONResponse(
        {"comment": comment_dict(edited.comment), "status": edited.status.value, "message": edited.message}
    )


@router.delete("/api/comments/{comment_id}", response_model=DeletedOut)
async def delete_comment(
    request: Request,
    comment_id: CommentId,
    x_edit_token: Annotated[str | None, Header(max_length=1000)] = None,
) -> DeletedOut:
    """Delete one's own comment within the edit window (token in X-Edit-Token or a JSON body)."""
    token = x_edit_token or await _token_from_body(request)
    await comments_of(request).delete(comment_id, token)
    return DeletedOut(deleted=True)


async def _token_from_body(request: Request) -> str:
    raw = await request.body()
    if not raw.strip():
        raise Forbidden("Send the edit token in the X-Edit-Token header.", field="edit_token")
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise ValidationError("The body is not valid JSON.", field=None) from None
    token = data.get("edit_token") if isinstance(data, dict) else None
    if not isinstance(token, str) or not token:
        raise ValidationError("edit_token must be a string.", field="edit_token")
    return token
