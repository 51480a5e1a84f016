"""Placeholder for SpamService; its owner replaces this file."""

from typing import Any


class SpamService:
    def __init__(self, *args: Any) -> None:
        self.args = args
