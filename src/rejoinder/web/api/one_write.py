"""uvicorn's httptools protocol, with each response's head and first body part in one socket write.

uvicorn writes a response in two ``transport.write`` calls: the status line and headers when the
app sends ``http.response.start``, the body when it sends ``http.response.body``. uvloop sends
each write at once, so every answer cost two ``send`` system calls and two TCP segments, and the
client woke up for each. Under the post benchmark those writes were about a tenth of a worker's
samples (``py-spy --gil``, session 8). Here the head is held back until the first body message,
and both go out in one write (joined: uvloop sends a single buffer directly, while several
buffers take a libuv write request and a callback). The bytes on the wire are
unchanged, only their grouping: uvicorn's own ``send`` still builds them and still checks every
message, so its rules (content length, HEAD, chunked, keep-alive) stay its own.

Holding the head is safe because no Rejoinder response sends its head and then waits (nothing
streams): the body follows at once. A head whose body never comes is dropped, as uvicorn then
closes the connection anyway.

Used by ``rejoinder serve`` (``http=OneWriteHttpTools``).
"""

from __future__ import annotations

import asyncio
import weakref
from typing import Any

from uvicorn._types import ASGISendEvent
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol, RequestResponseCycle

JOIN_UP_TO = 64 * 1024  # bodies up to this size are joined to their head (a copy, cheaper than a writev)


class OneWriteHttpTools(HttpToolsProtocol):
    def on_headers_complete(self) -> None:
        super().on_headers_complete()
        cycle = self.cycle
        if cycle is not None and not isinstance(vars(cycle).get("send"), _Sender):
            cycle.send = _Sender(cycle)  # type: ignore[method-assign]  # run_asgi reads it later


class _Sender:
    """A cycle's ``send``: uvicorn's, with the head's write held for the next message's."""

    __slots__ = ("_cycle", "_head")

    def __init__(self, cycle: RequestResponseCycle) -> None:
        # Weak: the cycle holds this sender, and a strong reference back would leave every
        # answered request's cycle (scope, body and all) to the garbage collector.
        self._cycle = weakref.ref(cycle)
        self._head: list[bytes] = []

    async def __call__(self, message: ASGISendEvent) -> None:
        cycle = self._cycle()
        if cycle is None:  # cannot happen: the cycle's run_asgi is the caller
            raise RuntimeError("send called after its request cycle was freed")
        real = cycle.transport
        prefixed: _Prefixed | None = None
        if message["type"] == "http.response.start" and not cycle.response_started:
            cycle.transport = _Holding(real, self._head)  # type: ignore[assignment]
        elif self._head:
            head, self._head = self._head, []
            cycle.transport = prefixed = _Prefixed(real, head)  # type: ignore[assignment]
        try:
            await RequestResponseCycle.send(cycle, message)
        finally:
            cycle.transport = real
        if prefixed is not None:  # a message that wrote nothing (HEAD's body): the head goes alone
            prefixed.flush()


class _Holding:
    """The transport while uvicorn writes a head: what it writes is kept, not sent."""

    __slots__ = ("_kept", "_real")

    def __init__(self, real: asyncio.Transport, kept: list[bytes]) -> None:
        self._real = real
        self._kept = kept

    def write(self, data: bytes) -> None:
        self._kept.append(data)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)


class _Prefixed:
    """The transport for the message after a head: its first write carries the head with it."""

    __slots__ = ("_head", "_real")

    def __init__(self, real: asyncio.Transport, head: list[bytes]) -> None:
        self._real = real
        self._head = head

    def write(self, data: bytes) -> None:
        if self._head:
            parts, self._head = [*self._head, data], []
            if len(data) <= JOIN_UP_TO:  # one buffer: uvloop's direct try-write, no write request
                self._real.write(b"".join(parts))
            else:  # a large body is not copied for the sake of a small head
                self._real.writelines(parts)
        else:
            self._real.write(data)

    def flush(self) -> None:
        if self._head:
            head, self._head = self._head, []
            self._real.write(b"".join(head))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)
