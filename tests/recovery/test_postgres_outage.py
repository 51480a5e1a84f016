"""PostgreSQL goes away while the server runs (a restart, a failover, an upgrade) and comes back:
every path must come back with it, without restarting Rejoinder.

While it is away, readers, Akismet clients and moderators get the "busy" answers (503 with
``Retry-After``; Akismet's ``Server error.``), never a bare 500. Once it is back: posts are
stored and answered 201, the thread, the dashboard and the Akismet API answer, and the
background loops (webhooks, e-mail) deliver what was posted after the outage. Session 10 found
that the webhook loop died on the first poll that met the outage (its site list was read outside
its ``try``), so no hook was ever sent again until a restart.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from tests.notifications.smtp_server import smtp_server
from tests.support.live_server import LiveServer, run_cli, start_server
from tests.support.pg_outage import postgres_away
from tests.support.postgres import postgres_server
from tests.webhooks.receiver import receiver

pytestmark = [pytest.mark.postgres, pytest.mark.slow]
SITE = "https://harbour.example"
OWNER, PASSWORD = "harbourmaster", "tide tables at dawn"
CSRF = re.compile(r'name="csrf" value="([^"]+)"')
AWAY_SECONDS = 5  # more than two polls of the webhook and mail loops (2 s each)


def post(server: LiveServer, n: int) -> httpx.Response:
    headers = {"Origin": SITE, "X-Forwarded-For": f"10.3.0.{n}", "User-Agent": "Mozilla/5.0 Firefox/120.0"}
    config = httpx.get(
        f"{server.url}/api/config", params={"site": 1, "uri": "/quay/"}, headers=headers, timeout=30
    )
    if config.status_code != 200:
        return config
    body = {
        "site": 1,
        "uri": "/quay/",
        "author": f"Reader {n}",
        "email": f"reader{n}@example.org",
        "text": f"The new quay timetable suits the early ferry, thank you ({n}).",
        "form_token": config.json()["form_token"],
    }
    return httpx.post(f"{server.url}/api/comments", json=body, headers=headers, timeout=30)


def comment_check(server: LiveServer, key: str) -> httpx.Response:
    data = {"api_key": key, "blog": SITE, "user_ip": "10.4.0.1", "comment_content": "Lovely harbour photos."}
    return httpx.post(f"{server.url}/1.1/comment-check", data=data, timeout=30)


def until(condition: Callable[[], bool], seconds: float = 40) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


def test_every_path_comes_back_after_postgresql_was_away(tmp_path: Path) -> None:
    with postgres_server() as url, receiver() as hook, smtp_server() as inbox:
        run_cli("sites", "create", "--name", "Harbour", "--url", SITE, db_url=url)
        run_cli(
            "sites",
            "set",
            "1",
            "min_seconds_on_page=0",
            f"webhook_url={hook.url}",
            "moderator_email=desk@harbour.example",
            "moderator_mail=all",
            db_url=url,
        )
        key = run_cli("keys", "create", "--site", SITE, db_url=url).stdout.split()[-1]
        run_cli("admin", "add", OWNER, "--password-stdin", "--role", "owner", db_url=url, stdin=PASSWORD)
        env = {
            "REJOINDER_SMTP_HOST": "127.0.0.1",
            "REJOINDER_SMTP_PORT": str(inbox.port),
            "REJOINDER_SMTP_SECURITY": "none",
            "REJOINDER_MAIL_FROM": "Harbour <comments@harbour.example>",
        }
        server = start_server(url, log_dir=tmp_path, extra_env=env)
        try:
            with httpx.Client(base_url=server.url, timeout=30) as moderator:
                token = CSRF.search(moderator.get("/admin/login").text)
                assert token, "no CSRF field on the login page"
                login = {"name": OWNER, "password": PASSWORD, "csrf": token.group(1)}
                assert moderator.post("/admin/login", data=login).status_code == 303

                first = post(server, 1)
                assert first.status_code == 201, first.text
                assert until(lambda: len(hook.received) == 1 and len(inbox.messages) == 1)

                with postgres_away(url):
                    time.sleep(AWAY_SECONDS)
                    refused = post(server, 2)
                    assert refused.status_code == 503, refused.text
                    assert refused.headers["retry-after"] == "1"
                    assert moderator.get("/admin/comments").status_code == 503
                    assert comment_check(server, key).text == "Server error."

                # PostgreSQL accepts connections again: each path answers as before, at the latest
                # after a retry or two (a pooled connection may learn only now that it is dead)
                answers: list[httpx.Response] = []
                assert until(lambda: answers.append(post(server, 3)) or answers[-1].status_code == 201)
                assert {a.status_code for a in answers} <= {201, 503}, [a.text for a in answers]
                second = answers[-1].json()["comment"]["id"]
                thread = httpx.get(
                    f"{server.url}/api/threads", params={"site": 1, "uri": "/quay/"}, timeout=30
                )
                assert thread.status_code == 200, thread.text
                assert second in [c["id"] for c in thread.json()["comments"]]
                queue = moderator.get("/admin/comments", params={"status": "approved"})
                assert queue.status_code == 200, queue.text
                assert "Reader 3" in queue.text
                assert comment_check(server, key).text in ("true", "false")

                # the background loops deliver what was posted after the outage
                assert until(lambda: len(hook.received) == 2), (
                    f"webhooks after the outage: {len(hook.received)}"
                )
                assert json.loads(hook.received[1].body)["comment"]["id"] == second
                assert until(lambda: len(inbox.messages) == 2), (
                    f"mails after the outage: {len(inbox.messages)}"
                )
        finally:
            server.stop()
        assert "Application shutdown failed" not in server.log(), server.log()[-3000:]
