"""Webhooks as deployed: two server processes on one database, comments posted through the public
API in a browser's way, and a real endpoint that must get each published or held comment once.
"""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path

import httpx

from rejoinder.domain import BanKind
from rejoinder.services.webhooks import webhook_secret
from rejoinder.storage import open_store
from tests.support.live_server import LiveServer, run_cli, servers_on_one_database
from tests.webhooks.receiver import Receiver, receiver

SECRET = "two-servers-one-hook"
HAM = "The council should publish the traffic study before it votes on closing the bridge."
SPAMMER = "reader99@example.org"


def post(server: LiveServer, site_id: int, text: str, n: int) -> httpx.Response:
    config = httpx.get(
        f"{server.url}/api/config", params={"site": site_id, "uri": "/bridge/"}, timeout=30
    ).json()
    body = {
        "site": site_id,
        "uri": "/bridge/",
        "title": "Bridge",
        "author": f"Reader {n}",
        "email": f"reader{n}@example.org",
        "text": f"{text} ({n})",
        "form_token": config["form_token"],
    }
    headers = {
        "Origin": "https://ledger.example",
        "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0",
    }
    return httpx.post(f"{server.url}/api/comments", json=body, headers=headers, timeout=30)


async def ban(db: str, site_id: int, email: str) -> None:
    store = await open_store(db)
    try:
        await store.add_ban(site_id, BanKind.EMAIL, email, "test")
    finally:
        await store.close()


async def status_of(db: str, comment_id: int) -> str:
    store = await open_store(db)
    try:
        return (await store.get_comment(comment_id)).status.value
    finally:
        await store.close()


def wait_for(hook: Receiver, count: int, seconds: float = 40) -> None:
    deadline = time.monotonic() + seconds
    while len(hook.received) < count and time.monotonic() < deadline:
        time.sleep(0.2)


def test_each_comment_reaches_the_hook_once_whichever_process_wrote_it(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'r.db'}"
    site_id = json.loads(
        run_cli("sites", "create", "--name", "Ledger", "--url", "https://ledger.example", db_url=db).stdout
    )["id"]
    env = {
        "REJOINDER_SECRET_KEY": SECRET,
        "REJOINDER_RATE_LIMIT_PER_MINUTE": "100000",
        "REJOINDER_SITE_RATE_LIMIT_PER_MINUTE": "100000",
    }
    with receiver() as hook:
        run_cli("sites", "set", str(site_id), "min_seconds_on_page=0", f"webhook_url={hook.url}", db_url=db)
        asyncio.run(ban(db, site_id, SPAMMER))
        with servers_on_one_database(db, 2, log_dir=tmp_path, extra_env=env) as servers:
            time.sleep(3)  # both senders have started the cursor: what follows is new
            published = []
            for n in range(8):
                r = post(servers[n % 2], site_id, HAM, n)
                assert r.status_code == 201, r.text
                published.append(r.json()["comment"]["id"])
            spam = post(servers[0], site_id, HAM, 99)  # from a banned address: spam, whatever it says
            assert spam.status_code == 201, spam.text  # shown to its author as awaiting moderation
            wait_for(hook, len(published))
            time.sleep(3)  # and nothing more arrives
        delivered = [r.json["comment"]["id"] for r in hook.received]
    assert delivered == published  # each once, in order, and not the spam
    assert asyncio.run(status_of(db, spam.json()["comment"]["id"])) == "spam"
    secret = webhook_secret(SECRET, site_id)
    assert all(r.headers["x-rejoinder-signature"].startswith("sha256=") for r in hook.received)
    assert secret not in json.dumps([r.json for r in hook.received])


def test_the_command_line_prints_the_secret_the_servers_sign_with(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'r.db'}"
    run_cli("sites", "create", "--name", "Ledger", "--url", "https://ledger.example", db_url=db)
    printed = run_cli("sites", "webhook-secret", "1", db_url=db).stdout.strip()
    key = (tmp_path / "rejoinder.secret").read_text().strip()  # the key every server on this database uses
    assert printed == webhook_secret(key, 1)
    missing = run_cli("sites", "webhook-secret", "7", db_url=db, check=False)
    assert missing.returncode == 1
    assert "no site" in missing.stderr.lower()
