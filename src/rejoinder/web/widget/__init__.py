"""The widget's HTTP side: the bundles (``/embed.js``, ``/count.js``) and the demo site (``/demo/``).

``router`` is always served; ``demo_router`` (the demo pages, ``/`` -> ``/demo/``) only when the
server runs as ``rejoinder demo`` (``Settings.demo``), ``plain_router`` (a plain-text ``/``) otherwise.

The bundles are built from ``widget/src`` by ``widget/build.mjs`` into ``web/static`` and shipped
in the wheel; this package only serves them, with caching, and renders the demo pages.
"""

from fastapi import APIRouter

from rejoinder.web.widget import demo_pages, routes

router = APIRouter()
router.include_router(routes.router)
demo_router = demo_pages.router
plain_router = routes.plain_root

__all__ = ["demo_router", "plain_router", "router"]
