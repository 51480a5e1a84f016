"""Case-insensitive substring and prefix matching in SQL, with the user's ``%`` and ``_`` escaped."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement

ESCAPE = "\\"


def escape_like(text: str) -> str:
    return text.replace(ESCAPE, ESCAPE * 2).replace("%", ESCAPE + "%").replace("_", ESCAPE + "_")


def contains(column: Any, text: str) -> ColumnElement[bool]:
    """``column`` contains ``text``, ignoring case (ILIKE on PostgreSQL, lower() LIKE on SQLite)."""
    result: ColumnElement[bool] = column.ilike(f"%{escape_like(text)}%", escape=ESCAPE)
    return result


def starts_with(column: Any, text: str) -> ColumnElement[bool]:
    result: ColumnElement[bool] = column.like(f"{escape_like(text)}%", escape=ESCAPE)
    return result
