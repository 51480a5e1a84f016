"""``PUT``/``DELETE /api/comments/{id}/subscription``: "e-mail me replies to my comment".

The widget calls ``PUT`` right after a post when the reader ticked the box, with the comment's
edit token as proof that the comment is theirs; ``DELETE`` (token in ``X-Edit-Token``) ends it.
An address new to the site is first sent a confirmation link (``mail_pages``); the link in each
reply e-mail ends the subscription without the token."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Request
from pydantic import BaseModel, Field, StrictStr

from rejoinder.errors import Forbidden
from rejoinder.services.notifications import ReplySubscriptions
from rejoinder.web.api.deps import ERRORS, CommentId
from rejoinder.web.language import reader_language, say

router = APIRouter(responses=ERRORS)


class SubscriptionIn(BaseModel):
    edit_token: StrictStr = Field(max_length=1000, description="Handed back when the comment was posted.")


class SubscriptionOut(BaseModel):
    subscribed: bool
    confirmed: bool = Field(description="False until the address answers the confirmation e-mail.")
    message: str = Field(description="What to tell the reader.")


def subscriptions_of(request: Request) -> ReplySubscriptions:
    service: ReplySubscriptions = request.app.state.services.subscriptions
    return service


@router.put("/api/comments/{comment_id}/subscription", response_model=SubscriptionOut)
async def subscribe(request: Request, comment_id: CommentId, body: SubscriptionIn) -> SubscriptionOut:
    """E-mail the comment's author each published reply to it (409 if the site does not offer it),
    in the language of this request's ``Accept-Language`` (the widget's)."""
    if await subscriptions_of(request).subscribe(comment_id, body.edit_token, reader_language(request)):
        return SubscriptionOut(
            subscribed=True, confirmed=True, message=say(request, "Replies will be e-mailed to you.")
        )
    return SubscriptionOut(
        subscribed=True,
        confirmed=False,
        message=say(request, "Check your e-mail: replies are sent once you confirm the link we sent."),
    )


@router.delete("/api/comments/{comment_id}/subscription", response_model=SubscriptionOut)
async def unsubscribe(
    request: Request,
    comment_id: CommentId,
    x_edit_token: Annotated[str | None, Header(max_length=1000)] = None,
) -> SubscriptionOut:
    """Stop e-mailing replies to this comment (token in X-Edit-Token)."""
    if not x_edit_token:
        raise Forbidden("Send the comment's edit token in the X-Edit-Token header.", field="edit_token")
    await subscriptions_of(request).unsubscribe_with_edit_token(comment_id, x_edit_token)
    return SubscriptionOut(
        subscribed=False, confirmed=False, message=say(request, "No more replies will be e-mailed to you.")
    )
