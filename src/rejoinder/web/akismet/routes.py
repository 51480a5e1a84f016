"""The Akismet endpoints as raw Starlette handlers: read the body ourselves, answer in plain text.

They bypass FastAPI's form parsing and validation on purpose (see ``form``), are left out of the
OpenAPI document (the protocol is Akismet's, documented in docs/akismet.md), and catch every
exception: an Akismet client must never see a 4xx or 5xx.
"""

from __future__ import annotations

import csv
import io
import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from rejoinder import errors
from rejoinder.services.akismet import AkismetService
from rejoinder.services.akismet_fields import text
from rejoinder.services.akismet_usage import current_month
from rejoinder.services.api_keys import looks_like_key
from rejoinder.web.akismet import protocol
from rejoinder.web.akismet.form import Form, decode_form

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Call:
    """One Akismet request, decoded: the fields, the key (from wherever it came) and the blog."""

    form: Form
    key: str
    blog: str


Handler = Callable[[AkismetService, Call], Awaitable[Response]]


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


async def read_call(request: Request) -> Call:
    """Query string and body (the body wins). The body's size is already bounded by the app's
    ``BodyLimitMiddleware``, which answers oversized Akismet calls the Akismet way."""
    query = request.scope.get("query_string", b"")
    form = decode_form(query) if query else {}
    if request.method == "POST":
        form.update(decode_form(await request.body(), request.headers.get("content-type", "")))
    return Call(form=form, key=key_of(form, request.headers.get("host", "")), blog=text(form, "blog"))


def akismet_endpoint(
    handler: Handler, *, invalid_only: bool = False
) -> Callable[[Request], Awaitable[Response]]:
    """Wrap a handler: decode the call, answer typed errors Akismet's way, never raise."""

    async def endpoint(request: Request) -> Response:
        try:
            service: AkismetService = request.app.state.services.akismet
            call = await read_call(request)
            return await handler(service, call)
        except errors.RejoinderError as exc:
            return protocol.error_answer(exc, invalid_only=invalid_only)
        except Exception:
            log.exception("Akismet %s failed", request.url.path)
            return protocol.internal_error()

    endpoint.__name__ = handler.__name__
    return endpoint


async def verify_key(service: AkismetService, call: Call) -> Response:
    await service.authorize(call.key, call.blog)
    return protocol.plain(protocol.VALID)


async def comment_check(service: AkismetService, call: Call) -> Response:
    grant = await service.authorize(call.key, call.blog)
    service.throttle(grant)
    return protocol.check_answer(await service.check(grant, call.form))


async def submit_spam(service: AkismetService, call: Call) -> Response:
    grant = await service.authorize(call.key, call.blog)
    service.throttle(grant)
    await service.submit(grant, call.form, is_spam=True)
    return protocol.plain(protocol.THANKS)


async def submit_ham(service: AkismetService, call: Call) -> Response:
    grant = await service.authorize(call.key, call.blog)
    service.throttle(grant)
    await service.submit(grant, call.form, is_spam=False)
    return protocol.plain(protocol.THANKS)


async def deactivate(service: AkismetService, call: Call) -> Response:
    """WordPress calls this when the plugin is switched off; there is nothing to undo."""
    await service.authorize(call.key, call.blog or None)
    return protocol.plain(protocol.DEACTIVATED)


async def usage_limit(service: AkismetService, call: Call) -> Response:
    usage = await service.usage_limit(await service.authorize(call.key, None))
    body = {
        "limit": "none" if usage.limit is None else usage.limit,
        "usage": usage.usage,
        "percentage": f"{100 * usage.usage / usage.limit:.2f}" if usage.limit else "0.00",
        "throttled": usage.throttled,
    }
    return Response(json.dumps(body), media_type="application/json")


async def key_sites(service: AkismetService, call: Call) -> Response:
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
        return Response(out.getvalue(), media_type="text/csv")
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
    return Response(json.dumps(body), media_type="application/json")


def _int(form: Form, name: str, default: int) -> int:
    raw = text(form, name).strip()
    if not raw:
        return default
    if not raw.isdigit() or len(raw) > 9:
        raise errors.ValidationError(f"{name} must be a whole number, not {raw!r}", field=name)
    return int(raw)


POST = ["POST"]
GET_POST = ["GET", "POST"]

ROUTES = [
    Route("/1.1/verify-key", akismet_endpoint(verify_key, invalid_only=True), methods=POST),
    Route("/1.1/comment-check", akismet_endpoint(comment_check), methods=POST),
    Route("/1.1/submit-spam", akismet_endpoint(submit_spam), methods=POST),
    Route("/1.1/submit-ham", akismet_endpoint(submit_ham), methods=POST),
    Route("/1.1/deactivate", akismet_endpoint(deactivate, invalid_only=True), methods=POST),
    Route("/1.2/usage-limit", akismet_endpoint(usage_limit), methods=GET_POST),
    Route("/1.2/key-sites", akismet_endpoint(key_sites), methods=GET_POST),
]
