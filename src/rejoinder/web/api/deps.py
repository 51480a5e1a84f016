"""What every public-API route needs from the request: the services, the client, the origin policy."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Path, Request
from starlette.datastructures import Headers
from starlette.types import Scope

from rejoinder.services.comments import CommentService
from rejoinder.web.api.cors import SiteOrigins, request_origin
from rejoinder.web.api.schemas import ErrorOut

# Declared on every route so the OpenAPI document lists the one error shape for each status.
ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"description": text, "model": ErrorOut}
    for status, text in {
        400: "Malformed input; the message says what to fix.",
        403: "Forbidden: a bad or replayed token, a closed thread, a refused origin.",
        404: "No such site or comment.",
        413: "The body is too large.",
        422: "A field has the wrong type or value; `field` names it.",
        429: "Too many posts: see Retry-After.",
    }.items()
}


CommentId = Annotated[int, Path(ge=1, le=2**63 - 1)]  # a comment in the URL path


def comments_of(request: Request) -> CommentService:
    service: CommentService = request.app.state.services.comments
    return service


def client_ip(request: Request) -> str:
    """The peer address (uvicorn has already applied X-Forwarded-For from trusted proxies)."""
    return scope_ip(request.scope)


def scope_ip(scope: Scope) -> str:
    """``client_ip`` for code that has the ASGI scope rather than a ``Request``."""
    client = scope.get("client")
    return str(client[0]) if client else ""


async def require_origin_of(scope: Scope, headers: Headers, site_id: int) -> None:
    """For writes: a browser on an origin the site does not allow is refused (403)."""
    app = scope["app"]
    origins: SiteOrigins = app.state.site_origins
    await origins.require(app.state.services.store, headers.get("origin"), site_id, request_origin(scope))
