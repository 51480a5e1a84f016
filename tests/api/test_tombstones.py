"""A conversation keeps its shape: a deleted, held or spam comment with visible replies stays as
a tombstone (its id and nothing else), one without replies disappears, and nothing about its
author or text reaches a reader. Runs on SQLite and PostgreSQL (the ``api`` fixture)."""

from __future__ import annotations

from typing import Any

from rejoinder.domain import CommentStatus, ModerationPolicy, Site
from tests.api.conftest import HAM, Api

TOMBSTONE = {
    "author": "",
    "website": "",
    "avatar": "",
    "html": "",
    "created_at": None,
    "edited_at": None,
    "likes": 0,
    "deleted": True,
}
# a parent whose every personal field is distinctive, so a leak anywhere in the JSON is found
SECRET = {
    "author": "Zebulon Quill",
    "email": "zebulon.quill@example.org",
    "website": "https://zebulon-quill.example",
    "text": HAM + " Signed: the marmalade conspiracy.",
}


async def _comment(api: Api, site: Site, uri: str = "/a", **fields: Any) -> dict[str, Any]:
    r = await api.post(site, uri=uri, **fields)
    assert r.status_code == 201, r.text
    body: dict[str, Any] = r.json()
    return body


async def _reply(api: Api, site: Site, parent: dict[str, Any], n: int, uri: str = "/a") -> int:
    body = await _comment(
        api,
        site,
        uri=uri,
        parent_id=parent["comment"]["id"],
        author=f"Replier {n}",
        email=f"replier{n}@example.org",
        text=f"{HAM} Reply number {n}.",
    )
    reply_id: int = body["comment"]["id"]
    return reply_id


def _assert_nothing_private(raw: str, parent: dict[str, Any]) -> None:
    for value in (*SECRET.values(), "marmalade", "Zebulon", "zebulon", parent["comment"]["avatar"]):
        assert value not in raw, f"{value!r} leaked"
    assert "203.0.113" not in raw  # the poster's (minimised) address


def _tombstone(node: dict[str, Any], comment_id: int, status: str) -> None:
    assert node["id"] == comment_id
    assert node["status"] == status
    assert {k: node[k] for k in TOMBSTONE} == TOMBSTONE


async def test_a_deleted_comment_with_replies_stays_as_a_tombstone(api: Api) -> None:
    site = await api.site()
    parent = await _comment(api, site, **SECRET)
    reply = await _reply(api, site, parent, 1)
    r = await api.client.delete(
        f"/api/comments/{parent['comment']['id']}", headers={"X-Edit-Token": parent["edit_token"]}
    )
    assert r.status_code == 200, r.text
    raw = (await api.client.get("/api/threads", params={"site": site.id, "uri": "/a"})).text
    data = await api.thread(site)
    [root] = data["comments"]
    _tombstone(root, parent["comment"]["id"], "deleted")
    assert [c["id"] for c in root["replies"]] == [reply]
    assert root["replies"][0]["deleted"] is False
    assert data["thread"]["count"] == 1  # the reply; a tombstone is not a comment
    assert data["total_roots"] == 1
    _assert_nothing_private(raw, parent)


async def test_a_deleted_comment_without_replies_disappears(api: Api) -> None:
    site = await api.site()
    keep = await _comment(api, site)
    gone = await _comment(api, site, **SECRET)
    await api.store.set_comment_status(gone["comment"]["id"], CommentStatus.DELETED)  # a moderator
    data = await api.thread(site)
    assert [c["id"] for c in data["comments"]] == [keep["comment"]["id"]]
    assert data["total_roots"] == 1
    assert data["thread"]["count"] == 1


async def test_held_and_spam_parents_are_neutral_placeholders(api: Api) -> None:
    site = await api.site()
    for status in (CommentStatus.PENDING, CommentStatus.SPAM):
        uri = f"/{status.value}"
        parent = await _comment(api, site, uri=uri, **SECRET)
        reply = await _reply(api, site, parent, 1, uri=uri)
        await api.store.set_comment_status(parent["comment"]["id"], status)
        raw = (await api.client.get("/api/threads", params={"site": site.id, "uri": uri})).text
        data = await api.thread(site, uri)
        [root] = data["comments"]
        _tombstone(root, parent["comment"]["id"], "hidden")
        assert [c["id"] for c in root["replies"]] == [reply]
        assert data["thread"]["count"] == 1
        _assert_nothing_private(raw, parent)
        # approved again (a moderator changed their mind): the comment is back in full
        await api.store.set_comment_status(parent["comment"]["id"], CommentStatus.APPROVED)
        back = (await api.thread(site, uri))["comments"][0]
        assert back["deleted"] is False
        assert back["author"] == SECRET["author"]
        assert [c["id"] for c in back["replies"]] == [reply]


async def test_a_chain_of_hidden_ancestors_keeps_every_level(api: Api) -> None:
    """root (approved) > a (spam) > b (deleted) > c (approved): two tombstones in a row."""
    site = await api.site()
    root = await _comment(api, site)
    a = await _comment(api, site, parent_id=root["comment"]["id"], **SECRET)
    b = await _comment(api, site, parent_id=a["comment"]["id"], author="B", text=HAM + " B here.")
    c = await _comment(api, site, parent_id=b["comment"]["id"], author="C", text=HAM + " C here.")
    side = await _reply(api, site, root, 2)
    await api.store.set_comment_status(a["comment"]["id"], CommentStatus.SPAM)
    await api.store.set_comment_status(b["comment"]["id"], CommentStatus.DELETED)
    data = await api.thread(site)
    [top] = data["comments"]
    assert top["id"] == root["comment"]["id"]
    assert top["deleted"] is False
    first, second = top["replies"]  # oldest first: the hidden one was posted before the side reply
    _tombstone(first, a["comment"]["id"], "hidden")
    assert second["id"] == side
    [middle] = first["replies"]
    _tombstone(middle, b["comment"]["id"], "deleted")
    assert [x["id"] for x in middle["replies"]] == [c["comment"]["id"]]
    assert data["thread"]["count"] == 3  # root, c, side
    # the root itself hidden too: the tombstones reach the top
    await api.store.set_comment_status(root["comment"]["id"], CommentStatus.DELETED)
    [top] = (await api.thread(site))["comments"]
    _tombstone(top, root["comment"]["id"], "deleted")
    assert [x["id"] for x in top["replies"]] == [a["comment"]["id"], side]
    # the visible end of the chain deleted: the tombstones above it, with nothing left under them, go
    await api.store.set_comment_status(c["comment"]["id"], CommentStatus.DELETED)
    [top] = (await api.thread(site))["comments"]
    assert [x["id"] for x in top["replies"]] == [side]


async def test_load_more_walks_past_tombstone_roots(api: Api) -> None:
    site = await api.site()
    roots = [await _comment(api, site, text=f"{HAM} Root {i}.") for i in range(6)]
    replies = {i: await _reply(api, site, roots[i], i) for i in (0, 2, 5)}
    for i in (0, 1, 2, 5):  # 0, 2 and 5 keep a tombstone; 1 has no replies and disappears
        await api.store.set_comment_status(roots[i]["comment"]["id"], CommentStatus.DELETED)
    expected = [roots[i]["comment"]["id"] for i in (0, 2, 3, 4, 5)]
    for sort, order in (("oldest", expected), ("newest", expected[::-1])):
        seen: list[int] = []
        offset: int | None = 0
        while offset is not None:
            page = await api.thread(site, sort=sort, limit=2, offset=offset)
            assert page["total_roots"] == 5
            seen += [c["id"] for c in page["comments"]]
            offset = page["next_offset"]
        assert seen == order
    best = (await api.thread(site, sort="best", limit=10))["comments"]
    assert sorted(c["id"] for c in best) == sorted(expected)
    by_id = {c["id"]: c for c in best}
    for i, reply in replies.items():
        assert [r["id"] for r in by_id[roots[i]["comment"]["id"]]["replies"]] == [reply]
    counts = await api.client.get("/api/counts", params={"site": site.id, "uri": "/a"})
    assert counts.json()["counts"]["/a"] == 5  # roots 3 and 4, and three replies
    assert (await api.thread(site))["thread"]["count"] == 5


async def test_the_authors_own_pending_reply_under_a_deleted_parent(api: Api) -> None:
    """The personalised path (``mine``) builds the same shape; the shared page shows nothing."""
    site = await api.site(moderation=ModerationPolicy.HOLD_ALL)
    parent = await _comment(api, site, **SECRET)
    await api.store.set_comment_status(parent["comment"]["id"], CommentStatus.APPROVED)
    mine = await _comment(api, site, parent_id=parent["comment"]["id"], author="Me", email="me@example.org")
    assert mine["status"] == "pending"
    await api.store.set_comment_status(parent["comment"]["id"], CommentStatus.DELETED)
    everyone = await api.thread(site)
    assert everyone["comments"] == []
    assert everyone["total_roots"] == 0
    r = await api.client.get(
        "/api/threads", params={"site": site.id, "uri": "/a", "mine": mine["edit_token"]}
    )
    [root] = r.json()["comments"]
    _tombstone(root, parent["comment"]["id"], "deleted")
    assert [(c["id"], c["status"]) for c in root["replies"]] == [(mine["comment"]["id"], "pending")]
    assert r.json()["thread"]["count"] == 0
    _assert_nothing_private(r.text, parent)
    assert (await api.thread(site))["comments"] == []  # the personalised page was not cached


async def test_a_reply_to_a_tombstone_is_refused(api: Api) -> None:
    site = await api.site()
    parent = await _comment(api, site)
    await _reply(api, site, parent, 1)
    await api.store.set_comment_status(parent["comment"]["id"], CommentStatus.DELETED)
    r = await api.post(site, parent_id=parent["comment"]["id"], text=HAM + " Too late.")
    assert r.status_code == 400, r.text
    assert r.json()["error"]["field"] == "parent_id"
