"""``PostFastPath``: a well-formed post is answered past routing, everything else by the route, and
both answer alike (same status, same error body, same headers).

The comparisons run each request twice: through the app as served (fast path first) and through
the same app's route alone (the fast path handed an inner app that is the app itself minus the
fast path), so a difference in any error answer shows up here.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from starlette.types import Message, Scope

from rejoinder.web.api.post_fast_path import PostFastPath
from tests.api.conftest import HAM, Api

JSON = "application/json"


def scope_for(
    api: Api, body: bytes, content_type: str | None = "application/json", origin: str = ""
) -> Scope:
    headers = [(b"host", b"testserver"), (b"user-agent", b"Mozilla/5.0 (test)")]
    if content_type is not None:
        headers.append((b"content-type", content_type.encode()))
    if origin:
        headers.append((b"origin", origin.encode()))
    headers.append((b"content-length", str(len(body)).encode()))
    return {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
        "scheme": "http", "path": "/api/comments", "raw_path": b"/api/comments", "query_string": b"",
        "root_path": "", "headers": headers, "client": ("203.0.113.57", 5555),
        "server": ("testserver", 80), "state": {}, "app": api.app,
    }  # fmt: skip


async def call(app: Any, scope: Scope, body: bytes) -> tuple[int, dict[str, str], bytes, list[Message]]:
    """Run one request; return the status, headers, body, and what the inner app was handed."""
    messages: list[Message] = [{"type": "http.request", "body": body, "more_body": False}]

    async def receive() -> Message:
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    sent: list[Message] = []

    async def send(message: Message) -> None:
        sent.append(message)

    await app(dict(scope), receive, send)
    start = sent[0]
    headers = {k.decode(): v.decode() for k, v in start["headers"]}
    return start["status"], headers, b"".join(m.get("body", b"") for m in sent[1:]), sent


def route_alone(api: Api) -> Any:
    """The app's middleware stack as served, minus ``PostFastPath``: every post goes to the route."""
    served = api.app.user_middleware
    api.app.user_middleware = [m for m in served if m.cls is not PostFastPath]
    try:
        return api.app.build_middleware_stack()
    finally:
        api.app.user_middleware = served


async def handed_on(scope: Scope, body: bytes) -> list[bytes]:
    """What ``PostFastPath`` hands to the app behind it (an empty list: it answered itself)."""
    handed: list[bytes] = []

    async def behind(scope: Scope, receive: Any, send: Any) -> None:
        handed.append((await receive()).get("body", b""))
        await send({"type": "http.response.start", "status": 418, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    await call(PostFastPath(behind), scope, body)
    return handed


async def answer_both_ways(api: Api, scope: Scope, body: bytes) -> tuple[Any, Any]:
    """(the app as served, the same app with every post going to the route)."""
    return await call(api.app, scope, body), await call(route_alone(api), scope, body)


def post_body(site_id: int, token: str, text: str = HAM) -> bytes:
    fields = {"site": site_id, "uri": "/a", "author": "Jane", "email": "jane@example.org", "text": text}
    return json.dumps({**fields, "form_token": token}).encode()


async def test_a_well_formed_post_never_reaches_the_route(api: Api) -> None:
    site = await api.site()
    body = post_body(site.id, await api.form_token(site))
    assert await handed_on(scope_for(api, body, origin=site.url), body) == []  # answered in front
    assert len((await api.thread(site))["comments"]) == 1
    body = post_body(site.id, await api.form_token(site), HAM + " Again.")
    status, headers, answer, _ = await call(api.app, scope_for(api, body, origin=site.url), body)
    assert status == 201, answer
    assert headers["content-type"] == "application/json"
    assert headers["access-control-allow-origin"] == site.url  # CORS still wraps it
    posted = json.loads(answer)
    assert posted["status"] == "approved"
    assert set(posted) == {"comment", "edit_token", "editable_until", "status", "message", "form_token"}


@pytest.mark.parametrize(
    ("change", "content_type", "raw", "by_route"),
    [
        ({}, "text/plain", None, True),  # another content type: the route decides
        ({}, JSON, b'{"site": 1, "uri": ', True),  # bad JSON
        ({}, JSON, b"[]", True),
        ({"site": "1"}, JSON, None, True),  # a wrong type
        ({"text": None}, JSON, None, True),
        ({"form_token": "forged"}, JSON, None, False),  # refused by the service
        ({"uri": "no-slash"}, JSON, None, False),
        ({"site": 2**31 - 1}, JSON, None, False),  # no such site
        ({"parent_id": 999_999_999}, JSON, None, False),
        ({"origin": "https://evil.example"}, JSON, None, False),
    ],
)
async def test_every_other_answer_is_the_routes_own(
    api: Api, change: dict[str, Any], content_type: str | None, raw: bytes | None, by_route: bool
) -> None:
    site = await api.site()
    origin = change.pop("origin", site.url)
    fields = json.loads(post_body(site.id, await api.form_token(site)))
    body = raw if raw is not None else json.dumps(fields | change).encode()
    scope = scope_for(api, body, content_type, origin)
    await call(route_alone(api), scope, body)  # CORS learns the new site's origin on a first post
    fast, plain = await answer_both_ways(api, scope, body)
    assert fast[0] == plain[0]
    assert fast[0] >= 400
    assert json.loads(fast[2]) == json.loads(plain[2])
    assert fast[1] == plain[1]  # CORS headers, content type and length, Retry-After...
    assert await handed_on(scope, body) == ([body] if by_route else [])  # replayed intact


async def test_a_post_without_a_content_type_is_the_routes_and_still_posts(api: Api) -> None:
    """FastAPI reads a body without a content type as JSON; the fast path leaves that to it."""
    site = await api.site()
    body = post_body(site.id, await api.form_token(site))
    scope = scope_for(api, body, None, site.url)
    assert await handed_on(scope, body) == [body]
    assert (await call(api.app, scope, body))[0] == 201


async def test_a_rate_limited_post_keeps_retry_after(tmp_path: Any) -> None:
    from tests.api.conftest import running_api

    async with running_api(f"sqlite:///{tmp_path / 'r.db'}", rate_limit_per_minute=1) as api:
        site = await api.site()
        for attempt in range(2):
            body = post_body(site.id, await api.form_token(site), HAM + str(attempt))
            status, headers, answer, _ = await call(api.app, scope_for(api, body, origin=site.url), body)
        assert status == 429, answer
        assert int(headers["retry-after"]) >= 1
        assert json.loads(answer)["error"]["code"] == "rate_limited"
