"""``/mail/unsubscribe?t=...``: the link at the foot of every reply e-mail.

``GET`` only shows a button: mail scanners fetch links, and fetching must not unsubscribe
anyone. ``POST`` unsubscribes, from that button or straight from the mail client (RFC 8058
one-click, ``List-Unsubscribe=One-Click``). A second click says the same as the first."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment

from rejoinder.errors import Forbidden
from rejoinder.web.api.subscriptions import subscriptions_of

router = APIRouter()
Token = Annotated[str, Query(min_length=1, max_length=200)]
_env = Environment(autoescape=True)
_PAGE = _env.from_string(
    """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>{{ title }}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;color:#222}
button{font:inherit;padding:.5rem 1rem}</style></head>
<body><main><h1>{{ title }}</h1><p>{{ text }}</p>
{% if token %}<form method="post" action="/mail/unsubscribe?t={{ token | urlencode }}">
<button type="submit">Stop these e-mails</button></form>{% endif %}
</main></body></html>
"""
)


def _page(title: str, text: str, token: str = "", status: int = 200) -> HTMLResponse:
    return HTMLResponse(_PAGE.render(title=title, text=text, token=token), status_code=status)


@router.get("/mail/unsubscribe", response_class=HTMLResponse, include_in_schema=False)
async def confirm(request: Request, t: Token) -> HTMLResponse:
    try:
        subscriptions_of(request).links.comment_of(t)
    except Forbidden as exc:
        return _page("This link does not work", exc.message, status=400)
    return _page(
        "Stop e-mails about replies?",
        "You will no longer be e-mailed when someone replies to your comment. Your comment stays as it is.",
        token=t,
    )


@router.post("/mail/unsubscribe", response_class=HTMLResponse, include_in_schema=False)
async def unsubscribe(request: Request, t: Token) -> HTMLResponse:
    try:
        await subscriptions_of(request).unsubscribe_with_link(t)
    except Forbidden as exc:
        return _page("This link does not work", exc.message, status=400)
    return _page("Done", "You will get no more e-mails about replies to that comment.")
