"""Over a real wire: a real ``rejoinder serve`` (uvicorn, 2 workers) on loopback.

The durability test posts a stream of comments from several threads, SIGKILLs the whole server
in the middle of it, and then finds every comment that was acknowledged with a 201.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from pathlib import Path

import httpx
import pytest

from rejoinder.errors import NotFound
from rejoinder.storage import open_store
from tests.api.conftest import BROWSER, HAM, database_url
from tests.support.live_server import run_cli, start_server

pytestmark = pytest.mark.slow


def _post_stream(
    base: str, site_id: int, origin: str, stop: threading.Event, acked: list[int], n: int
) -> None:
    with httpx.Client(base_url=base, timeout=10, headers={"User-Agent": BROWSER, "Origin": origin}) as client:
        i = 0
        while not stop.is_set():
            i += 1
            try:
                token = client.get("/api/config", params={"site": site_id, "uri": "/live"}).json()[
                    "form_token"
                ]
                r = client.post(
                    "/api/comments",
                    json={
                        "site": site_id,
                        "uri": "/live",
                        "author": f"Reader {n}",
                        "email": f"reader{n}@example.org",
                        "text": f"{HAM} Stream {n}, comment {i}.",
                        "form_token": token,
                    },
                )
            except (httpx.HTTPError, ValueError, KeyError):
                return  # the server is gone
            if r.status_code == 201:
                acked.append(r.json()["comment"]["id"])


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_every_acknowledged_comment_survives_sigkill(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    db = database_url(backend, tmp_path, request)
    site = json.loads(
        run_cli("sites", "create", "--name", "Live", "--url", "https://live.example", db_url=db).stdout
    )
    env = {"REJOINDER_RATE_LIMIT_PER_MINUTE": "1000000", "REJOINDER_SITE_RATE_LIMIT_PER_MINUTE": "1000000"}
    server = start_server(db, workers=2, log_dir=tmp_path, extra_env=env)
    stop, acked = threading.Event(), []  # type: ignore[var-annotated]
    workers = [
        threading.Thread(target=_post_stream, args=(server.url, site["id"], site["url"], stop, acked, n))
        for n in range(4)
    ]
    try:
        for w in workers:
            w.start()
        deadline = time.monotonic() + 30
        while len(acked) < 20 and time.monotonic() < deadline:
            time.sleep(0.05)
        server.kill()  # mid-stream: requests are in flight
    finally:
        stop.set()
        server.kill()
        for w in workers:
            w.join(timeout=30)
    assert len(acked) >= 20, server.log()

    async def missing() -> list[int]:
        store = await open_store(db)
        try:
            lost = []
            for comment_id in acked:
                try:
                    await store.get_comment(comment_id)
                except NotFound:
                    lost.append(comment_id)
            return lost
        finally:
            await store.close()

    assert asyncio.run(missing()) == []


def test_the_wire_cors_413_and_openapi(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'wire.db'}"
    site = json.loads(
        run_cli("sites", "create", "--name", "W", "--url", "https://wire.example", db_url=db).stdout
    )
    server = start_server(db, workers=1, log_dir=tmp_path)
    try:
        with httpx.Client(base_url=server.url, timeout=10) as client:
            assert client.get("/api/health").json() == {"ok": True}
            pre = client.options(
                "/api/comments",
                headers={"Origin": "https://wire.example", "Access-Control-Request-Method": "POST"},
            )
            assert pre.status_code == 204
            assert pre.headers["access-control-allow-origin"] == "https://wire.example"
            refused = client.options(
                "/api/comments",
                headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
            )
            assert refused.status_code == 403
            big = client.post(
                "/api/comments",
                content=b"{" + b" " * 2_000_000 + b"}",
                headers={"content-type": "application/json"},
            )
            assert big.status_code == 413
            assert big.json()["error"]["code"] == "too_large"
            spec = client.get("/api/openapi.json").json()
            assert {"/api/comments", "/api/threads", "/api/config", "/api/counts", "/api/recent"} <= set(
                spec["paths"]
            )
            thread = client.get("/api/threads", params={"site": site["id"], "uri": "/nothing-yet"})
            assert thread.json()["comments"] == []
    finally:
        server.stop()
    assert "Traceback" not in server.log()
