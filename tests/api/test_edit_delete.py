"""PUT and DELETE /api/comments/{id}: only with the comment's own signed token, only within the window."""

from __future__ import annotations

import asyncio

from rejoinder.domain import BanKind, CommentStatus
from tests.api.conftest import Api
from tests.api.test_post import AWAITING, assert_error


async def test_the_author_edits_within_the_window_and_the_edit_is_checked_again(api: Api) -> None:
    site = await api.site()
    posted = (await api.post(site)).json()
    cid, token = posted["comment"]["id"], posted["edit_token"]
    r = await api.client.put(
        f"/api/comments/{cid}", json={"text": "Edited: *still* about buses.", "edit_token": token}
    )
    assert r.status_code == 200, r.text
    assert r.json()["comment"]["html"] == "<p>Edited: <em>still</em> about buses.</p>"
    assert r.json()["comment"]["edited_at"].endswith("Z")
    assert r.json()["status"] == "approved"
    assert "Edited" in (await api.thread(site))["comments"][0]["html"]
    # an edit meets the spam check again: once the author is banned, the edit goes to spam
    await api.store.add_ban(site.id, BanKind.EMAIL, "jane@example.org", "test")
    r = await api.client.put(
        f"/api/comments/{cid}", json={"text": "Now with a link to my shop.", "edit_token": token}
    )
    assert r.json()["status"] == "pending"
    assert r.json()["message"] == AWAITING
    assert (await api.store.get_comment(cid)).status is CommentStatus.SPAM
    assert (await api.thread(site))["comments"] == []


async def test_forged_or_foreign_tokens_are_403(api: Api) -> None:
    site = await api.site()
    a = (await api.post(site)).json()
    b = (await api.post(site, author="Bob", email="bob@example.org")).json()
    a_id = a["comment"]["id"]
    for token in [b["edit_token"], a["edit_token"][:-4] + "AAAA", "nonsense", a["form_token"]]:
        r = await api.client.put(f"/api/comments/{a_id}", json={"text": "Hijacked.", "edit_token": token})
        assert_error(r, 403, "edit_token")
        r = await api.client.delete(f"/api/comments/{a_id}", headers={"X-Edit-Token": token})
        assert_error(r, 403, "edit_token")
    assert (await api.store.get_comment(a_id)).status is CommentStatus.APPROVED
    assert_error(await api.client.delete(f"/api/comments/{a_id}"), 403, "edit_token")
    r = await api.client.put("/api/comments/99999999", json={"text": "x", "edit_token": a["edit_token"]})
    assert_error(r, 403, "edit_token")
    assert_error(
        await api.client.put(f"/api/comments/{a_id}", json={"text": 3, "edit_token": "x"}), 422, "text"
    )
    assert_error(
        await api.client.put("/api/comments/abc", json={"text": "x", "edit_token": "x"}), 422, "comment_id"
    )


async def test_after_the_window_nothing_can_be_changed(api: Api) -> None:
    site = await api.site(edit_window_seconds=1)
    posted = (await api.post(site)).json()
    cid, token = posted["comment"]["id"], posted["edit_token"]
    await asyncio.sleep(1.2)
    r = await api.client.put(f"/api/comments/{cid}", json={"text": "Too late.", "edit_token": token})
    error = assert_error(r, 403, "edit_token")
    assert "no longer" in error["message"]
    assert_error(
        await api.client.delete(f"/api/comments/{cid}", headers={"X-Edit-Token": token}), 403, "edit_token"
    )


async def test_delete_with_header_or_body_and_replies_survive(api: Api) -> None:
    site = await api.site()
    parent = (await api.post(site)).json()
    reply = (
        await api.post(site, parent_id=parent["comment"]["id"], text="A reply worth keeping around.")
    ).json()
    r = await api.client.delete(
        f"/api/comments/{parent['comment']['id']}", headers={"X-Edit-Token": parent["edit_token"]}
    )
    assert r.json() == {"deleted": True}
    [root] = (await api.thread(site))["comments"]  # the reply keeps its place under a tombstone
    assert (root["id"], root["deleted"]) == (parent["comment"]["id"], True)
    assert [c["id"] for c in root["replies"]] == [reply["comment"]["id"]]
    r = await api.client.request(
        "DELETE", f"/api/comments/{reply['comment']['id']}", json={"edit_token": reply["edit_token"]}
    )
    assert r.json() == {"deleted": True}
    assert (await api.thread(site))["comments"] == []
    again = await api.client.delete(
        f"/api/comments/{reply['comment']['id']}", headers={"X-Edit-Token": reply["edit_token"]}
    )
    assert_error(again, 404, None, "not_found")
