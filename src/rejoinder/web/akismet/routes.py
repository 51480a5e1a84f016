"""The Akismet endpoints as raw ASGI apps: read the body ourselves, answer in plain text.

They bypass FastAPI's form parsing and validation on purpose (see ``form``), are left out of the
OpenAPI document (the protocol is Akismet's, documented in docs/akismet.md), and catch every
exception: an Akismet client must never see a 4xx or 5xx.

Why raw ASGI and not Starlette's ``Request``/``Response``: comment-check is the busiest endpoint
of the server (the protocol's whole point is one call per comment), and every object between
the socket and the service costs CPU on every call. ``fast_path`` serves them before the
framework's routing (about 15 regular expressions per request, the comments API's first) and its
middleware; the same endpoints stay registered on the router, so ``app.routes`` lists them and a
wrong method still gets the framework's 405.
"""

from __future__ import annotations

import csv
import io
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from starlette.types import ASGIApp, Receive, Scope, Send

from rejoinder import errors
from rejoinder.services.akismet import AkismetService
from rejoinder.services.akismet_fields import text
from rejoinder.services.akismet_usage import current_month
from rejoinder.services.api_keys import looks_like_key
from rejoinder.web import request_body
from rejoinder.web.akismet import protocol
from rejoinder.web.akismet.form import Form, decode_form
from rejoinder.web.akismet.protocol import Answer

log = logging.getLogger(__name__)

KEEP_ALIVE_REQUESTS = 100  # Akismet calls per client connection (see ``KeepAliveBudget``)
CLOSE = (b"connection", b"close")


@dataclass(frozen=True, slots=True)
class Call:
    """One Akismet request, decoded: the fields, the key (from wherever it came) and the blog."""

    form: Form
    key: str
    blog: str


Handler = Callable[[AkismetService, Call], Awaitable[Answer]]


class KeepAliveBudget:
    """At most ``limit`` requests per client connection, then the answer says ``Connection: close``.

    Why: ``rejoinder serve --workers N`` shares one listening socket, and a client that opens its
    connections at once (a WordPress site under load, a load generator) can find most of them
    accepted by one worker, which then queues while the other idles; kept alive, that lasts as
    long as the connections. Closing every connection after ``limit`` requests (nginx's
    ``keepalive_requests``, Apache's ``MaxKeepAliveRequests``) lets the client reconnect, and the
    idle worker, waiting in ``accept``, is the one that takes the new connection. The cost is
    one TCP handshake per ``limit`` calls. A connection is known by the client's address and port."""

    def __init__(self, limit: int = KEEP_ALIVE_REQUESTS, size: int = 10_000) -> None:
        self.limit, self.size = limit, size
        self._served: dict[tuple[str, int], int] = {}

    def spend(self, scope: Scope) -> bool:
        """Count this request; True when it is the connection's last."""
        client = scope.get("client")
        if not client:
            return False
        peer = (client[0], client[1])
        served = self._served.get(peer, 0) + 1
        if served >= self.limit:
            self._served.pop(peer, None)
            return True
        if len(self._served) >= self.size:  # connections that ended without reaching the limit
            self._served.clear()
        self._served[peer] = served
        return False


class ClientGone(Exception):
    """The client disconnected before its body arrived: there is nobody to answer."""


def key_from_host(host: str) -> str:
    """``KEY.akismet.example.org[:port]`` -> ``KEY``; anything else -> ``""``.

    Only a leftmost label that looks like a key counts, so ``rest.akismet.com`` (what the
    Python client sends through a redirecting transport) or ``127.0.0.1`` never do.
    """
    name = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
    labels = name.lower().split(".")
    if len(labels) >= 3 and looks_like_key(labels[0]):
        return labels[0]
    return ""


def key_of(form: Form, host: str) -> str:
    """Precedence: ``api_key``, then ``key`` (verify-key's name), then the Host header."""
    return text(form, "api_key").strip() or text(form, "key").strip() or key_from_host(host)


async def read_body(receive: Receive) -> bytes:
    """The whole request body. Its size is already bounded by the app's ``BodyLimitMiddleware``,
    which answers oversized Akismet calls the Akismet way."""
    body = await request_body.read_body(receive)
    if not body.complete:
        raise ClientGone
    return body.data


async def read_call(scope: Scope, receive: Receive) -> Call:
    """Query string and body (the body wins); the Host and Content-Type headers."""
    host = content_type = ""
    for name, value in scope["headers"]:
        if name == b"host":
            host = value.decode("latin-1")
        elif name == b"content-type":
            content_type = value.decode("latin-1")
    query = scope.get("query_string", b"")
    form = decode_form(query) if query else {}
    if scope["method"] == "POST":
        form.update(decode_form(await read_body(receive), content_type))
    return Call(form=form, key=key_of(form, host), blog=text(form, "blog"))


class AkismetEndpoint:
    """A handler as an ASGI app: decode the call, answer typed errors Akismet's way, never raise.

    An instance (not a function) so that Starlette's router mounts it as an ASGI app too."""

    budget = KeepAliveBudget()  # one per process, shared by the Akismet endpoints

    def __init__(self, handler: Handler, methods: tuple[str, ...], *, invalid_only: bool = False) -> None:
        self.handler = handler
        self.methods = frozenset(methods)
        self.invalid_only = invalid_only
        self.__name__ = handler.__name__

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            service: AkismetService = scope["app"].state.services.akismet
            call = await read_call(scope, receive)
            answer = await self.handler(service, call)
        except ClientGone:
            return
        except errors.RejoinderError as exc:
            answer = protocol.error_answer(exc, invalid_only=self.invalid_only)
        except Exception:
            log.exception("Akismet %s failed", scope.get("path", "?"))
            answer = protocol.internal_error()
        if self.budget.spend(scope):
            answer.headers.append(CLOSE)
        await answer.send(send)


async def verify_key(service: AkismetService, call: Call) -> Answer:
    await service.authorize(call.key, call.blog)
    return protocol.plain(protocol.VALID)


async def comment_check(service: AkismetService, call: Call) -> Answer:
    grant = await service.authorize(call.key, call.blog)
    service.throttle(grant)
    return protocol.check_answer(await service.check(grant, call.form))


async def submit_spam(service: AkismetService, call: Call) -> Answer:
    grant = await service.authorize(call.key, call.blog)
    service.throttle(grant)
    await service.submit(grant, call.form, is_spam=True)
    return protocol.plain(protocol.THANKS)


async def submit_ham(service: AkismetService, call: Call) -> Answer:
    grant = await service.authorize(call.key, call.blog)
    service.throttle(grant)
    await service.submit(grant, call.form, is_spam=False)
    return protocol.plain(protocol.THANKS)


async def deactivate(service: AkismetService, call: Call) -> Answer:
    """WordPress calls this when the plugin is switched off; there is nothing to undo."""
    await service.authorize(call.key, call.blog or None)
    return protocol.plain(protocol.DEACTIVATED)


async def usage_limit(service: AkismetService, call: Call) -> Answer:
    usage = await service.usage_limit(await service.authorize(call.key, None))
    body = {
        "limit": "none" if usage.limit is None else usage.limit,
        "usage": usage.usage,
        "percentage": f"{100 * usage.usage / usage.limit:.2f}" if usage.limit else "0.00",
        "throttled": usage.throttled,
    }
    return protocol.json_answer(body)


async def key_sites(service: AkismetService, call: Call) -> Answer:
    """JSON by default, CSV on ``format=csv``; counts are strings, as in Akismet's own sample."""
    grant = await service.authorize(call.key, None)
    month = text(call.form, "month").strip() or None
    rows = await service.key_sites(grant, month)
    wanted = text(call.form, "filter").strip().lower()
    rows = [r for r in rows if wanted in r.site.lower()]
    limit, offset = _int(call.form, "limit", 500), _int(call.form, "offset", 0)
    page = rows[offset : offset + limit]
    month = month or current_month()
    if text(call.form, "format").strip().lower() == "csv":
        out = io.StringIO()
        out.write(f"Active sites for {grant.api_key.key} during {month} ")
        out.write(f"(limit:{limit}, offset: {offset}, total: {len(rows)})\n")
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(
            ["Site", "Total API Calls", "Spam", "Ham", "Missed Spam", "False Positives", "Is Revoked"]
        )
        for r in page:
            writer.writerow(
                [
                    r.site,
                    r.api_calls,
                    r.spam,
                    r.ham,
                    r.missed_spam,
                    r.false_positives,
                    str(r.is_revoked).lower(),
                ]
            )
        return Answer(out.getvalue().encode(), protocol.CSV)
    body = {
        month: [
            {
                "site": r.site,
                "api_calls": str(r.api_calls),
                "spam": str(r.spam),
                "ham": str(r.ham),
                "missed_spam": str(r.missed_spam),
                "false_positives": str(r.false_positives),
                "is_revoked": r.is_revoked,
            }
            for r in page
        ],
        "limit": limit,
        "offset": offset,
        "total": len(rows),
    }
    return protocol.json_answer(body)


def _int(form: Form, name: str, default: int) -> int:
    raw = text(form, name).strip()
    if not raw:
        return default
    if not raw.isdigit() or len(raw) > 9:
        raise errors.ValidationError(f"{name} must be a whole number, not {raw!r}", field=name)
    return int(raw)


POST = ("POST",)
GET_POST = ("GET", "POST")

ENDPOINTS: dict[str, AkismetEndpoint] = {
    "/1.1/verify-key": AkismetEndpoint(verify_key, POST, invalid_only=True),
    "/1.1/comment-check": AkismetEndpoint(comment_check, POST),
    "/1.1/submit-spam": AkismetEndpoint(submit_spam, POST),
    "/1.1/submit-ham": AkismetEndpoint(submit_ham, POST),
    "/1.1/deactivate": AkismetEndpoint(deactivate, POST, invalid_only=True),
    "/1.2/usage-limit": AkismetEndpoint(usage_limit, GET_POST),
    "/1.2/key-sites": AkismetEndpoint(key_sites, GET_POST),
}


class AkismetFastPath:
    """ASGI middleware: an Akismet path with its method goes straight to its endpoint.

    One dictionary look-up instead of the router's regular expressions and the framework's
    exception and exit-stack middleware (the endpoints catch everything themselves). Anything
    else, including a wrong method on an Akismet path, goes on to the app unchanged."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            endpoint = ENDPOINTS.get(scope["path"])
            if endpoint is not None and scope["method"] in endpoint.methods:
                await endpoint(scope, receive, send)
                return
        await self.app(scope, receive, send)
