"""The Akismet paths are served before the framework's routing; everything else is not changed.

``AkismetFastPath`` answers ``/1.1/...`` and ``/1.2/...`` with their methods straight from the
endpoint. A wrong method, an unknown Akismet path, an oversized body and a client that leaves
before its body arrives must still get what the framework (or the body limit) answers.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from rejoinder.web.akismet.routes import ENDPOINTS, AkismetEndpoint
from tests.akismet.conftest import HAM, Harness, running_app


async def test_the_akismet_routes_stay_on_the_router(harness: Harness) -> None:
    app: Any = harness.client._transport.app  # type: ignore[attr-defined]
    listed = {route.path: route.methods for route in app.routes if route.path.startswith(("/1.1/", "/1.2/"))}
    assert set(listed) == set(ENDPOINTS)
    assert {"GET", "POST"} <= listed["/1.2/key-sites"]
    assert "GET" not in listed["/1.1/comment-check"]


async def test_a_wrong_method_or_path_gets_the_frameworks_answer(harness: Harness) -> None:
    wrong_method = await harness.client.get("/1.1/comment-check")
    assert wrong_method.status_code == 405
    unknown = await harness.post("/1.1/comment-chek", {"api_key": "x"})
    assert unknown.status_code == 404


async def test_an_oversized_body_is_still_refused_the_akismet_way(tmp_path: Path) -> None:
    async with running_app(tmp_path, max_body_bytes=2_000) as h:
        api_key, site = await h.new_key()
        body = {"api_key": api_key.key, "blog": site.url, **HAM, "comment_content": "x" * 5_000}
        response = await h.post("/1.1/comment-check", body)
    assert response.status_code == 200
    assert response.text == "Request too large."
    assert "larger than 2000 bytes" in response.headers["x-akismet-debug-help"]


async def test_a_client_that_leaves_before_its_body_gets_no_answer(harness: Harness) -> None:
    """Nobody to answer: no response is started, nothing is checked, and nothing is raised."""
    app: Any = harness.client._transport.app  # type: ignore[attr-defined]
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = _comment_check_scope(app)
    endpoint: AkismetEndpoint = ENDPOINTS["/1.1/comment-check"]
    await asyncio.wait_for(endpoint(scope, receive, send), 5)
    assert sent == []


async def test_a_body_in_several_chunks_is_read_whole(harness: Harness, key: tuple[str, str]) -> None:
    """The body limit replays a chunked body as one message; a server may still deliver several."""
    api_key, blog = key
    app: Any = harness.client._transport.app  # type: ignore[attr-defined]
    messages = [
        {"type": "http.request", "body": f"api_key={api_key}&blog={blog}".encode(), "more_body": True},
        {"type": "http.request", "body": b"&user_ip=198.51.100.7&comment_author=viag", "more_body": True},
        {"type": "http.request", "body": b"ra-test-123", "more_body": False},
    ]
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return messages.pop(0)

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = _comment_check_scope(app)
    await ENDPOINTS["/1.1/comment-check"](scope, receive, send)
    assert sent[0]["status"] == 200
    assert sent[1]["body"] == b"true"


def _comment_check_scope(app: Any) -> dict[str, Any]:
    """The ASGI scope of a form-encoded ``POST /1.1/comment-check``, for driving the endpoint directly."""
    return {
        "type": "http",
        "method": "POST",
        "path": "/1.1/comment-check",
        "headers": [(b"content-type", b"application/x-www-form-urlencoded")],
        "query_string": b"",
        "app": app,
    }
