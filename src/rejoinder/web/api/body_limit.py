"""Requests whose body is larger than ``settings.max_body_bytes`` get 413 before any handler runs.

The declared ``Content-Length`` is checked first; a body sent without one (chunked) is read up to
the limit and then handed on, so a handler never buffers more than the limit.
"""

from __future__ import annotations

import json

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from rejoinder.web.errors import error_body
from rejoinder.web.request_body import read_body


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        length = Headers(scope=scope).get("content-length")
        if length is not None:
            if not length.isdigit() or int(length) > self.max_bytes:
                await self._too_large(scope, send)
                return
            await self.app(scope, receive, send)
            return
        body = await read_body(receive, self.max_bytes)
        if body.too_large:
            await self._too_large(scope, send)
            return
        await self.app(scope, body.replay, send)

    async def _too_large(self, scope: Scope, send: Send) -> None:
        message = f"The request body is larger than {self.max_bytes} bytes: send less."
        status, extra = 413, []
        if scope.get("path", "").startswith(("/1.1/", "/1.2/")):
            # Akismet clients take any non-200 for a network failure: answer its way (docs/akismet.md).
            body, kind = b"Request too large.", b"text/plain; charset=utf-8"
            status, extra = 200, [(b"x-akismet-debug-help", message.encode())]
        else:
            body, kind = json.dumps(error_body("too_large", message)).encode(), b"application/json"
        headers = [
            (b"content-type", kind),
            (b"content-length", str(len(body)).encode()),
            (b"connection", b"close"),
            *extra,
        ]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})
