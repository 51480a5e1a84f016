"""Reading a request body straight from ASGI ``receive``, once, for the three places that do it
before (or instead of) a framework: the body limit (``api.body_limit``), the post fast path
(``api.post_fast_path``) and the Akismet endpoints (``akismet.routes``).

``read_body`` collects the ``http.request`` messages until the last one, or a disconnect, or more
than ``limit`` bytes, and hands back a ``receive`` that replays what was read, then reads on, so
the app behind gets the request exactly as it came.
"""

from __future__ import annotations

from dataclasses import dataclass

from starlette.types import Message, Receive


@dataclass(frozen=True, slots=True)
class Body:
    data: bytes
    complete: bool  # the last message arrived (no disconnect, not cut at the limit)
    too_large: bool  # more than the limit arrived; ``data`` holds what was read up to then
    replay: Receive


async def read_body(receive: Receive, limit: int | None = None) -> Body:
    messages: list[Message] = []
    size = 0
    complete = too_large = False
    while not (complete or too_large):
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request":
            break
        size += len(message.get("body", b""))
        too_large = limit is not None and size > limit
        complete = not message.get("more_body", False) and not too_large
    data = b"".join(m.get("body", b"") for m in messages if m["type"] == "http.request")

    async def replay() -> Message:
        return messages.pop(0) if messages else await receive()

    return Body(data, complete, too_large, replay)
