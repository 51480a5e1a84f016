"""``/embed.js`` and ``/count.js`` with HTTP caching done right, and the server's plain ``/``.

* ``/embed.<version>.js``: ``Cache-Control: public, max-age=31536000, immutable``; pages should
  use this URL (``embed_snippet`` prints it), so browsers fetch a bundle once per release.
* ``/embed.js``: a short max-age plus a strong ETag, for hand-written embeds; a revalidation
  costs a 304 and no body.
* an unknown version (a page cached across an upgrade) is redirected to the plain name rather
  than broken.
* ``/`` on a plain server (``plain_root``): a few lines of text saying what this server is, so a
  health check or a curious visitor gets 200 and no demo. ``rejoinder demo`` redirects ``/`` to
  ``/demo/`` instead (``demo_pages``).
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import PlainTextResponse, RedirectResponse

from rejoinder.web.widget.bundles import Bundle, bundle

router = APIRouter(include_in_schema=False)

IMMUTABLE = "public, max-age=31536000, immutable"
SHORT = "public, max-age=300"


def _script(request: Request, b: Bundle, cache_control: str) -> Response:
    headers = {
        "Cache-Control": cache_control,
        "ETag": b.etag,
        "X-Content-Type-Options": "nosniff",
        # a public file: let pages load it with crossorigin/SRI too
        "Access-Control-Allow-Origin": "*",
    }
    if b.etag in _etags(request.headers.get("if-none-match", "")):
        return Response(status_code=304, headers=headers)
    body = b"" if request.method == "HEAD" else b.body
    response = Response(body, media_type="text/javascript; charset=utf-8", headers=headers)
    if request.method == "HEAD":
        response.headers["Content-Length"] = str(len(b.body))
    return response


def _etags(header: str) -> set[str]:
    """The tags of an If-None-Match header; weak tags (W/"...") match too, as RFC 9110 says for 304s."""
    return {tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()}


def _versioned(request: Request, name: str, version: str) -> Response:
    b = bundle(name)
    if version != b.version:
        return RedirectResponse(f"/{name}.js", status_code=307)
    return _script(request, b, IMMUTABLE)


@router.api_route("/embed.js", methods=["GET", "HEAD"])
async def embed_js(request: Request) -> Response:
    return _script(request, bundle("embed"), SHORT)


@router.api_route("/count.js", methods=["GET", "HEAD"])
async def count_js(request: Request) -> Response:
    return _script(request, bundle("count"), SHORT)


@router.api_route("/embed.{version}.js", methods=["GET", "HEAD"])
async def embed_versioned(request: Request, version: str) -> Response:
    return _versioned(request, "embed", version)


@router.api_route("/count.{version}.js", methods=["GET", "HEAD"])
async def count_versioned(request: Request, version: str) -> Response:
    return _versioned(request, "count", version)


ROOT_TEXT = (
    "Rejoinder comments server.\n"
    "Sites embed /embed.js; moderators sign in at /admin/; the API is described at /api/docs.\n"
)
plain_root = APIRouter(include_in_schema=False)


@plain_root.get("/")
async def root() -> PlainTextResponse:
    return PlainTextResponse(ROOT_TEXT, headers={"Cache-Control": "public, max-age=300"})
