"""The widget's HTTP side: the bundles (``/embed.js``, ``/count.js``) and the demo site (``/demo/``).

The bundles are built from ``widget/src`` by ``widget/build.mjs`` into ``web/static`` and shipped
in the wheel; this package only serves them, with caching, and renders the demo pages.
"""

from fastapi import APIRouter

from rejoinder.web.widget import demo_pages, routes

router = APIRouter()
router.include_router(routes.router)
router.include_router(demo_pages.router)

__all__ = ["router"]
