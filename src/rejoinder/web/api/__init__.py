"""The public comments API (``API_CONTRACT.md``): JSON under ``/api``, the privacy notice, CORS."""

from fastapi import APIRouter

from rejoinder.web.api import privacy_page, reading, writing

router = APIRouter()
router.include_router(reading.router)
router.include_router(writing.router)
router.include_router(privacy_page.router)

__all__ = ["router"]
