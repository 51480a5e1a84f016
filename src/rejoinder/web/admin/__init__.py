"""Placeholder router for web.admin; its owner replaces this file."""

from fastapi import APIRouter

router = APIRouter()
