"""``POST``/``DELETE /api/comments/{id}/like`` and ``POST /api/comments/{id}/report``.

Readers need no token or account for these: one like per reader comes from the service's keyed
hash of their address. Writes from a browser must come from an origin the site allows, as for
posts."""

from __future__ import annotations

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from rejoinder.domain import ReportReason
from rejoinder.services.placing import Placed
from rejoinder.services.reactions import Reactions
from rejoinder.web.api.deps import ERRORS, CommentId, client_ip, require_origin_of
from rejoinder.web.language import say

router = APIRouter(responses=ERRORS)


class LikeOut(BaseModel):
    likes: int = Field(description="The comment's likes now.")
    liked: bool = Field(description="Whether this reader likes it now.")


class ReportIn(BaseModel):
    reason: ReportReason = Field(default=ReportReason.OTHER, description="spam, abuse, off_topic or other.")


class ReportOut(BaseModel):
    reported: bool
    message: str = Field(description="What to tell the reader.")


def reactions_of(request: Request) -> Reactions:
    service: Reactions = request.app.state.services.reactions
    return service


async def _allowed(request: Request, comment_id: int) -> tuple[Reactions, Placed]:
    """The service and the comment, once the request's origin is one the comment's site allows."""
    reactions = reactions_of(request)
    target = await reactions.target(comment_id)
    await require_origin_of(request.scope, request.headers, target.site.id)
    return reactions, target


@router.post("/api/comments/{comment_id}/like", response_model=LikeOut)
async def like(request: Request, comment_id: CommentId) -> LikeOut:
    """Like a published comment (once per reader; liking again changes nothing)."""
    reactions, target = await _allowed(request, comment_id)
    tally = await reactions.like(target, client_ip(request))
    return LikeOut(likes=tally.likes, liked=True)


@router.delete("/api/comments/{comment_id}/like", response_model=LikeOut)
async def unlike(request: Request, comment_id: CommentId) -> LikeOut:
    """Take one's like back."""
    reactions, target = await _allowed(request, comment_id)
    tally = await reactions.unlike(target, client_ip(request))
    return LikeOut(likes=tally.likes, liked=False)


@router.post("/api/comments/{comment_id}/report", response_model=ReportOut)
async def report(request: Request, comment_id: CommentId, body: ReportIn | None = None) -> ReportOut:
    """Ask the moderators to look at a comment; enough reports hold it until they do."""
    reason = body.reason if body else ReportReason.OTHER
    reactions, target = await _allowed(request, comment_id)
    await reactions.report(target, client_ip(request), reason)
    return ReportOut(
        reported=True, message=say(request, "Thank you: the moderators will look at this comment.")
    )
