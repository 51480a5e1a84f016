"""The public comments API (``API_CONTRACT.md``): JSON under ``/api``, the privacy notice, CORS,
and reply subscriptions with their unsubscribe page."""

from fastapi import APIRouter

from rejoinder.web.api import privacy_page, reading, subscriptions, unsubscribe_page, writing

router = APIRouter()
router.include_router(reading.router)
router.include_router(writing.router)
router.include_router(privacy_page.router)
router.include_router(subscriptions.router)
router.include_router(unsubscribe_page.router)

__all__ = ["router"]
