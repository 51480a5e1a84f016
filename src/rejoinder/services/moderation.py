"""Placeholder for ModerationService; its owner replaces this file."""

from typing import Any


class ModerationService:
    def __init__(self, *args: Any) -> None:
        self.args = args
