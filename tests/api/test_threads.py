"""GET /api/threads, /api/counts, /api/recent: trees, sorting, pagination, and who sees what."""

from __future__ import annotations

import json

from rejoinder.domain import CommentStatus, ModerationPolicy
from tests.api.conftest import HAM, Api
from tests.api.test_post import assert_error


async def _post_many(api: Api, site, n: int, uri: str = "/a") -> list[int]:  # type: ignore[no-untyped-def]
    ids = []
    for i in range(n):
        r = await api.post(site, uri=uri, text=f"{HAM} Comment number {i}.")
        assert r.status_code == 201, r.text
        ids.append(r.json()["comment"]["id"])
    return ids


async def test_an_unknown_thread_is_an_empty_list_not_404(api: Api) -> None:
    site = await api.site()
    data = await api.thread(site, "/never-commented")
    assert data["comments"] == []
    assert data["total_roots"] == 0
    assert data["next_offset"] is None
    assert data["thread"]["count"] == 0


async def test_sorting_and_pagination_of_roots(api: Api) -> None:
    site = await api.site()
    ids = await _post_many(api, site, 5)
    await api.store.set_comment_status(ids[0], CommentStatus.APPROVED)
    oldest = await api.thread(site, sort="oldest", limit=2)
    assert [c["id"] for c in oldest["comments"]] == ids[:2]
    assert oldest["total_roots"] == 5
    assert oldest["next_offset"] == 2
    assert oldest["thread"]["count"] == 5
    page3 = await api.thread(site, sort="oldest", limit=2, offset=4)
    assert [c["id"] for c in page3["comments"]] == ids[4:]
    assert page3["next_offset"] is None
    newest = await api.thread(site, sort="newest", limit=5)
    assert [c["id"] for c in newest["comments"]] == ids[::-1]
    # "best" prefers the conversation with the most replies, then the oldest
    await api.post(site, parent_id=ids[3], text="A reply that makes the fourth comment the liveliest one.")
    best = await api.thread(site, sort="best", limit=5)
    assert best["comments"][0]["id"] == ids[3]
    assert best["thread"]["count"] == 6


async def test_bad_query_parameters_name_themselves(api: Api) -> None:
    site = await api.site()
    base = {"site": site.id, "uri": "/a"}
    for params, field in [
        ({**base, "sort": "random"}, "sort"),
        ({**base, "limit": 0}, "limit"),
        ({**base, "limit": "many"}, "limit"),
        ({**base, "offset": -1}, "offset"),
        ({"uri": "/a"}, "site"),
        ({"site": site.id}, "uri"),
    ]:
        assert_error(await api.client.get("/api/threads", params=params), 422, field)
    assert_error(await api.client.get("/api/threads", params={**base, "uri": "a"}), 400, "uri")


async def test_pending_comments_are_seen_by_their_author_only(api: Api) -> None:
    site = await api.site(moderation=ModerationPolicy.HOLD_ALL)
    mine = await api.post(site)
    assert mine.json()["message"] == "Your comment is awaiting moderation."
    token, comment_id = mine.json()["edit_token"], mine.json()["comment"]["id"]
    assert (await api.thread(site))["comments"] == []  # everyone else
    own = await api.thread(site, mine=token)
    assert [c["id"] for c in own["comments"]] == [comment_id]
    assert own["comments"][0]["status"] == "pending"
    assert own["thread"]["count"] == 0
    # someone else's token, or a forged one, shows nothing extra
    other = (await api.post(site, author="Other", email="o@example.org", text=HAM + " Other.")).json()
    assert [c["id"] for c in (await api.thread(site, mine=other["edit_token"]))["comments"]] == [
        other["comment"]["id"]
    ]
    assert (await api.thread(site, mine="forged.token.value," + token[:-4] + "AAAA"))["comments"] == []
    # the shared cache never leaks a personalised page
    assert (await api.thread(site))["comments"] == []


async def test_the_email_is_never_returned(api: Api) -> None:
    site = await api.site()
    secret = "very.private.person@example.org"
    posted = await api.post(site, email=secret, uri="/private")
    token = posted.json()["edit_token"]
    responses = [
        posted,
        await api.client.get("/api/threads", params={"site": site.id, "uri": "/private"}),
        await api.client.get("/api/threads", params={"site": site.id, "uri": "/private", "mine": token}),
        await api.client.get("/api/recent", params={"site": site.id}),
        await api.client.get("/api/counts", params={"site": site.id, "uri": "/private"}),
        await api.client.put(
            f"/api/comments/{posted.json()['comment']['id']}",
            json={"text": "Edited text here.", "edit_token": token},
        ),
        await api.client.get("/api/config", params={"site": site.id, "uri": "/private"}),
    ]
    for r in responses:
        assert r.status_code in (200, 201), r.text
        assert secret not in r.text
        assert "very.private.person" not in r.text
        assert '"email":' not in r.text


async def test_counts_for_many_pages_and_recent_comments(api: Api) -> None:
    site = await api.site()
    await _post_many(api, site, 2, uri="/a")
    await _post_many(api, site, 1, uri="/b")
    r = await api.client.get(
        "/api/counts", params=[("site", site.id), ("uri", "/a"), ("uri", "/b"), ("uri", "/c")]
    )
    assert r.json() == {"counts": {"/a": 2, "/b": 1, "/c": 0}}
    r = await api.client.post("/api/counts", json={"site": site.id, "uris": ["/a", "/c"]})
    assert r.json() == {"counts": {"/a": 2, "/c": 0}}
    recent = (await api.client.get("/api/recent", params={"site": site.id, "limit": 2})).json()["comments"]
    assert len(recent) == 2
    assert recent[0]["uri"] == "/b"
    assert set(recent[0]) == {"id", "author", "excerpt", "uri", "title", "created_at"}
    assert len(recent[0]["excerpt"]) <= 120
    assert "<" not in recent[0]["excerpt"]


async def test_xss_payloads_come_back_sanitised(api: Api) -> None:
    site = await api.site()
    payload = (
        "<script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)> [ok](https://e.org)"
    )
    r = await api.post(site, text=payload, author="<b>Bold</b>", website='https://e.org/"><script>')
    if r.status_code == 400:
        assert r.json()["error"]["field"] == "website"
        r = await api.post(site, text=payload, author="<b>Bold</b>")
    html = r.json()["comment"]["html"]
    assert "<script" not in html
    assert "<img" not in html
    assert 'href="javascript:' not in html
    assert 'href="https://e.org" rel="nofollow ugc noopener"' in html
    # plain fields stay plain text: the widget uses textContent for them
    assert r.json()["comment"]["author"] == "<b>Bold</b>"


async def test_thread_json_is_the_contract_shape(api: Api) -> None:
    site = await api.site()
    await _post_many(api, site, 1)
    data = await api.thread(site)
    assert set(data) == {"thread", "comments", "total_roots", "next_offset"}
    assert set(data["thread"]) == {"uri", "title", "closed", "count"}
    comment = data["comments"][0]
    assert set(comment) == {
        "id",
        "parent_id",
        "author",
        "website",
        "avatar",
        "html",
        "created_at",
        "edited_at",
        "status",
        "deleted",
        "likes",
        "replies",
    }
    assert comment["deleted"] is False
    assert all(ch in "0123456789abcdef" for ch in comment["avatar"])
    assert json.loads(json.dumps(data)) == data
