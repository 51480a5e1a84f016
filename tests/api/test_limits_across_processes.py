"""Rate limits hold across server processes: two real ``rejoinder serve`` on one SQLite file.

Requests alternate between the two servers, so with per-process counting each would allow the
full limit and twice as many would get through. The limits are counted in the database, so the
(limit + 1)th request is refused whichever server it reaches. Both servers sit on loopback, which
uvicorn trusts for ``X-Forwarded-For``: each test speaks for its own client address.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import httpx
import pytest

from rejoinder.services.auth import FAILURES_PER_NAME_AND_IP
from tests.api.conftest import BROWSER, HAM
from tests.support.live_server import LiveServer, run_cli, servers_on_one_database

pytestmark = pytest.mark.slow

PER_IP = 4
PASSWORD = "correct horse battery staple"
CSRF = re.compile(r'name="csrf" value="([^"]+)"')


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, list[LiveServer]]]:
    folder = tmp_path_factory.mktemp("two-servers")
    db = f"sqlite:///{folder / 'rejoinder.db'}"
    created = run_cli("sites", "create", "--name", "Two", "--url", "https://two.example", db_url=db)
    site_id = int(json.loads(created.stdout)["id"])
    run_cli("admin", "add", "olga", "--password-stdin", db_url=db, stdin=PASSWORD + "\n")
    env = {"REJOINDER_SECRET_KEY": "two-servers-one-secret", "REJOINDER_RATE_LIMIT_PER_MINUTE": str(PER_IP)}
    with servers_on_one_database(db, 2, log_dir=folder, extra_env=env) as servers:
        yield site_id, servers


def _post(server: LiveServer, site_id: int, ip: str, n: int) -> httpx.Response:
    headers = {"User-Agent": BROWSER, "Origin": "https://two.example", "X-Forwarded-For": ip}
    with httpx.Client(base_url=server.url, timeout=30, headers=headers) as client:
        config = client.get("/api/config", params={"site": site_id, "uri": "/limits"})
        assert config.status_code == 200, config.text
        body = {
            "site": site_id,
            "uri": "/limits",
            "author": "Jane Reader",
            "email": "jane@example.org",
            "text": f"{HAM} Comment number {n}.",
            "form_token": config.json()["form_token"],
        }
        return client.post("/api/comments", json=body)


def _login(server: LiveServer, ip: str, name: str, password: str) -> httpx.Response:
    with httpx.Client(base_url=server.url, timeout=30, headers={"X-Forwarded-For": ip}) as client:
        form = client.get("/admin/login")
        match = CSRF.search(form.text)
        assert match, form.text
        cookie = f"rejoinder_login={form.cookies['rejoinder_login']}"  # Secure: sent by hand over http
        return client.post(
            "/admin/login",
            data={"name": name, "password": password, "csrf": match.group(1)},
            headers={"Cookie": cookie},
        )


def test_the_per_ip_comment_limit_holds_across_two_servers(pair: tuple[int, list[LiveServer]]) -> None:
    site_id, servers = pair
    for n in range(PER_IP):
        r = _post(servers[n % 2], site_id, "203.0.113.50", n)
        assert r.status_code == 201, r.text
    for server in servers:  # one too many, on either server
        refused = _post(server, site_id, "203.0.113.50", 99)
        assert refused.status_code == 429, refused.text
        assert refused.json()["error"]["code"] == "rate_limited"
        assert "from your address" in refused.json()["error"]["message"]
        assert 1 <= int(refused.headers["Retry-After"]) <= 120
    # another address is not held back by the first one
    assert _post(servers[1], site_id, "198.51.100.50", 7).status_code == 201


def test_failed_logins_are_counted_across_two_servers(pair: tuple[int, list[LiveServer]]) -> None:
    _, servers = pair
    for n in range(FAILURES_PER_NAME_AND_IP):
        wrong = _login(servers[n % 2], "203.0.113.60", "olga", "not the password")
        assert wrong.status_code == 403, wrong.text
        assert "wrong name or password" in wrong.text
    for server in servers:  # even the right password is refused now, on either server
        limited = _login(server, "203.0.113.60", "olga", PASSWORD)
        assert limited.status_code == 429, limited.text
        assert "Too many failed logins. Try again after " in limited.text
        assert 0 < int(limited.headers["Retry-After"]) <= 2 * 15 * 60
    # the owner logging in from elsewhere is not locked out by the guesser
    assert _login(servers[0], "192.0.2.60", "olga", PASSWORD).status_code == 303
