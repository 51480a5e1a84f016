"""Jinja2 for the dashboard: autoescaping on, comment HTML re-sanitised at the last moment.

A comment's ``html`` was sanitised when it was stored; the dashboard cleans it again with the
same allow-list before marking it safe, so a bug (or an old row) upstream cannot run script in a
moderator's browser, where a session could do real harm. The CSP forbids inline script anyway.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import nh3
from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from rejoinder.services.rendering import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, LINK_REL, URL_SCHEMES

TEMPLATES = Path(__file__).parent / "templates"


def clean_html(html: str) -> Markup:
    cleaned = nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel=LINK_REL,
    )
    return Markup(cleaned)  # noqa: S704 - nh3 has just removed everything outside the allow-list


def when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC") if value else ""


def percent(value: float | None) -> str:
    return "n/a" if value is None else f"{value * 100:.1f}%"


environment = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)
environment.filters["clean_html"] = clean_html
environment.filters["when"] = when
environment.filters["percent"] = percent


def render(
    request: Request, template: str, context: dict[str, Any] | None = None, status_code: int = 200
) -> HTMLResponse:
    """Render with the session (if any) and its CSRF token available to every template."""
    session = getattr(request.state, "admin_session", None)
    values = {
        "request": request,
        "session": session,
        "me": session.moderator if session else None,
        "csrf": session.csrf_token if session else "",
        "path": request.url.path,
        **(context or {}),
    }
    return HTMLResponse(environment.get_template(template).render(values), status_code=status_code)
