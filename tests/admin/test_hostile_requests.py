"""Hostile requests to the dashboard on a real ``rejoinder serve``: a form body that is not what its
Content-Type says, and ids too large for a database integer, get a 4xx page that says what is
wrong, never a 500 (found by hand in session 8; uvicorn also drops the connection after a 500)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest

from tests.support.live_server import LiveServer, run_cli

NAME, PASSWORD = "hostile-owner", "correct horse battery"
CSRF = re.compile(r'name="csrf" value="([^"]+)"')
TOO_BIG = "99999999999999999999"  # past SQLite's and PostgreSQL's 64-bit integers
BROKEN_MULTIPART = {
    "content": b"\xff\xfe not a multipart body",
    "headers": {"content-type": "multipart/form-data; boundary=zz"},
}


def csrf_of(html: str) -> str:
    match = CSRF.search(html)
    assert match, "no CSRF field on the page"
    return match.group(1)


@pytest.fixture(scope="module")
def owner(live_server: LiveServer) -> Iterator[tuple[httpx.Client, str]]:
    """A logged-in owner on the live server, and the session's CSRF token."""
    run_cli(
        "admin", "add", NAME, "--password-stdin", "--role", "owner", db_url=live_server.db_url, stdin=PASSWORD
    )
    with httpx.Client(base_url=live_server.url, timeout=30) as client:
        token = csrf_of(client.get("/admin/login").text)
        answer = client.post("/admin/login", data={"name": NAME, "password": PASSWORD, "csrf": token})
        assert answer.status_code == 303, answer.text
        yield client, csrf_of(client.get("/admin/bans").text)


def test_a_broken_multipart_login_form_is_a_400(live_server: LiveServer) -> None:
    with httpx.Client(base_url=live_server.url, timeout=30) as client:
        answer = client.post("/admin/login", **BROKEN_MULTIPART)  # type: ignore[arg-type]
    assert answer.status_code == 400, answer.text
    assert "form" in answer.text
    assert answer.headers["x-frame-options"] == "DENY"


@pytest.mark.parametrize(
    "path",
    [
        "/admin/comments/action",
        "/admin/undo",
        "/admin/bans",
        "/admin/bans/1/delete",
        "/admin/threads/1/close",
        "/admin/sites/1/settings",
        "/admin/moderators",
        "/admin/logout",
    ],
)
def test_a_broken_multipart_form_from_a_moderator_is_a_400(
    owner: tuple[httpx.Client, str], path: str
) -> None:
    client, _ = owner
    answer = client.post(path, **BROKEN_MULTIPART)  # type: ignore[arg-type]
    assert answer.status_code == 400, (path, answer.status_code, answer.text[:300])
    assert "could not be read" in answer.text


@pytest.mark.parametrize(
    "path",
    [
        f"/admin/threads/{TOO_BIG}/close",
        f"/admin/threads/{TOO_BIG}/reopen",
        f"/admin/sites/{TOO_BIG}/settings",
        f"/admin/bans/{TOO_BIG}/delete",
    ],
)
def test_an_id_past_a_database_integer_is_a_400(owner: tuple[httpx.Client, str], path: str) -> None:
    client, csrf = owner
    answer = client.post(path, data={"csrf": csrf})
    assert answer.status_code == 400, (path, answer.status_code, answer.text[:300])
    assert "less than or equal to" in answer.text
