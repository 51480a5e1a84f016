"""Akismet connections are closed after ``KEEP_ALIVE_REQUESTS`` calls, so workers share the load.

A client that opens all its connections at once can find most of them accepted by one worker of
``rejoinder serve --workers N``; closing each connection after a budget of calls (as nginx and
Apache do) lets the client reconnect to whichever worker is free. Clients must not notice.
"""

from __future__ import annotations

import httpx

from rejoinder.web.akismet import routes
from rejoinder.web.akismet.routes import KeepAliveBudget
from tests.akismet.conftest import HAM
from tests.support.live_server import LiveServer, run_cli

BLOG = "https://keep-alive.example.org"


def test_the_budget_closes_each_connection_at_its_limit() -> None:
    budget = KeepAliveBudget(limit=3)
    first = {"client": ("127.0.0.1", 40001)}
    second = {"client": ("127.0.0.1", 40002)}
    assert [budget.spend(first) for _ in range(3)] == [False, False, True]
    assert [budget.spend(second) for _ in range(2)] == [False, False]
    assert budget.spend(first) is False  # a new connection on the same port starts afresh
    assert budget.spend({"client": None}) is False  # no peer known (a unix socket): never closed


def test_the_budget_forgets_connections_that_ended_early() -> None:
    budget = KeepAliveBudget(limit=100, size=10)
    for port in range(50):
        budget.spend({"client": ("127.0.0.1", port)})
    assert len(budget._served) <= 10


def test_a_live_client_is_told_to_reconnect_and_does(live_server: LiveServer) -> None:
    """Over one kept-alive connection to a real server: the limit-th answer says close, the
    connection ends, and the client's next call simply opens a new one."""
    key = run_cli("keys", "create", "--site", BLOG, db_url=live_server.db_url).stdout.strip().splitlines()[-1]
    form = {"api_key": key, "blog": BLOG, **HAM}
    streams: list[object] = []  # the connections used (kept, so no two share an id)
    closing = []
    with httpx.Client(base_url=live_server.url, timeout=10) as client:
        for n in range(routes.KEEP_ALIVE_REQUESTS + 5):
            response = client.post("/1.1/comment-check", data=form)
            assert response.status_code == 200
            assert response.text == "false"
            stream = response.extensions["network_stream"]
            if not any(stream is seen for seen in streams):
                streams.append(stream)
            if response.headers.get("connection") == "close":
                closing.append(n)
    assert closing == [routes.KEEP_ALIVE_REQUESTS - 1]
    assert len(streams) == 2  # two connections, one after the other
