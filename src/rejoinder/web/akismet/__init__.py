"""Placeholder router for web.akismet; its owner replaces this file."""

from fastapi import APIRouter

router = APIRouter()
