"""Placeholder for CommentService; its owner replaces this file."""

from typing import Any


class CommentService:
    def __init__(self, *args: Any) -> None:
        self.args = args
