"""The dashboard's own stylesheet and script, served from the package (no CDN). They hold no
secret, so they are the one thing under /admin besides the login page that needs no session."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Response

from rejoinder.errors import NotFound
from rejoinder.web.admin.security import AdminRoute

router = APIRouter(route_class=AdminRoute)

STATIC = Path(__file__).parent / "static"
TYPES = {"admin.css": "text/css; charset=utf-8", "admin.js": "text/javascript; charset=utf-8"}


@router.get("/admin/static/{name}")
async def static_file(name: str) -> Response:
    if name not in TYPES:
        raise NotFound(f"no static file {name!r}")
    response = Response((STATIC / name).read_bytes(), media_type=TYPES[name])
    return response
