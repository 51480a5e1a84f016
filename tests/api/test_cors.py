"""CORS: each site's own origin and its allowed origins, nothing else."""

from __future__ import annotations

from tests.api.conftest import Api
from tests.api.test_post import assert_error


async def test_preflight_allowed_and_refused(api: Api) -> None:
    site = await api.site(allowed_origins=("https://mirror.example",))
    await api.client.get("/api/config", params={"site": site.id, "uri": "/a"})  # the server learns the site
    for origin in (site.url, "https://mirror.example"):
        r = await api.client.options(
            "/api/comments",
            headers={
                "Origin": origin,
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "content-type",
            },
        )
        assert r.status_code == 204
        assert r.headers["access-control-allow-origin"] == origin
        assert "POST" in r.headers["access-control-allow-methods"]
    r = await api.client.options(
        "/api/comments", headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"}
    )
    assert_error(r, 403, "origin")
    assert "access-control-allow-origin" not in r.headers


async def test_reads_carry_cors_headers_only_for_the_sites_origins(api: Api) -> None:
    site = await api.site(allowed_origins=("https://mirror.example",))
    other = await api.site()
    params = {"site": site.id, "uri": "/a"}
    r = await api.client.get("/api/threads", params=params, headers={"Origin": "https://mirror.example"})
    assert r.headers["access-control-allow-origin"] == "https://mirror.example"
    assert r.headers["vary"] == "Origin"
    r = await api.client.get("/api/threads", params=params, headers={"Origin": other.url})
    assert "access-control-allow-origin" not in r.headers  # another site's origin may not read this one


async def test_posting_from_a_foreign_origin_is_refused(api: Api) -> None:
    site = await api.site()
    other = await api.site()
    assert_error(await api.post(site, origin=other.url), 403, "origin")
    same_origin = await api.post(site, origin="http://testserver")  # this server's own pages (the demo)
    assert same_origin.status_code == 201, same_origin.text
