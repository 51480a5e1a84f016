"""Placeholder for AkismetService; its owner replaces this file."""

from typing import Any


class AkismetService:
    def __init__(self, *args: Any) -> None:
        self.args = args
