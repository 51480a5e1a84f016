"""The Akismet-compatible protocol (``/1.1/...``, ``/1.2/...``) and the native ``/api/v1/check``.

``router`` carries both: the protocol as raw Starlette routes (``routes``: our own body
decoding, plain-text answers, kept out of the OpenAPI document) and the native check as a typed
FastAPI route (``native``) that the OpenAPI document describes.
"""

from fastapi import APIRouter

from rejoinder.web.akismet import native
from rejoinder.web.akismet.routes import ROUTES

router = APIRouter()
for _route in ROUTES:
    router.add_route(
        _route.path, _route.endpoint, methods=sorted(_route.methods or ()), include_in_schema=False
    )
router.include_router(native.router)

__all__ = ["router"]
