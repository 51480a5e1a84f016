"""``OneWriteHttpTools``: the same response bytes as uvicorn's own protocol, in one socket write.

Each case serves one request over a real socket pair on the running event loop, once with
uvicorn's ``HttpToolsProtocol`` and once with ours, and counts the transport writes (the transport
is the loop's own, wrapped only to count).
"""

from __future__ import annotations

import asyncio
import gc
import json
import socket
from typing import Any

import pytest
import uvicorn
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol, RequestResponseCycle
from uvicorn.server import ServerState

from rejoinder.web.api.one_write import JOIN_UP_TO, OneWriteHttpTools

LARGE = b"x" * (JOIN_UP_TO + 10)


async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] != "http":
        return
    body = LARGE if scope["path"] == "/large" else json.dumps({"path": scope["path"]}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    if scope["path"] == "/chunked":
        await send({"type": "http.response.start", "status": 200, "headers": headers[:1]})
        await send({"type": "http.response.body", "body": b"part one ", "more_body": True})
        await send({"type": "http.response.body", "body": b"part two"})
        return
    await send({"type": "http.response.start", "status": 201, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class _Counting:
    """The loop's transport, with its write calls counted."""

    def __init__(self, real: asyncio.Transport, writes: list[int]) -> None:
        self._real = real
        self._writes = writes

    def write(self, data: bytes) -> None:
        self._writes.append(1)
        self._real.write(data)

    def writelines(self, parts: list[bytes]) -> None:
        self._writes.append(1)
        self._real.writelines(parts)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)


async def _serve_once(protocol_class: type[HttpToolsProtocol], *requests: bytes) -> tuple[bytes, int]:
    """Requests one after another on one connection: the responses' bytes and how many writes
    carried them."""
    loop = asyncio.get_running_loop()
    config = uvicorn.Config(
        app, date_header=False, server_header=False, lifespan="off", ws="none", log_level="warning"
    )
    config.load()
    writes: list[int] = []

    class Counted(protocol_class):  # type: ignore[valid-type, misc]
        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(_Counting(transport, writes))  # type: ignore[arg-type]

    server_end, client_end = socket.socketpair()
    answers = b""
    with client_end:
        transport, _ = await loop.connect_accepted_socket(
            lambda: Counted(config=config, server_state=ServerState(), app_state={}), server_end
        )
        client_end.setblocking(False)
        for request in requests:
            await loop.sock_sendall(client_end, request)
            received = b""
            while not _complete(received, head_only=request.startswith(b"HEAD")):
                chunk = await asyncio.wait_for(loop.sock_recv(client_end, 1 << 20), timeout=5)
                assert chunk, "the server closed the connection"
                received += chunk
            answers += received
        transport.close()
    return answers, len(writes)


def _complete(response: bytes, *, head_only: bool) -> bool:
    head, ended, body = response.partition(b"\r\n\r\n")
    if not ended or head_only:
        return bool(ended)
    if b"transfer-encoding: chunked" in head:
        return body.endswith(b"0\r\n\r\n")
    length = next(
        (int(line.split(b":")[1]) for line in head.split(b"\r\n") if line.startswith(b"content-length")), 0
    )
    return len(body) >= length


@pytest.mark.parametrize(
    ("request_line", "ours", "uvicorns"),
    [
        (b"GET /small HTTP/1.1", 1, 2),
        (b"HEAD /small HTTP/1.1", 1, 1),  # the body message writes nothing: the head goes alone
        (b"GET /large HTTP/1.1", 1, 2),
        (b"GET /chunked HTTP/1.1", 2, 3),  # the head rides with the first part
    ],
)
async def test_the_same_bytes_in_fewer_writes(request_line: bytes, ours: int, uvicorns: int) -> None:
    request = request_line + b"\r\nHost: example.org\r\n\r\n"
    theirs, their_writes = await _serve_once(HttpToolsProtocol, request)
    mine, my_writes = await _serve_once(OneWriteHttpTools, request)
    assert mine == theirs
    assert theirs.startswith((b"HTTP/1.1 201", b"HTTP/1.1 200"))
    assert (my_writes, their_writes) == (ours, uvicorns)


async def test_keep_alive_requests_each_get_their_own_head() -> None:
    """Two requests on one connection: each response's head is held and written with its body."""
    one = b"GET /first HTTP/1.1\r\nHost: example.org\r\n\r\n"
    two = b"GET /second HTTP/1.1\r\nHost: example.org\r\n\r\n"
    theirs, their_writes = await _serve_once(HttpToolsProtocol, one, two)
    mine, writes = await _serve_once(OneWriteHttpTools, one, two)
    assert mine == theirs
    assert b'{"path": "/first"}HTTP/1.1 201' in mine
    assert mine.endswith(b'{"path": "/second"}')
    assert (writes, their_writes) == (2, 4)


async def test_an_answered_cycle_is_freed_without_the_garbage_collector() -> None:
    """The sender refers to its cycle weakly: on a keep-alive connection the first request's cycle
    is freed when the second replaces it, as with uvicorn's own protocol (its last cycle and the
    connection's objects are the collector's either way). Unreachable objects are kept for
    inspection (``DEBUG_SAVEALL``) instead of freed."""
    one = b"GET /first HTTP/1.1\r\nHost: example.org\r\n\r\n"
    two = b"GET /second HTTP/1.1\r\nHost: example.org\r\n\r\n"
    counts = []
    for protocol_class in (HttpToolsProtocol, OneWriteHttpTools):
        gc.collect()
        gc.disable()
        gc.set_debug(gc.DEBUG_SAVEALL)
        try:
            await _serve_once(protocol_class, one, two)
            for _ in range(3):
                await asyncio.sleep(0)  # connection_lost and the tasks' ends
            gc.collect()
            counts.append(sum(isinstance(o, RequestResponseCycle) for o in gc.garbage))
        finally:
            gc.set_debug(0)
            gc.garbage.clear()
            gc.enable()
    assert counts[1] == counts[0]
    assert counts[0] <= 1
