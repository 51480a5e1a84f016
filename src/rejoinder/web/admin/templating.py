"""Jinja2 for the dashboard: autoescaping on, comment HTML re-sanitised at the last moment, and
every word in the moderator's language.

A comment's ``html`` was sanitised when it was stored; the dashboard cleans it again with the
same allow-list before marking it safe, so a bug (or an old row) upstream cannot run script in a
moderator's browser, where a session could do real harm. The CSP forbids inline script anyway.

The templates' text goes through Jinja2's own i18n extension (``_()``, ``{% trans %}``), fed by
``rejoinder.i18n.dashboard``. Its gettext hands Jinja2 the translation *escaped*: Jinja2 treats
what gettext returns as markup when autoescaping, and a translation is text, so a ``<`` in a
catalogue entry shows as ``<`` and cannot add an element; the placeholders' values are escaped
by the extension's own formatting, unless a template passes markup it built itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

import nh3
from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, pass_context, select_autoescape
from jinja2.runtime import Context
from markupsafe import Markup, escape

from rejoinder.i18n import LANGUAGES, negotiate
from rejoinder.i18n.dashboard import dashboard_text, translate, translate_plural
from rejoinder.i18n.reasons import reason_in
from rejoinder.services.rendering import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, LINK_REL, URL_SCHEMES
from rejoinder.web.admin.labels import GLOBALS

TEMPLATES = Path(__file__).parent / "templates"
LANGUAGE_COOKIE = "rejoinder_lang"  # the moderator's own choice in this browser, over Accept-Language
# The names each language calls itself, for the dashboard's language menu.
LANGUAGE_NAMES = {
    "en": "English",
    "de": "Deutsch",
    "fr": "Français",
    "es": "Español",
    "ru": "Русский",
    "hi": "हिन्दी",
}
# Languages that write a decimal comma (12,5 %); the others write 12.5%.
DECIMAL_COMMA = frozenset({"de", "fr", "es", "ru"})


def language_of(request: Request) -> str:
    """The moderator's choice (a cookie set from the dashboard's menu), else what the browser asks
    for in ``Accept-Language``, else English."""
    chosen = request.cookies.get(LANGUAGE_COOKIE, "")
    if chosen in LANGUAGES:
        return chosen
    return negotiate(request.headers.get("accept-language"))


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


def decimal(value: float, digits: int, language: str, signed: bool = False) -> str:
    """``value`` with ``digits`` decimals, written as ``language`` writes numbers."""
    text = f"{value:+.{digits}f}" if signed else f"{value:.{digits}f}"
    return text.replace(".", ",") if language in DECIMAL_COMMA else text


def percent(value: float | None, language: str = "en") -> str:
    if value is None:
        return translate(dashboard_text("n/a"), language)
    number = decimal(value * 100, 1, language)
    return f"{number}\u00a0%" if language in DECIMAL_COMMA else f"{number}%"


def _language(context: Context) -> str:
    language = context.get("language")
    return language if isinstance(language, str) else "en"


@pass_context
def _gettext(context: Context, message: str) -> Markup:
    """The translation, escaped: Jinja2 takes gettext's answer as markup (see the module's doc)."""
    return escape(translate(message, _language(context)))


@pass_context
def _ngettext(context: Context, singular: str, plural: str, count: int) -> Markup:
    return escape(translate_plural(singular, plural, count, _language(context)))


@pass_context
def _say(context: Context, message: str) -> str:
    """A sentence made in Python (an error, a flash): a ``msg`` or ``phrase`` from its own
    catalogue, plain text (a label, a service's fixed sentence) from the dashboard's, anything
    else as is. Returned as text, so the template escapes it."""
    return translate(message, _language(context))


@pass_context
def _decimal_filter(context: Context, value: float, digits: int = 2, signed: bool = False) -> str:
    return decimal(value, digits, _language(context), signed)


@pass_context
def _percent_filter(context: Context, value: float | None) -> str:
    return percent(value, _language(context))


@pass_context
def _reason(context: Context, text: str) -> str:
    """One of the engine's English reasons, in the page's language (``i18n.reasons``); returned
    as text, so the template escapes it and the comment's parts in it."""
    return reason_in(text, _language(context))


def _translated(labels: Mapping[str, str], language: str) -> dict[str, str]:
    """A label table in ``language``, made once per page for words that every comment repeats
    (its buttons, its decision): one ``_()`` per comment and word cost the queue page a quarter
    of its time."""
    return {key: translate(label, language) for key, label in labels.items()}


environment = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
    extensions=["jinja2.ext.i18n"],
)
environment.install_gettext_callables(_gettext, _ngettext, newstyle=True)  # type: ignore[attr-defined]
environment.policies["ext.i18n.trimmed"] = True  # a {% trans %} block's line breaks are not the message's
environment.globals.update(GLOBALS, translated=_translated)
environment.filters["clean_html"] = clean_html
environment.filters["when"] = when
environment.filters["percent"] = _percent_filter
environment.filters["decimal"] = _decimal_filter
environment.filters["say"] = _say
environment.filters["reason"] = _reason


def _this_page(request: Request) -> str:
    """Where the language menu brings the moderator back to: this page, if it can be fetched again."""
    if request.method != "GET":
        return "/admin/comments"
    return request.url.path + (f"?{request.url.query}" if request.url.query else "")


def render(
    request: Request, template: str, context: dict[str, Any] | None = None, status_code: int = 200
) -> HTMLResponse:
    """Render with the session (if any), its CSRF token and the moderator's language available to
    every template."""
    session = getattr(request.state, "admin_session", None)
    language = language_of(request)
    values = {
        "request": request,
        "language": language,
        "languages": LANGUAGE_NAMES,
        "chosen_language": request.cookies.get(LANGUAGE_COOKIE, ""),
        "this_page": _this_page(request),
        "session": session,
        "me": session.moderator if session else None,
        "csrf": session.csrf_token if session else "",
        "path": request.url.path,
        **(context or {}),
    }
    response = HTMLResponse(environment.get_template(template).render(values), status_code=status_code)
    response.headers["Content-Language"] = language  # as <html lang>, for tools that read headers
    return response
