"""A database that cannot take the request now is 503 with ``Retry-After``, in the one error shape.

PostgreSQL refuses connections past ``max_connections`` (or a role's ``CONNECTION LIMIT``), and
while it starts or shuts down; after a crash or restart, connections kept open break under the
statements they carry; SQLite gives up on a lock after its busy timeout; the connection
pool gives up after its wait. None of that is a bug in the request, and a reader's widget and an
Akismet client both do the right thing with a 503 (say "try again", keep the draft; retry later),
where a bare 500 in plain text looked like our fault. Everything else still reaches uvicorn's
500. This sits outside the fast paths (posts, Akismet) as well as the routes, so it covers every
endpoint; on the happy path it costs one ``try``. The message is said in the reader's language
(``Accept-Language``, as every other public API error is): the widget shows it as it comes.
"""

from __future__ import annotations

import json
import logging

from asyncpg import exceptions as pg
from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Receive, Scope, Send

from rejoinder.i18n import LANGUAGES, localise, msg, translatable
from rejoinder.storage.unavailable import causes, is_wait_given_up
from rejoinder.web.errors import error_body
from rejoinder.web.language import reader_language

log = logging.getLogger("rejoinder.web")

RETRY_AFTER_SECONDS = 1
MESSAGE = translatable("The server is busy: please try again in a moment.")
# Made once per language: the answer is needed exactly when the server is short of everything.
_BODIES = {
    language: json.dumps(error_body("unavailable", localise(msg(MESSAGE), language))).encode()
    for language in LANGUAGES
}
_POSTGRES_BUSY = (
    pg.TooManyConnectionsError,  # max_connections, or the role's CONNECTION LIMIT
    pg.CannotConnectNowError,  # starting up or shutting down
    pg.PostgresConnectionError,  # the connection broke or could not be made
)
# asyncpg's word for a statement sent on a connection that had already broken (a pooled one, idle
# when PostgreSQL crashed): an InterfaceError, like a misuse of the driver, which stays a 500.
_CLOSED = "connection is closed"


def database_busy(exc: BaseException) -> bool:
    """True for the errors that mean "the database cannot serve this now", wrapped or not."""
    return any(_busy(link) for link in causes(exc))


def _busy(error: BaseException) -> bool:
    if isinstance(error, (*_POSTGRES_BUSY, ConnectionError)) or is_wait_given_up(error):
        return True
    return isinstance(error, pg.InterfaceError) and str(error) == _CLOSED


class DatabaseBusyMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await self.app(scope, receive, send)
        except Exception as exc:
            if scope["type"] != "http" or not database_busy(exc):
                raise
            log.warning("database busy, answered 503: %s", type(exc).__name__)
            _release_idle_connections(scope)
            try:
                await _answer_busy(send, _BODIES[reader_language(HTTPConnection(scope))])
            except RuntimeError:  # the answer had already started: nothing better than closing
                raise exc from None


def _release_idle_connections(scope: Scope) -> None:
    """Connections this process keeps aside for its hot statements may be what the database is
    short of: they go back to the pool, so the next request finds one (``storage.leases``)."""
    services = getattr(scope["app"].state, "services", None)
    if services is not None:
        services.store.release_idle_connections()


async def _answer_busy(send: Send, body: bytes) -> None:
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        (b"retry-after", str(RETRY_AFTER_SECONDS).encode()),
        (b"cache-control", b"no-store"),
    ]
    await send({"type": "http.response.start", "status": 503, "headers": headers})
    await send({"type": "http.response.body", "body": body})
