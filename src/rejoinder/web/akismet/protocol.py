"""Akismet's exact words on the wire: bodies, headers, and how each error is answered.

Every answer is HTTP 200: Akismet clients treat any other status as a network failure, and
WordPress then holds the comment and retries every 20 minutes. Errors are told in the body
(``invalid``, ``Missing required field: user_ip.``) and in ``X-akismet-debug-help``, which is
sent only on errors: ``@cedx/akismet`` throws on any answer that carries it.
"""

from __future__ import annotations

import json
import re
from typing import Any

from starlette.types import Send

from rejoinder import errors
from rejoinder.services.akismet import CheckAnswer, InvalidKey, MissingField

TEXT = b"text/plain; charset=utf-8"
JSON = b"application/json"
CSV = b"text/csv; charset=utf-8"
VALID, INVALID = "valid", "invalid"
TRUE, FALSE = "true", "false"
THANKS = "Thanks for making the web a better place."
DEACTIVATED = "deactivated"
RATE_LIMITED = "Rate limit exceeded."
SERVER_ERROR = "Server error."
RATE_LIMIT_ALERT = 10601  # Rejoinder's own alert code: over the per-minute limit of a key

_UNSAFE = re.compile(r"[\x00-\x1f\x7f]+")


def header_text(value: str, limit: int = 500) -> str:
    """A header value that cannot break the response: one line, ASCII, bounded.

    Debug texts may quote what the client sent (a blog URL); a CR/LF would inject headers and a
    non-Latin-1 character would make the server fail while writing the answer.
    """
    one_line = _UNSAFE.sub(" ", value).strip()
    return one_line.encode("ascii", "backslashreplace").decode("ascii")[:limit]


class Answer:
    """An HTTP 200 answer, sent as two ASGI messages with nothing in between.

    Starlette's ``Response`` would do the same with more steps; this is the busiest answer of
    the server. ``headers`` are extra (name, value) pairs, names in lower case, values already
    safe (see ``header_text``)."""

    __slots__ = ("body", "content_type", "headers")

    def __init__(
        self, body: bytes, content_type: bytes = TEXT, headers: list[tuple[bytes, bytes]] | None = None
    ) -> None:
        self.body = body
        self.content_type = content_type
        self.headers = headers or []

    async def send(self, send: Send) -> None:
        headers = [
            (b"content-type", self.content_type),
            (b"content-length", b"%d" % len(self.body)),
            *self.headers,
        ]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": self.body})

    def header(self, name: str) -> str | None:
        """A header's value, for tests and logs."""
        wanted = name.lower().encode("latin-1")
        for key, value in self.headers:
            if key == wanted:
                return value.decode("latin-1")
        return None


def plain(body: str, headers: dict[str, str] | None = None) -> Answer:
    """A text answer; header values must be ASCII (``header_text`` makes them so)."""
    extra = [(k.lower().encode("ascii"), v.encode("ascii")) for k, v in (headers or {}).items()]
    return Answer(body.encode(), TEXT, extra)


def json_answer(body: Any) -> Answer:
    return Answer(json.dumps(body).encode(), JSON)


def failure(body: str, debug_help: str, alert_code: int | None = None) -> Answer:
    headers = {"X-akismet-debug-help": header_text(debug_help)}
    if alert_code is not None:
        headers["X-akismet-alert-code"] = str(alert_code)
        headers["X-akismet-alert-msg"] = headers["X-akismet-debug-help"]
    return plain(body, headers)


_SPAM_BODY, _HAM_BODY = TRUE.encode(), FALSE.encode()
_DISCARD = (b"x-akismet-pro-tip", b"discard")


def check_answer(answer: CheckAnswer) -> Answer:
    """``true``/``false`` with the guid; ``X-akismet-pro-tip: discard`` only for blatant spam.

    ``X-rejoinder-decision`` adds what Akismet cannot say (``pending``); clients ignore it.
    The guid is a UUID and the decision an enum value: both ASCII, no escaping needed.
    """
    headers = [
        (b"x-akismet-guid", answer.guid.encode("ascii")),
        (b"x-rejoinder-decision", answer.verdict.decision.value.encode("ascii")),
    ]
    if answer.discard:
        headers.append(_DISCARD)
    return Answer(_SPAM_BODY if answer.is_spam else _HAM_BODY, TEXT, headers)


def error_answer(exc: errors.RejoinderError, *, invalid_only: bool = False) -> Answer:
    """Akismet's answer to a typed error. ``invalid_only``: verify-key knows no other word."""
    if isinstance(exc, InvalidKey):
        return failure(INVALID, exc.message, exc.alert_code)
    if invalid_only:
        return failure(INVALID, exc.message)
    if isinstance(exc, MissingField):
        return failure(f"Missing required field: {exc.field}.", exc.message)
    if isinstance(exc, errors.RateLimited):
        return failure(RATE_LIMITED, exc.message, RATE_LIMIT_ALERT)
    return failure(f"Invalid request: {exc.field or 'parameters'}.", exc.message)


def internal_error() -> Answer:
    """Our fault, still said the Akismet way: WordPress holds the comment and retries."""
    return failure(SERVER_ERROR, "Rejoinder could not answer because of an internal error; retry later")
