"""The public comments API (``API_CONTRACT.md``): JSON under ``/api``, the privacy notice, CORS,
reply subscriptions with their e-mail links (confirm, unsubscribe), and readers' likes and
reports."""

from fastapi import APIRouter

from rejoinder.web.api import mail_pages, privacy_page, reactions, reading, subscriptions, writing

router = APIRouter()
router.include_router(reading.router)
router.include_router(writing.router)
router.include_router(privacy_page.router)
router.include_router(subscriptions.router)
router.include_router(reactions.router)
router.include_router(mail_pages.router)

__all__ = ["router"]
