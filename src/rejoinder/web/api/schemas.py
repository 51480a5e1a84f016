"""The public API's request and response bodies, declared once for validation and OpenAPI.

Requests forbid unknown fields only where a typo would lose data silently (none do today), and
use strict types: ``"site": "1"`` is a 422 naming ``site``, not a guess. Responses mirror
``API_CONTRACT.md``; nothing here has an e-mail field, so no endpoint can leak one.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr

from rejoinder.services.comments import Posted, RecentComment
from rejoinder.services.threads import CommentView, ThreadPage

SiteId = Field(ge=1, le=2**31 - 1, description="The site's numeric id (data-rejoinder-site).")


class _In(BaseModel):
    model_config = ConfigDict(str_max_length=200_000)


class CommentIn(_In):
    site: StrictInt = SiteId
    uri: StrictStr = Field(min_length=1, max_length=2000, description="The page's path, e.g. /news/article.")
    title: StrictStr = Field("", max_length=2000)
    parent_id: StrictInt | None = Field(None, ge=1, le=2**63 - 1)
    author: StrictStr = Field("", max_length=1000)
    email: StrictStr = Field("", max_length=1000, description="Never returned by any endpoint.")
    website: StrictStr = Field("", max_length=4000)
    text: StrictStr = Field(description="Markdown (CommonMark); raw HTML and images are not rendered.")
    form_token: StrictStr = Field(max_length=1000, description="From GET /api/config.")
    website_url: StrictStr = Field("", max_length=4000, description="The honeypot: must stay empty.")


class EditIn(_In):
    text: StrictStr
    edit_token: StrictStr = Field(max_length=1000)


class DeleteIn(_In):
    edit_token: StrictStr = Field(max_length=1000)


class CountsIn(_In):
    site: StrictInt = SiteId
    uris: list[StrictStr] = Field(max_length=500)


def _iso(t: datetime | None) -> str | None:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ") if t else None


class CommentOut(BaseModel):
    id: int
    parent_id: int | None
    author: str
    website: str
    avatar: str = Field(description="Hex salted hash for an identicon; never a URL.")
    html: str
    created_at: str | None
    edited_at: str | None
    status: Literal["approved", "pending", "deleted", "hidden"] = Field(
        description="deleted/hidden: a tombstone (see `deleted`)."
    )
    deleted: bool = Field(
        description="A tombstone: the place of a deleted (status deleted) or held/spam (status hidden) "
        "comment that visible replies hang under. Its author, website, avatar and html are empty, its "
        "times null, and it is not counted."
    )
    likes: int
    replies: list[CommentOut]


def comment_dict(v: CommentView) -> dict[str, object]:
    """A plain dict, for the hot read path (serialised straight to JSON, no model validation)."""
    return {
        "id": v.id,
        "parent_id": v.parent_id,
        "author": v.author,
        "website": v.website,
        "avatar": v.avatar,
        "html": v.html,
        "created_at": _iso(v.created_at),
        "edited_at": _iso(v.edited_at),
        "status": (v.gone or v.status).value,
        "deleted": v.gone is not None,
        "likes": v.likes,
        "replies": [comment_dict(r) for r in v.replies],
    }


class ConfigOut(BaseModel):
    site: int
    required: list[str]
    edit_window_seconds: int
    max_length: int
    privacy_url: str
    form_token: str
    closed: bool
    honeypot_field: str
    reply_notifications: bool = Field(
        default=False,
        description="Offer the reader 'e-mail me replies' (PUT /api/comments/{id}/subscription).",
    )
    likes: bool = Field(
        default=True,
        description="Show like buttons (POST /api/comments/{id}/like); reports are always taken.",
    )


class ThreadInfo(BaseModel):
    uri: str
    title: str
    closed: bool
    count: int


class ThreadOut(BaseModel):
    thread: ThreadInfo
    comments: list[CommentOut]
    total_roots: int
    next_offset: int | None


def thread_dict(page: ThreadPage) -> dict[str, object]:
    return {
        "thread": {"uri": page.uri, "title": page.title, "closed": page.closed, "count": page.count},
        "comments": [comment_dict(c) for c in page.comments],
        "total_roots": page.total_roots,
        "next_offset": page.next_offset,
    }


class PostedOut(BaseModel):
    comment: CommentOut
    edit_token: str
    editable_until: str | None
    status: Literal["approved", "pending"]
    message: str | None
    form_token: str = Field(description="A fresh form token for the next post from the same page.")


def posted_dict(p: Posted) -> dict[str, object]:
    return {
        "comment": comment_dict(p.comment),
        "edit_token": p.edit_token,
        "editable_until": _iso(p.editable_until),
        "status": p.status.value,
        "message": p.message,
        "form_token": p.form_token,
    }


class EditedOut(BaseModel):
    comment: CommentOut
    status: Literal["approved", "pending"]
    message: str | None


class DeletedOut(BaseModel):
    deleted: bool


class CountsOut(BaseModel):
    counts: dict[str, int]


class RecentOut(BaseModel):
    id: int
    author: str
    excerpt: str
    uri: str
    title: str
    created_at: str | None

    @classmethod
    def of(cls, r: RecentComment) -> RecentOut:
        return cls(
            id=r.id,
            author=r.author,
            excerpt=r.excerpt,
            uri=r.uri,
            title=r.title,
            created_at=_iso(r.created_at),
        )


class RecentListOut(BaseModel):
    comments: list[RecentOut]


class HealthOut(BaseModel):
    ok: bool


class ErrorDetail(BaseModel):
    code: str
    message: str
    field: str | None


class ErrorOut(BaseModel):
    error: ErrorDetail
