"""How a real ``rejoinder serve`` hands out the widget: long-lived caching on the versioned URL,
revalidation by ETag on the plain one; the demo pages with a strict CSP, served only when the
server runs as ``rejoinder demo`` (``REJOINDER_DEMO=1``), never by a plain ``rejoinder serve``."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.support.live_server import LiveServer, run_cli, start_server

STATIC = Path(__file__).resolve().parents[2] / "src" / "rejoinder" / "web" / "static"


def sha(name: str) -> str:
    return str(json.loads((STATIC / "manifest.json").read_text())["files"][f"{name}.js"]["sha256"])


@pytest.fixture
def client(live_server: LiveServer) -> httpx.Client:
    with httpx.Client(base_url=live_server.url, timeout=10, follow_redirects=False) as client:
        yield client


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A server started as ``rejoinder demo`` starts it: with ``REJOINDER_DEMO=1``."""
    folder = tmp_path_factory.mktemp("demo-routes")
    server = start_server(f"sqlite:///{folder}/demo.db", log_dir=folder, extra_env={"REJOINDER_DEMO": "1"})
    yield server
    server.stop()


@pytest.fixture
def demo(demo_server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=demo_server.url, timeout=10, follow_redirects=False) as client:
        yield client


@pytest.fixture(scope="module")
def site_id(demo_server: LiveServer) -> int:
    """A site of our own on the demo server; the demo pages are asked for it by ``?site=``."""
    out = run_cli(
        "sites",
        "create",
        "--name",
        "Widget routes",
        "--url",
        f"{demo_server.url}/widget-routes",
        db_url=demo_server.db_url,
    ).stdout
    return int(json.loads(out)["id"])


@pytest.mark.parametrize("name", ["embed", "count"])
def test_the_versioned_url_is_cached_for_a_year(client: httpx.Client, name: str) -> None:
    response = client.get(f"/{name}.{sha(name)[:12]}.js")
    assert response.status_code == 200
    assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert response.headers["content-type"] == "text/javascript; charset=utf-8"
    assert hashlib.sha256(response.content).hexdigest() == sha(name)


@pytest.mark.parametrize("name", ["embed", "count"])
def test_the_plain_url_revalidates_with_its_etag(client: httpx.Client, name: str) -> None:
    first = client.get(f"/{name}.js")
    assert first.status_code == 200
    assert first.headers["cache-control"] == "public, max-age=300"
    assert hashlib.sha256(first.content).hexdigest() == sha(name)
    etag = first.headers["etag"]
    again = client.get(f"/{name}.js", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert client.get(f"/{name}.js", headers={"If-None-Match": f'W/{etag}, "other"'}).status_code == 304
    assert client.get(f"/{name}.js", headers={"If-None-Match": '"stale"'}).status_code == 200


def test_head_answers_the_length_without_a_body(client: httpx.Client) -> None:
    response = client.head("/embed.js")
    assert response.status_code == 200
    assert int(response.headers["content-length"]) == (STATIC / "embed.js").stat().st_size
    assert response.content == b""


def test_a_stale_version_is_redirected_to_the_current_bundle(client: httpx.Client) -> None:
    response = client.get("/embed.0123456789ab.js")
    assert response.status_code == 307
    assert response.headers["location"] == "/embed.js"


def test_a_plain_server_serves_no_demo_and_a_plain_root(client: httpx.Client) -> None:
    for path in ("/demo/", "/demo/arctic-shipping-accord"):
        response = client.get(path)
        assert response.status_code == 404, path
    root = client.get("/")
    assert root.status_code == 200
    assert root.headers["content-type"].startswith("text/plain")
    assert "/admin/" in root.text
    assert "demo" not in root.text


def test_the_demo_server_leads_from_the_root_to_the_demo(demo: httpx.Client) -> None:
    response = demo.get("/")
    assert response.status_code == 307
    assert response.headers["location"] == "/demo/"


def test_demo_pages_embed_the_versioned_script_under_a_strict_csp(demo: httpx.Client, site_id: int) -> None:
    response = demo.get(f"/demo/arctic-shipping-accord?site={site_id}")
    assert response.status_code == 200
    assert f'src="/embed.{sha("embed")[:12]}.js"' in response.text
    assert '<div id="rejoinder-thread">' in response.text
    csp = response.headers["content-security-policy"]
    assert "default-src 'none'" in csp
    assert "script-src 'self'" in csp
    assert "connect-src 'self'" in csp
    assert f'data-rejoinder-site="{site_id}"' in response.text
    index = demo.get(f"/demo/?site={site_id}")
    assert f'src="/count.{sha("count")[:12]}.js"' in index.text
    assert index.text.count("data-rejoinder-count") == 3


def test_an_unknown_story_is_a_json_404_that_says_where_to_look(demo: httpx.Client) -> None:
    response = demo.get("/demo/no-such-story")
    assert response.status_code == 404
    assert "/demo/" in response.json()["error"]["message"]


def test_demo_query_parameters_are_validated_not_echoed(demo: httpx.Client, site_id: int) -> None:
    page = demo.get(f'/demo/arctic-shipping-accord?site={site_id}&lang="><script>&limit=-5').text
    assert '<html lang="en">' in page
    assert '<script src="/embed' in page
    assert "<script>" not in page.split("<body>")[1].split('<script src="/embed')[0]
    assert "data-rejoinder-limit" not in page
    assert 'data-rejoinder-limit="3"' in demo.get(f"/demo/arctic-shipping-accord?site={site_id}&limit=3").text
