"""``web.request_body.read_body``, fed ASGI messages as a server sends them: whole bodies in
chunks, a body past the limit, a client that disconnects, and the replay the app behind reads."""

from __future__ import annotations

from starlette.types import Message, Receive

from rejoinder.web.request_body import read_body


def server(*messages: Message) -> tuple[Receive, list[Message]]:
    """A ``receive`` handing out ``messages`` in order, then a disconnect; and what is left unread."""
    queue = list(messages)

    async def receive() -> Message:
        return queue.pop(0) if queue else {"type": "http.disconnect"}

    return receive, queue


def chunk(data: bytes, more: bool) -> Message:
    return {"type": "http.request", "body": data, "more_body": more}


async def test_a_chunked_body_is_read_whole_and_replayed_message_for_message() -> None:
    sent = [chunk(b'{"a":', True), chunk(b"", True), chunk(b" 1}", False)]
    receive, _ = server(*sent)
    body = await read_body(receive, limit=100)
    assert (body.data, body.complete, body.too_large) == (b'{"a": 1}', True, False)
    assert [await body.replay() for _ in sent] == sent
    assert await body.replay() == {"type": "http.disconnect"}  # then it reads on


async def test_reading_stops_at_the_first_chunk_past_the_limit() -> None:
    receive, unread = server(chunk(b"x" * 60, True), chunk(b"x" * 60, True), chunk(b"x" * 60, False))
    body = await read_body(receive, limit=100)
    assert (len(body.data), body.complete, body.too_large) == (120, False, True)
    assert len(unread) == 1  # the rest is never buffered


async def test_exactly_the_limit_is_not_too_large_and_no_limit_reads_all() -> None:
    receive, _ = server(chunk(b"x" * 50, True), chunk(b"x" * 50, False))
    assert not (await read_body(receive, limit=100)).too_large
    receive, _ = server(chunk(b"x" * 5000, False))
    assert (await read_body(receive)).complete


async def test_a_client_that_disconnects_leaves_an_incomplete_body() -> None:
    receive, _ = server(chunk(b"half", True))
    body = await read_body(receive)
    assert (body.data, body.complete, body.too_large) == (b"half", False, False)
    assert await body.replay() == chunk(b"half", True)
    assert await body.replay() == {"type": "http.disconnect"}
