"""Akismet's exact words on the wire: bodies, headers, and how each error is answered.

Every answer is HTTP 200: Akismet clients treat any other status as a network failure, and
WordPress then holds the comment and retries every 20 minutes. Errors are told in the body
(``invalid``, ``Missing required field: user_ip.``) and in ``X-akismet-debug-help``, which is
sent only on errors: ``@cedx/akismet`` throws on any answer that carries it.
"""

from __future__ import annotations

import re

from starlette.responses import Response

from rejoinder import errors
from rejoinder.services.akismet import CheckAnswer, InvalidKey, MissingField

TEXT = "text/plain"
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


def plain(body: str, headers: dict[str, str] | None = None) -> Response:
    return Response(body, media_type=TEXT, headers=headers)


def failure(body: str, debug_help: str, alert_code: int | None = None) -> Response:
    headers = {"X-akismet-debug-help": header_text(debug_help)}
    if alert_code is not None:
        headers["X-akismet-alert-code"] = str(alert_code)
        headers["X-akismet-alert-msg"] = headers["X-akismet-debug-help"]
    return plain(body, headers)


def check_answer(answer: CheckAnswer) -> Response:
    """``true``/``false`` with the guid; ``X-akismet-pro-tip: discard`` only for blatant spam.

    ``X-rejoinder-decision`` adds what Akismet cannot say (``pending``); clients ignore it.
    """
    headers = {"X-akismet-guid": answer.guid, "X-rejoinder-decision": answer.verdict.decision.value}
    if answer.discard:
        headers["X-akismet-pro-tip"] = "discard"
    return plain(TRUE if answer.is_spam else FALSE, headers)


def error_answer(exc: errors.RejoinderError, *, invalid_only: bool = False) -> Response:
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


def internal_error() -> Response:
    """Our fault, still said the Akismet way: WordPress holds the comment and retries."""
    return failure(SERVER_ERROR, "Rejoinder could not answer because of an internal error; retry later")
