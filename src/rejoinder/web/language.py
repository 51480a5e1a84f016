"""The reader's language for the server's own sentences, read from the request."""

from __future__ import annotations

from starlette.requests import HTTPConnection

from rejoinder.i18n import localise, msg, negotiate


def reader_language(request: HTTPConnection) -> str:
    """The language the request's ``Accept-Language`` prefers, among those we translate into."""
    return negotiate(request.headers.get("accept-language"))


def say(request: HTTPConnection, template: str, **params: object) -> str:
    """An English sentence for the reader, in their language when it has a translation."""
    return localise(msg(template, **params), reader_language(request))
