"""``POST /api/v1/check``: the same check as Akismet's comment-check, in typed JSON.

For integrations written today: the answer says what Akismet's ``true``/``false`` cannot (the
score, the ``pending`` band and the reasons in plain words). It calls the same
``AkismetService.check`` as the Akismet endpoints, so the two APIs cannot disagree; errors use
the server's one JSON error shape (403 for a key, 400/422 naming the field, 429).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field

from rejoinder.domain import Decision
from rejoinder.services.akismet import AkismetService

router = APIRouter(prefix="/api/v1", tags=["spam check"])

Short = Annotated[str, Field(max_length=2_000)]


class CheckRequest(BaseModel):
    """The comment in Akismet's field names, plus the signals a form measures itself."""

    model_config = ConfigDict(extra="ignore")

    api_key: Annotated[
        str, Field(min_length=1, max_length=64, description="A key from `rejoinder keys create`")
    ]
    blog: Short | None = Field(None, description="The site's URL; default: the key's own site")
    user_ip: Annotated[str, Field(min_length=1, max_length=64)]
    user_agent: Short = ""
    referrer: Short = ""
    permalink: Short = ""
    comment_type: Annotated[str, Field(max_length=40)] = "comment"
    comment_author: Short = ""
    comment_author_email: Short = ""
    comment_author_url: Short = ""
    comment_content: Annotated[str, Field(max_length=1_000_000)] = ""
    comment_date_gmt: Annotated[str, Field(max_length=40)] = ""
    comment_post_modified_gmt: Annotated[str, Field(max_length=40)] = ""
    blog_lang: Annotated[str, Field(max_length=100)] = ""
    comment_context: Annotated[list[Short], Field(max_length=100)] = []
    user_role: Annotated[str, Field(max_length=200)] = ""
    honeypot: Annotated[
        str, Field(max_length=10_000, description="A hidden field's value: empty for humans")
    ] = ""
    seconds_on_page: Annotated[float | None, Field(ge=0, le=7 * 86400)] = None
    is_test: bool = Field(False, description="Test traffic: answered as usual, never counted or learned")


class ReasonOut(BaseModel):
    text: str
    weight: float


class CheckResponse(BaseModel):
    guid: str = Field(description="Names this check; Akismet clients see it as X-akismet-guid")
    score: float = Field(ge=0, le=1, description="Probability of spam")
    decision: Decision
    spam: bool = Field(description="What Akismet's comment-check answers (true for spam and discard)")
    reasons: list[ReasonOut]
    is_test: bool


@router.post("/check", response_model=CheckResponse, summary="Check one comment for spam")
async def check(payload: CheckRequest, request: Request) -> CheckResponse:
    service: AkismetService = request.app.state.services.akismet
    grant = await service.authorize(payload.api_key, payload.blog)
    service.throttle(grant)
    form = payload.model_dump(exclude={"api_key", "blog"}, exclude_none=True)
    answer = await service.check(grant, form)
    verdict = answer.verdict
    return CheckResponse(
        guid=answer.guid,
        score=round(verdict.score, 4),
        decision=verdict.decision,
        spam=answer.is_spam,
        reasons=[ReasonOut(text=r.text, weight=round(r.weight, 3)) for r in verdict.reasons],
        is_test=answer.is_test,
    )
