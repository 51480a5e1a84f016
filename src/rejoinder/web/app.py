"""``create_app(settings)``: the one ASGI application, assembled from four thin routers.

    /api/...            public comments API (web.api) and the native spam check (web.akismet)
    /1.1/..., /1.2/...  the Akismet-compatible protocol (web.akismet)
    /admin/...          the moderation dashboard (web.admin)
    /feeds/...          Atom feeds of approved comments (web.feeds)
    /mail/...           the confirm and unsubscribe links of reply e-mails (web.api.mail_pages)
    /embed.js, /count.js, /demo/...   the widget bundle and the demo site (web.widget); the demo
                        pages only under ``rejoinder demo`` (``settings.demo``), else / is plain text

The store is opened and migrated in the lifespan, and every service is built once per process
and kept on ``app.state.services``; routers reach them with ``services_of(request)``. The lifespan
also runs the retention purge at start-up and hourly (``services.retention``), so the privacy
notice's promises hold without a cron job, the webhook sender (``services.webhooks``) and,
when a mail server is configured, the e-mail notifications (``services.notifications``). While
it serves, numpy's BLAS runs on one thread (``web.blas_threads``: a site layer's refit takes a
third to a half of the time and CPU).
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager, suppress

from fastapi import FastAPI
from fastapi_offline import FastAPIOffline

from rejoinder import __version__
from rejoinder.services.container import build_services
from rejoinder.services.notifications import MailLoop
from rejoinder.services.privacy import PrivacyService
from rejoinder.services.retention import RetentionLoop, lock_path_for
from rejoinder.services.webhooks import WebhookSender
from rejoinder.settings import Settings
from rejoinder.web import admin, akismet, api, feeds, widget
from rejoinder.web.api.body_limit import BodyLimitMiddleware
from rejoinder.web.api.cors import CorsMiddleware, SiteOrigins
from rejoinder.web.api.post_fast_path import PostFastPath
from rejoinder.web.api.reading import PageCache
from rejoinder.web.blas_threads import one_blas_thread
from rejoinder.web.database_busy import DatabaseBusyMiddleware
from rejoinder.web.errors import install_error_handlers


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings.from_env()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        services = await build_services(settings)
        app.state.services = services
        retention = RetentionLoop(
            PrivacyService(services.store, settings), lock_path_for(settings.database_url)
        )
        purging = asyncio.create_task(retention.run_forever(), name="retention-purge")
        webhooks = WebhookSender(services.store, settings)
        notifying = asyncio.create_task(webhooks.run_forever(), name="webhooks")
        loops = [purging, notifying]
        if settings.mail_enabled:
            loops.append(asyncio.create_task(MailLoop(services.store, settings).run_forever(), name="mail"))
        try:
            with one_blas_thread(), _start_up_objects_frozen():
                yield
        finally:
            for task in loops:
                task.cancel()
                with suppress(asyncio.CancelledError):
                    await task
            await webhooks.close()
            await services.close()

    # The API's docs page serves Swagger UI from this server (fastapi-offline's copy), not a CDN:
    # a self-hosted site's readers and admins make no third-party request, and it works offline.
    app = FastAPIOffline(
        title="Rejoinder",
        version=__version__,
        openapi_url="/api/openapi.json",
        docs_url="/api/docs",
        redoc_url=None,
        static_url="/api/docs/static",
        swagger_ui_oauth2_redirect_url="/api/docs/oauth2-redirect",
        lifespan=lifespan,
    )
    install_error_handlers(app)
    app.state.site_origins = SiteOrigins(settings.public_url)
    app.state.page_cache = PageCache()  # serialised thread pages, per app (i.e. per process)
    # Outermost first: an oversized body is refused before CORS or routing look at it.
    app.add_middleware(PostFastPath)  # well-formed posts past routing (web/api/post_fast_path.py)
    app.add_middleware(CorsMiddleware, origins=app.state.site_origins)
    app.add_middleware(akismet.AkismetFastPath)  # /1.1/, /1.2/: past routing (web/akismet/routes.py)
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes)
    app.add_middleware(DatabaseBusyMiddleware)  # a database that cannot serve now: 503 (web/database_busy.py)
    app.include_router(api.router)
    app.include_router(akismet.router)
    app.include_router(admin.router)
    app.include_router(feeds.router)
    app.include_router(widget.router)
    app.include_router(widget.demo_router if settings.demo else widget.plain_router)
    return app


@contextmanager
def _start_up_objects_frozen() -> Iterator[None]:
    """While the app serves: what start-up built (services, the engine) is out of the collector's
    sight, so a full collection under load walks only per-request garbage, and the young generation
    is collected every 50,000 allocations instead of 700. Measured with bench.akismet_load
    (16 connections): p99 of comment-check 98 ms -> 20 ms, CPU -15%. Undone when the app stops, so
    a process that runs the app more than once (the tests) can still free what it froze."""
    thresholds = gc.get_threshold()
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 10)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()
