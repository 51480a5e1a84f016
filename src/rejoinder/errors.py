"""The exception tree. Inside the code errors are typed; on the wire they share one JSON shape.

    RejoinderError
     ├── NotFound           a row named by id does not exist            -> 404
     ├── Conflict           the request contradicts the stored state    -> 409
     ├── ValidationError    input is malformed; names the field         -> 400 / 422
     │    └── PayloadTooLarge                                            -> 413
     ├── Forbidden          a token or key does not allow this          -> 403
     ├── RateLimited        too many requests; carries retry_after      -> 429
     └── ThreadClosed       the thread takes no new comments            -> 403

The web layer maps each class to its status once (``rejoinder.web.errors``); the body is
``{"error": {"code": "...", "message": "...", "field": "..."|null}}``.
"""

from __future__ import annotations


class RejoinderError(Exception):
    """Base class. ``code`` is a stable machine-readable word; the message says what to fix."""

    code = "error"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class NotFound(RejoinderError):
    code = "not_found"


class Conflict(RejoinderError):
    code = "conflict"


class ValidationError(RejoinderError):
    code = "invalid"


class PayloadTooLarge(ValidationError):
    code = "too_large"


class Forbidden(RejoinderError):
    code = "forbidden"


class ThreadClosed(Forbidden):
    code = "thread_closed"


class RateLimited(RejoinderError):
    code = "rate_limited"

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after
