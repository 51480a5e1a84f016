"""The Akismet-compatible protocol (``/1.1/...``, ``/1.2/...``) and the native ``/api/v1/check``.

``router`` carries both: the protocol as raw ASGI endpoints (``routes``: our own body decoding,
plain-text answers, kept out of the OpenAPI document) and the native check as a typed FastAPI
route (``native``) that the OpenAPI document describes. ``AkismetFastPath`` is the middleware
that serves the protocol's paths before the framework's routing (see ``routes``).
"""

from fastapi import APIRouter
from starlette.routing import Route

from rejoinder.web.akismet import native
from rejoinder.web.akismet.routes import ENDPOINTS, AkismetFastPath

router = APIRouter()
for _path, _endpoint in ENDPOINTS.items():
    router.routes.append(Route(_path, _endpoint, methods=sorted(_endpoint.methods), include_in_schema=False))
router.include_router(native.router)

__all__ = ["AkismetFastPath", "router"]
