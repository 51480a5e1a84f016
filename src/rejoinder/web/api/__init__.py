"""Placeholder router for web.api; its owner replaces this file."""

from fastapi import APIRouter

router = APIRouter()
