"""Placeholder router for web.widget; its owner replaces this file."""

from fastapi import APIRouter

router = APIRouter()
