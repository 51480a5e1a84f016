"""Placeholder for AuthService; its owner replaces this file."""

from typing import Any


class AuthService:
    def __init__(self, *args: Any) -> None:
        self.args = args
