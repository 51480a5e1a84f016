"""submit-spam / submit-ham train the key's site at once; a ham report undoes a spam report."""

from __future__ import annotations

from typing import Any

import pytest

from tests.akismet.conftest import HAM, Harness

# A comment the shipped model is unsure about, so that one report visibly moves it.
BORDERLINE = {
    **HAM,
    "comment_content": "Interesting read, thanks for sharing this with us.",
    "comment_author": "Sam",
}


async def score(h: Harness, key: str, blog: str, fields: dict[str, Any]) -> float:
    response = await h.client.post("/api/v1/check", json={"api_key": key, "blog": blog, **fields})
    assert response.status_code == 200, response.text
    return float(response.json()["score"])


async def check(h: Harness, key: str, blog: str, fields: dict[str, Any]) -> str:
    response = await h.post("/1.1/comment-check", {"api_key": key, "blog": blog, **fields})
    return response.headers["x-akismet-guid"]


async def test_submit_spam_trains_at_once_and_submit_ham_undoes_it_exactly(harness: Harness) -> None:
    api_key, site = await harness.new_key()
    k, blog = api_key.key, site.url
    before = await score(harness, k, blog, BORDERLINE)
    guid = await check(harness, k, blog, BORDERLINE)

    response = await harness.post(
        "/1.1/submit-spam", {"api_key": k, "blog": blog, "guid": guid, **BORDERLINE}
    )
    assert response.text == "Thanks for making the web a better place."
    (event,) = await harness.services.store.learning_events(site.id)
    assert (event.is_spam, event.guid, event.source) == (True, guid, "akismet")
    assert event.payload["comment_content"] == BORDERLINE["comment_content"]
    after_spam = await score(harness, k, blog, BORDERLINE)
    assert after_spam > before

    await harness.post("/1.1/submit-spam", {"api_key": k, "blog": blog, "guid": guid, **BORDERLINE})
    assert len(await harness.services.store.learning_events(site.id)) == 1  # the same report twice: once

    await harness.post("/1.1/submit-ham", {"api_key": k, "blog": blog, "guid": guid, **BORDERLINE})
    (undone,) = await harness.services.store.learning_events(site.id)
    assert undone.undone_at is not None
    assert await score(harness, k, blog, BORDERLINE) == pytest.approx(before, abs=1e-4)

    await harness.post("/1.1/submit-ham", {"api_key": k, "blog": blog, "guid": guid, **BORDERLINE})
    events = await harness.services.store.learning_events(site.id)
    assert [(e.is_spam, e.undone_at is None) for e in events] == [(True, False), (False, True)]
    assert await score(harness, k, blog, BORDERLINE) < before


async def test_without_a_guid_the_same_text_and_author_are_the_same_comment(harness: Harness) -> None:
    api_key, site = await harness.new_key()
    data = {"api_key": api_key.key, "blog": site.url, **BORDERLINE}
    await harness.post("/1.1/submit-spam", data)
    await harness.post("/1.1/submit-ham", {**data, "user_ip": "192.0.2.55"})
    (event,) = await harness.services.store.learning_events(site.id)
    assert event.undone_at is not None


async def test_the_guid_brings_back_the_fields_the_engine_saw(harness: Harness) -> None:
    api_key, site = await harness.new_key()
    guid = await check(harness, api_key.key, site.url, BORDERLINE)
    # WordPress sends the comment again, but a client may send only the guid and the IP.
    await harness.post(
        "/1.1/submit-spam", {"api_key": api_key.key, "blog": site.url, "guid": guid, "user_ip": "1.2.3.4"}
    )
    (event,) = await harness.services.store.learning_events(site.id)
    assert event.payload["comment_author"] == "Sam"


async def test_a_guid_of_another_site_is_not_followed(harness: Harness) -> None:
    mine, my_site = await harness.new_key()
    theirs, their_site = await harness.new_key()
    their_guid = await check(harness, theirs.key, their_site.url, BORDERLINE)
    data = {"api_key": mine.key, "blog": my_site.url, "guid": their_guid, **HAM}
    await harness.post("/1.1/submit-spam", data)
    (event,) = await harness.services.store.learning_events(my_site.id)
    assert event.payload["comment_author"] == HAM["comment_author"]
    assert await harness.services.store.learning_events(their_site.id) == []


async def test_test_traffic_never_trains_and_never_counts(harness: Harness) -> None:
    api_key, site = await harness.new_key()
    k, blog = api_key.key, site.url
    test_guid = await check(harness, k, blog, {**BORDERLINE, "is_test": "true"})
    record = await harness.recorded_check(test_guid)
    assert record is not None
    assert record.is_test
    await harness.post("/1.1/submit-spam", {"api_key": k, "blog": blog, **BORDERLINE, "is_test": "1"})
    await harness.post("/1.1/submit-spam", {"api_key": k, "blog": blog, "guid": test_guid, **BORDERLINE})
    assert await harness.services.store.learning_events(site.id) == []
    usage = await harness.client.get("/1.2/usage-limit", params={"api_key": k})
    assert usage.json()["usage"] == 0
