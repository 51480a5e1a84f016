"""PostgreSQL stops answering without closing anything (its host froze or vanished, a network
partition, a dead proxy in between): the server must answer 503 after a bounded wait, not hold
every request for ever, and serve again once the database answers.

Session 10 found requests held indefinitely: asyncpg waits for an answer on an open connection
for as long as it takes (no statement timeout), and the connections kept for the hottest
statements (``storage.leases``) are all open ones, so a post was never answered while the
database was silent (the test's client gave up after 100 s). Here a proxy between the server
and PostgreSQL stops moving bytes, in both directions and on new connections too, then resumes.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from tests.support.live_server import LiveServer, free_port
from tests.support.news_server import NEWS, comment, news_server
from tests.support.postgres import fresh_database

pytestmark = [pytest.mark.postgres, pytest.mark.slow]
TIMEOUT_SECONDS = 3  # the server's REJOINDER_DATABASE_TIMEOUT here (30 s by default)
PATIENCE = 4 * TIMEOUT_SECONDS + 8  # a post's few statements, each given up after the timeout


class FreezingProxy:
    """A TCP proxy on loopback that forwards to PostgreSQL until ``frozen`` is set, then holds
    every byte (and every new connection's) until it is cleared, as a silent network does."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.frozen = threading.Event()
        self.port = free_port()
        self._listener = socket.create_server(("127.0.0.1", self.port), backlog=512)
        self._open: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:  # closed
                return
            server = socket.create_connection(("127.0.0.1", self.target_port))
            self._open += [client, server]
            for source, sink in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                while self.frozen.is_set():
                    time.sleep(0.05)
                sink.sendall(data)
            sink.shutdown(socket.SHUT_WR)
        except OSError:
            return

    def close(self) -> None:
        self._listener.close()
        for sock in self._open:
            sock.close()


@contextmanager
def proxied(postgres_url: str) -> Iterator[tuple[str, FreezingProxy]]:
    """A fresh database on the test server, and its URL through a ``FreezingProxy``."""
    url = fresh_database(postgres_url)
    port = int(url.rsplit(":", 1)[1].split("/", 1)[0])
    proxy = FreezingProxy(port)
    try:
        yield url.replace(f":{port}/", f":{proxy.port}/", 1), proxy
    finally:
        proxy.close()


def post(server: LiveServer, n: int, timeout: float) -> tuple[int, float]:
    headers = {"Origin": NEWS, "X-Forwarded-For": f"10.11.0.{n}"}
    started = time.monotonic()
    config = httpx.get(
        f"{server.url}/api/config", params={"site": 1, "uri": "/a"}, headers=headers, timeout=timeout
    )
    if config.status_code != 200:
        return config.status_code, time.monotonic() - started
    body = comment(config.json()["form_token"], n)
    answer = httpx.post(f"{server.url}/api/comments", json=body, headers=headers, timeout=timeout)
    if answer.status_code == 503:
        assert answer.headers["retry-after"] == "1"
    return answer.status_code, time.monotonic() - started


def test_a_silent_database_is_503_after_the_timeout_and_serves_again(
    postgres_url: str, tmp_path: Path
) -> None:
    env = {"REJOINDER_DATABASE_TIMEOUT": str(TIMEOUT_SECONDS)}
    with proxied(postgres_url) as (url, proxy), news_server(url, log_dir=tmp_path, extra_env=env) as server:
        try:
            assert post(server, 1, timeout=30)[0] == 201
            proxy.frozen.set()
            try:
                status, took = post(server, 2, timeout=PATIENCE + 30)
            except httpx.TimeoutException:
                status, took = 0, float("inf")
            proxy.frozen.clear()
            assert status == 503, (status, took)
            assert took < PATIENCE, (status, took)
            answers = [post(server, 10 + n, timeout=60)[0] for n in range(6)]
        finally:
            proxy.frozen.clear()
    # the first posts after the silence may still meet a connection it left unusable (503)
    assert answers[-3:] == [201, 201, 201], answers
    assert set(answers) <= {201, 503}, answers
