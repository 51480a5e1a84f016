"""POST /api/comments: validation errors name the field, tokens are checked, verdicts are hidden."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from rejoinder.domain import BanKind, CommentStatus, ModerationPolicy, RequiredField
from rejoinder.spam import fingerprint
from rejoinder.storage.base import FactsQuery
from tests.api.conftest import HAM, Api

AWAITING = "Your comment is awaiting moderation."


def assert_error(response: Any, status: int, field: str | None, code: str | None = None) -> dict[str, Any]:
    """The one error shape: {"error": {"code", "message", "field"}} with a message worth reading."""
    assert response.status_code == status, response.text
    error: dict[str, Any] = response.json()["error"]
    assert set(error) == {"code", "message", "field"}
    assert error["field"] == field
    assert isinstance(error["message"], str)
    assert len(error["message"]) > 10
    if code:
        assert error["code"] == code
    return error


async def test_a_ham_comment_is_published_with_an_edit_token(api: Api) -> None:
    site = await api.site()
    r = await api.post(site, website="jane.example.net")
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["status"] == "approved"
    assert body["message"] is None
    comment = body["comment"]
    assert comment["author"] == "Jane Reader"
    assert comment["website"] == "https://jane.example.net"
    assert comment["html"].startswith("<p>Thanks for the careful reporting")
    assert comment["created_at"].endswith("Z")
    assert body["editable_until"].endswith("Z")
    assert body["edit_token"]
    assert body["form_token"]
    assert "email" not in r.text
    assert "jane@example.org" not in r.text
    stored = await api.store.get_comment(comment["id"])
    assert stored.author_email == "jane@example.org"
    assert stored.ip == "203.0.113.0"  # minimised before storage


async def test_a_post_and_its_copies_share_the_duplicate_fingerprint(api: Api) -> None:
    """A post's text is normalised once, for both the duplicate look-up and the stored row: the row
    must carry ``fingerprint`` of its text, or later copies go uncounted; an edit likewise."""
    site = await api.site()
    since = datetime.now(UTC) - timedelta(hours=1)
    first = await api.post(site, text=HAM)
    assert first.status_code == 201, first.text
    copy = FactsQuery(site_id=site.id, text_hash=fingerprint("  " + HAM.upper()), since=since)
    assert (await api.store.spam_facts(copy)).duplicates == 1
    second = await api.post(site, text=HAM.lower())  # a copy: counted by the check, then stored
    assert second.status_code == 201, second.text
    assert (await api.store.spam_facts(copy)).duplicates == 2
    edited_text = "A different point about the bridge, made after all."
    edit = await api.client.put(
        f"/api/comments/{second.json()['comment']['id']}",
        json={"text": edited_text, "edit_token": second.json()["edit_token"]},
    )
    assert edit.status_code == 200, edit.text
    assert (await api.store.spam_facts(copy)).duplicates == 1
    moved = FactsQuery(site_id=site.id, text_hash=fingerprint(edited_text), since=since)
    assert (await api.store.spam_facts(moved)).duplicates == 1


async def test_a_reply_nests_under_its_parent(api: Api) -> None:
    site = await api.site()
    parent = (await api.post(site)).json()["comment"]
    r = await api.post(site, parent_id=parent["id"], text="Agreed, the bus routes matter a great deal to us.")
    assert r.status_code == 201, r.text
    thread = await api.thread(site)
    assert [c["id"] for c in thread["comments"]] == [parent["id"]]
    assert thread["comments"][0]["replies"][0]["parent_id"] == parent["id"]


@pytest.mark.parametrize(
    ("change", "status", "field"),
    [
        ({"author": ""}, 400, "author"),
        ({"email": ""}, 400, "email"),
        ({"email": "jane at example"}, 400, "email"),
        ({"website": "javascript:alert(1)"}, 400, "website"),
        ({"text": "   "}, 400, "text"),
        ({"text": "x" * 10_001}, 400, "text"),
        ({"uri": "no-slash"}, 400, "uri"),
        ({"uri": "/a\x00b"}, 400, "uri"),
        ({"parent_id": 999_999_999}, 400, "parent_id"),
        ({"site": "1"}, 422, "site"),
        ({"text": 5}, 422, "text"),
        ({"parent_id": "x"}, 422, "parent_id"),
        ({"author": ["a"]}, 422, "author"),
        ({"form_token": None}, 422, "form_token"),
    ],
)
async def test_bad_fields_answer_4xx_naming_the_field(
    api: Api, change: dict[str, Any], status: int, field: str
) -> None:
    site = await api.site()
    body = {"form_token": await api.form_token(site), **change}
    assert_error(await api.post(site, **body), status, field)


async def test_nul_bytes_are_dropped_and_lone_surrogates_refused(api: Api) -> None:
    site = await api.site()
    r = await api.post(site, text="Fair \x00point about the budget.", author="Ann\x00", title="T\x00")
    assert r.status_code == 201, r.text
    assert r.json()["comment"]["html"] == "<p>Fair point about the budget.</p>"
    assert r.json()["comment"]["author"] == "Ann"
    body = {"site": site.id, "uri": "/a", "text": "Half a character: \ud800", "form_token": "x"}
    raw = json.dumps(body).encode()  # ASCII with a \\u escape: the only way to send a lone surrogate
    r = await api.client.post("/api/comments", content=raw, headers={"content-type": "application/json"})
    assert_error(r, 422, "text")


async def test_missing_fields_and_malformed_json(api: Api) -> None:
    assert_error(await api.client.post("/api/comments", json={"uri": "/a"}), 422, "site")
    r = await api.client.post(
        "/api/comments", content=b'{"site": 1,', headers={"content-type": "application/json"}
    )
    assert_error(r, 400, None, "invalid_json")
    assert_error(await api.client.post("/api/comments", json=[1, 2]), 422, None)


async def test_unknown_site_is_404(api: Api) -> None:
    r = await api.client.get("/api/config", params={"site": 987654, "uri": "/a"})
    assert_error(r, 404, "site", "not_found")


async def test_site_settings_decide_which_fields_are_required(api: Api) -> None:
    site = await api.site(required_fields=(RequiredField.NAME,))
    r = await api.post(site, email="")
    assert r.status_code == 201, r.text
    config = (await api.client.get("/api/config", params={"site": site.id, "uri": "/a"})).json()
    assert config["required"] == ["name"]
    anonymous = await api.site(required_fields=())
    r = await api.post(anonymous, author="", email="")
    assert r.status_code == 201
    assert r.json()["comment"]["author"] == "Anonymous"


async def test_forged_expired_or_foreign_form_tokens_are_403(api: Api) -> None:
    site = await api.site()
    token = await api.form_token(site, "/a")
    assert_error(await api.post(site, form_token=token[:-3] + "abc"), 403, "form_token")
    assert_error(await api.post(site, form_token="nonsense"), 403, "form_token")
    assert_error(await api.post(site, uri="/other", form_token=token), 403, "form_token")


async def test_a_replayed_form_token_is_refused(api: Api) -> None:
    site = await api.site()
    token = await api.form_token(site)
    first = await api.post(site, form_token=token)
    assert first.status_code == 201
    assert_error(await api.post(site, form_token=token, text="Another comment entirely."), 403, "form_token")
    # the fresh token handed back lets the same page post again
    again = await api.post(
        site, form_token=first.json()["form_token"], text="A follow-up from the same page."
    )
    assert again.status_code == 201


async def test_a_post_seconds_after_page_load_is_held_but_a_patient_one_is_not(api: Api) -> None:
    # a long minimum for the hasty post, so a crowded machine cannot make it look patient
    strict = await api.site(min_seconds_on_page=60.0)
    hasty = await api.post(strict)
    assert hasty.status_code == 201
    assert hasty.json()["status"] == "pending"
    assert hasty.json()["message"] == AWAITING
    site = await api.site(min_seconds_on_page=1.0)
    token = await api.form_token(site)
    await asyncio.sleep(1.1)
    patient = await api.post(site, form_token=token, text=HAM + " A second thought.")
    assert patient.json()["status"] == "approved"


async def test_the_honeypot_keeps_a_comment_out_of_sight_without_saying_so(api: Api) -> None:
    site = await api.site()
    r = await api.post(site, website_url="http://bot.example")
    assert r.status_code == 201
    assert r.json()["status"] == "pending"
    assert r.json()["message"] == AWAITING
    assert (await api.thread(site))["comments"] == []
    counts = await api.store.count_by_status(site.id)
    assert counts.get(CommentStatus.APPROVED, 0) == 0
    assert counts.get(CommentStatus.PENDING, 0) == 0


async def test_a_banned_author_goes_to_spam_and_is_told_it_awaits_moderation(api: Api) -> None:
    site = await api.site()
    await api.store.add_ban(site.id, BanKind.EMAIL, "banned@example.org", "test")
    r = await api.post(site, email="banned@example.org")
    assert r.status_code == 201
    assert r.json()["status"] == "pending"
    assert r.json()["message"] == AWAITING
    stored = await api.store.get_comment(r.json()["comment"]["id"])
    assert stored.status is CommentStatus.SPAM
    assert stored.reasons[0].text.startswith("banned e-mail")


async def test_moderation_policies(api: Api) -> None:
    hold_all = await api.site(moderation=ModerationPolicy.HOLD_ALL)
    assert (await api.post(hold_all)).json()["status"] == "pending"

    first_time = await api.site(moderation=ModerationPolicy.HOLD_FIRST_TIME)
    held = await api.post(first_time)
    assert held.json()["status"] == "pending"
    await api.store.set_comment_status(held.json()["comment"]["id"], CommentStatus.APPROVED)
    again = await api.post(first_time, text=HAM + " And one more point about the library.")
    assert again.json()["status"] == "approved"  # the same name, e-mail and website were approved before


async def test_a_closed_thread_takes_no_comments(api: Api) -> None:
    site = await api.site()
    first = await api.post(site)
    thread = await api.store.get_thread_by_id(
        (await api.store.get_comment(first.json()["comment"]["id"])).thread_id
    )
    await api.store.set_thread_closed(thread.id, True)
    assert_error(await api.post(site), 403, "uri", "thread_closed")
    config = (await api.client.get("/api/config", params={"site": site.id, "uri": "/a"})).json()
    assert config["closed"] is True
    assert (await api.thread(site))["thread"]["closed"] is True


async def test_a_thread_closed_after_this_process_knew_it_open_is_refused_on_every_path(api: Api) -> None:
    """The service remembers a page's thread once seen open and does not read it again per post;
    closing it (as a moderator on another worker would, straight in the store) must still refuse
    a plain post, a reply to a missing comment and a discarded bot post with the same 403."""
    site = await api.site()
    first = await api.post(site)
    assert first.status_code == 201
    thread_id = (await api.store.get_comment(first.json()["comment"]["id"])).thread_id
    await api.store.set_thread_closed(thread_id, True)
    assert_error(await api.post(site), 403, "uri", "thread_closed")
    assert_error(await api.post(site, parent_id=999_999_999), 403, "uri", "thread_closed")
    assert_error(await api.post(site, website_url="http://bot.example"), 403, "uri", "thread_closed")
    assert len(await api.store.list_thread_comments(thread_id)) == 1
    await api.store.set_thread_closed(thread_id, False)
    assert (await api.post(site)).status_code == 201  # reopened: taken again at once


async def test_an_oversized_body_is_413(api: Api) -> None:
    site = await api.site()
    r = await api.client.post(
        "/api/comments",
        content=b'{"site": %d, "text": "' % site.id + b"x" * 1_200_000 + b'"}',
        headers={"content-type": "application/json"},
    )
    assert_error(r, 413, None, "too_large")


async def test_rate_limit_per_ip_answers_429_with_retry_after(tmp_path: Any) -> None:
    from tests.api.conftest import running_api

    async with running_api(f"sqlite:///{tmp_path / 'r.db'}", rate_limit_per_minute=3) as api:
        site = await api.site()
        for i in range(3):
            assert (await api.post(site, text=f"{HAM} Point {i}.")).status_code == 201
        r = await api.post(site, text=HAM + " One too many.")
        assert_error(r, 429, None, "rate_limited")
        # two fixed windows approximate the sliding one: the wait can reach into the next minute
        assert 1 <= int(r.headers["Retry-After"]) <= 120


async def test_rate_limit_per_site_counts_every_address(tmp_path: Any) -> None:
    from tests.api.conftest import running_api

    async with running_api(f"sqlite:///{tmp_path / 'r.db'}", site_rate_limit_per_minute=2) as api:
        site, other_site = await api.site(), await api.site()
        assert (await api.post(site, text=HAM + " One.")).status_code == 201
        async with api.client_from("198.51.100.7") as second:
            token = await api.form_token(site)
            body = {
                "site": site.id,
                "uri": "/a",
                "author": "B",
                "email": "b@example.org",
                "form_token": token,
            }
            r = await second.post(
                "/api/comments", json={**body, "text": HAM + " Two."}, headers={"Origin": site.url}
            )
            assert r.status_code == 201, r.text
            body["form_token"] = await api.form_token(site)
            r = await second.post(
                "/api/comments", json={**body, "text": HAM + " Three."}, headers={"Origin": site.url}
            )
            assert_error(r, 429, None, "rate_limited")
            assert "this site" in r.json()["error"]["message"]
        assert (await api.post(other_site, text=HAM + " Elsewhere.")).status_code == 201  # per site
