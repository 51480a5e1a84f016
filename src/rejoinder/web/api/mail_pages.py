"""The two links of the reader's e-mails: ``/mail/confirm?t=...`` (the confirmation e-mail) and
``/mail/unsubscribe?t=...`` (the foot of every reply e-mail).

``GET`` only shows a button: mail scanners fetch links, and fetching must neither subscribe nor
unsubscribe anyone. ``POST`` acts, from that button or, for unsubscribing, straight from the mail
client (RFC 8058 one-click, ``List-Unsubscribe=One-Click``). A second click says the same as the
first."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment

from rejoinder.errors import Forbidden
from rejoinder.services.notifications import ReplySubscriptions
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
{% if action %}<form method="post" action="{{ action }}">
<button type="submit">{{ button }}</button></form>{% endif %}
</main></body></html>
"""
)


@dataclass(frozen=True)
class LinkPage:
    """One link's words: what GET asks, what POST did, and what POST says if nothing was left to do."""

    path: str
    ask_title: str
    ask_text: str
    button: str
    done_text: str
    nothing_text: str


CONFIRM = LinkPage(
    "/mail/confirm",
    "E-mail me replies to my comment?",
    "Confirm that this address may be e-mailed the replies to your comment. "
    "Each e-mail has a link to stop them.",
    "Yes, e-mail me the replies",
    "Confirmed: you will be e-mailed each published reply to your comment.",
    "There is nothing to confirm: the subscription was ended, or the comment removed.",
)
UNSUBSCRIBE = LinkPage(
    "/mail/unsubscribe",
    "Stop e-mails about replies?",
    "You will no longer be e-mailed when someone replies to your comment. Your comment stays as it is.",
    "Stop these e-mails",
    "You will get no more e-mails about replies to that comment.",
    "You will get no more e-mails about replies to that comment.",
)


def _html(title: str, text: str, action: str = "", button: str = "", status: int = 200) -> HTMLResponse:
    body = _PAGE.render(title=title, text=text, action=action, button=button)
    return HTMLResponse(body, status_code=status)


def _ask(page: LinkPage, check: Callable[[str], int], token: str) -> HTMLResponse:
    try:
        check(token)
    except Forbidden as exc:
        return _html("This link does not work", exc.message, status=400)
    return _html(page.ask_title, page.ask_text, action=f"{page.path}?t={token}", button=page.button)


async def _act(page: LinkPage, act: Callable[[str], Awaitable[bool]], token: str) -> HTMLResponse:
    try:
        done = await act(token)
    except Forbidden as exc:
        return _html("This link does not work", exc.message, status=400)
    return _html("Done" if done else "Nothing to do", page.done_text if done else page.nothing_text)


def _service(request: Request) -> ReplySubscriptions:
    return subscriptions_of(request)


@router.get(CONFIRM.path, response_class=HTMLResponse, include_in_schema=False)
async def ask_confirm(request: Request, t: Token) -> HTMLResponse:
    return _ask(CONFIRM, _service(request).links.confirming, t)


@router.post(CONFIRM.path, response_class=HTMLResponse, include_in_schema=False)
async def confirm(request: Request, t: Token) -> HTMLResponse:
    return await _act(CONFIRM, _service(request).confirm_with_link, t)


@router.get(UNSUBSCRIBE.path, response_class=HTMLResponse, include_in_schema=False)
async def ask_unsubscribe(request: Request, t: Token) -> HTMLResponse:
    return _ask(UNSUBSCRIBE, _service(request).links.unsubscribing, t)


@router.post(UNSUBSCRIBE.path, response_class=HTMLResponse, include_in_schema=False)
async def unsubscribe(request: Request, t: Token) -> HTMLResponse:
    return await _act(UNSUBSCRIBE, _service(request).unsubscribe_with_link, t)
