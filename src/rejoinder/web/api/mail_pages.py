"""The links of Rejoinder's e-mails: a reader's ``/mail/confirm?t=...`` (the confirmation e-mail)
and ``/mail/unsubscribe?t=...`` (the foot of every reply e-mail), and a moderator's
``/mail/moderate?t=...`` (approve or mark as spam, from a held comment's notification).

``GET`` only shows a button: mail scanners fetch links, and fetching must neither subscribe nor
unsubscribe anyone. ``POST`` acts, from that button or, for unsubscribing, straight from the mail
client (RFC 8058 one-click, ``List-Unsubscribe=One-Click``). A second click says the same as the
first.

A reader's pages speak the language of the subscription they act on (the widget's when the reader
subscribed), else the browser's ``Accept-Language``; a moderator's stay English, as the e-mail that
links to them is."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment

from rejoinder.errors import Forbidden, NotFound
from rejoinder.i18n import Message, localise, msg
from rejoinder.services.moderation import PAST_TENSE
from rejoinder.services.notifications.moderating import LinkModeration
from rejoinder.services.notifications.subscriptions import ReplySubscriptions
from rejoinder.services.rendering import excerpt
from rejoinder.web.api.subscriptions import subscriptions_of
from rejoinder.web.language import reader_language

router = APIRouter()
TOKEN_MAX = 1000  # a moderator link carries an address of up to 320 characters
Token = Annotated[str, Query(min_length=1, max_length=TOKEN_MAX)]
_env = Environment(autoescape=True)
_PAGE = _env.from_string(
    """<!doctype html>
<html lang="{{ lang }}"><head><meta charset="utf-8"><meta name="robots" content="noindex">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>{{ title }}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;color:#222}
button{font:inherit;padding:.5rem 1rem}</style></head>
<body><main><h1>{{ title }}</h1><p>{{ text }}</p>
{% if quote %}<blockquote>{{ quote }}</blockquote>{% endif %}
{% if action %}<form method="post" action="{{ action }}">
<button type="submit">{{ button }}</button></form>{% endif %}
</main></body></html>
"""
)


# The pages carry a capability in their URL and their form: no frames (a click there would act),
# no caches, no referrer; the inline style is the only thing they load.
HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


@dataclass(frozen=True)
class LinkPage:
    """One reader's link: what GET asks, what POST did, and what POST says if nothing was left to do;
    ``check`` and ``act`` pick the token's test and its action from the subscriptions service."""

    path: str
    ask_title: Message
    ask_text: Message
    button: Message
    done_text: Message
    nothing_text: Message
    check: Callable[[ReplySubscriptions], Callable[[str], int]]
    act: Callable[[ReplySubscriptions], Callable[[str], Awaitable[bool]]]


CONFIRM = LinkPage(
    "/mail/confirm",
    msg("E-mail me replies to my comment?"),
    msg(
        "Confirm that this address may be e-mailed the replies to your comment. "
        "Each e-mail has a link to stop them."
    ),
    msg("Yes, e-mail me the replies"),
    msg("Confirmed: you will be e-mailed each published reply to your comment."),
    msg("There is nothing to confirm: the subscription was ended, or the comment removed."),
    check=lambda service: service.links.confirming,
    act=lambda service: service.confirm_with_link,
)
UNSUBSCRIBE = LinkPage(
    "/mail/unsubscribe",
    msg("Stop e-mails about replies?"),
    msg("You will no longer be e-mailed when someone replies to your comment. Your comment stays as it is."),
    msg("Stop these e-mails"),
    msg("You will get no more e-mails about replies to that comment."),
    msg("You will get no more e-mails about replies to that comment."),
    check=lambda service: service.links.unsubscribing,
    act=lambda service: service.unsubscribe_with_link,
)


def _html(
    title: str,
    text: str,
    action: str = "",
    button: str = "",
    status: int = 200,
    quote: str = "",
    language: str = "en",
) -> HTMLResponse:
    """The page, its sentences said in ``language`` (those that are a reader's ``Message``)."""
    body = _PAGE.render(
        lang=language,
        title=localise(title, language),
        text=localise(text, language),
        action=action,
        button=localise(button, language),
        quote=quote,
    )
    return HTMLResponse(body, status_code=status, headers=HEADERS)


_BROKEN = (Forbidden, NotFound)  # a token that is forged, expired or names nothing any more


def _broken(exc: Forbidden | NotFound, language: str = "en") -> HTMLResponse:
    """Every link page's one failure page."""
    return _html(msg("This link does not work"), exc.message, status=400, language=language)


async def _subscription_language(service: ReplySubscriptions, request: Request, comment_id: int) -> str:
    """The language of the subscription a valid link names, else the browser's (a subscription
    already ended, or one older than migration 0008)."""
    return await service.language(comment_id) or reader_language(request)


async def _page_language(service: ReplySubscriptions, page: LinkPage, request: Request, token: str) -> str:
    """``_subscription_language`` of the link's comment, or the browser's for a broken link.

    Read before acting: once a reader unsubscribes, their subscription (and its language) is gone.
    """
    try:
        comment_id = page.check(service)(token)
    except Forbidden:
        return reader_language(request)
    return await _subscription_language(service, request, comment_id)


def _reader_link(page: LinkPage) -> None:
    """GET (ask) and POST (act) of one reader's link page."""

    async def ask(request: Request, t: Token) -> HTMLResponse:
        service = subscriptions_of(request)
        try:
            comment_id = page.check(service)(t)  # checked once: the language is read from its comment
        except _BROKEN as exc:
            return _broken(exc, reader_language(request))
        language = await _subscription_language(service, request, comment_id)
        return _html(
            page.ask_title, page.ask_text, action=f"{page.path}?t={t}", button=page.button, language=language
        )

    async def act(request: Request, t: Token) -> HTMLResponse:
        service = subscriptions_of(request)
        language = await _page_language(service, page, request, t)
        try:
            done = await page.act(service)(t)
        except _BROKEN as exc:
            return _broken(exc, language)
        if done:
            return _html(msg("Done"), page.done_text, language=language)
        return _html(msg("Nothing to do"), page.nothing_text, language=language)

    for method, endpoint in (("GET", ask), ("POST", act)):
        router.add_api_route(
            page.path, endpoint, methods=[method], response_class=HTMLResponse, include_in_schema=False
        )


_reader_link(CONFIRM)
_reader_link(UNSUBSCRIBE)

MODERATE_PATH = "/mail/moderate"
MODERATE_WORDS = {
    "approve": ("Approve this comment?", "Approve"),
    "spam": ("Mark this comment as spam?", "Mark as spam"),
}


def _moderation(request: Request) -> LinkModeration:
    service: LinkModeration = request.app.state.services.link_moderation
    return service


@router.get(MODERATE_PATH, response_class=HTMLResponse, include_in_schema=False)
async def ask_moderate(request: Request, t: Token) -> HTMLResponse:
    try:
        linked = await _moderation(request).read(t)
    except _BROKEN as exc:
        return _broken(exc)
    title, button = MODERATE_WORDS[linked.link.action]
    c, page = linked.comment, linked.thread.title or linked.thread.uri
    where = f"{c.author_name or 'Anonymous'} on “{page}”, now {c.status.value}:"
    return _html(title, where, action=f"{MODERATE_PATH}?t={t}", button=button, quote=excerpt(c.html, 600))


@router.post(MODERATE_PATH, response_class=HTMLResponse, include_in_schema=False)
async def moderate(request: Request, t: Token) -> HTMLResponse:
    try:
        result = await _moderation(request).act(t)
    except _BROKEN as exc:
        return _broken(exc)
    if not result.changed:
        return _html("Nothing to do", "The comment was already where this link would put it.")
    return _html("Done", f"The comment was {PAST_TENSE[result.action]}; the dashboard can undo it.")
