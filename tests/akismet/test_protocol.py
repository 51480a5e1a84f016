"""Every Akismet endpoint, its exact bodies and headers, and its answer to every bad input."""

from __future__ import annotations

import dataclasses
import uuid
from urllib.parse import quote, urlencode

from rejoinder.domain import BanKind
from tests.akismet.conftest import HAM, SPAM, Harness

Key = tuple[str, str]
THANKS = "Thanks for making the web a better place."


def assert_clean(response: object) -> None:
    """A normal answer: 200, plain text, and none of the headers that make clients throw."""
    headers = response.headers  # type: ignore[attr-defined]
    assert response.status_code == 200  # type: ignore[attr-defined]
    assert headers["content-type"].startswith("text/plain")
    assert "x-akismet-debug-help" not in headers
    assert "x-akismet-alert-code" not in headers


def assert_error(response: object, body: str, help_contains: str) -> None:
    assert response.status_code == 200  # type: ignore[attr-defined]
    assert response.text == body  # type: ignore[attr-defined]
    assert help_contains in response.headers["x-akismet-debug-help"]  # type: ignore[attr-defined]


# -- verify-key ---------------------------------------------------------------------------------------
async def test_verify_key_accepts_key_api_key_and_the_host_name(harness: Harness, key: Key) -> None:
    k, blog = key
    for data, headers in (
        ({"key": k, "blog": blog}, {}),
        ({"api_key": k, "blog": blog}, {}),
        ({"key": k, "api_key": k, "blog": blog}, {}),
        ({"blog": blog}, {"host": f"{k}.akismet.example.org"}),
        ({"blog": blog}, {"host": f"{k.upper()}.akismet.example.org:8443"}),
    ):
        response = await harness.post("/1.1/verify-key", data, headers=headers)
        assert_clean(response)
        assert response.text == "valid"


async def test_verify_key_refusals_say_why(harness: Harness, key: Key) -> None:
    k, blog = key
    cases = [
        ({"blog": blog}, 'Empty "api_key" value'),
        ({"key": k[:11], "blog": blog}, "12 letters and digits"),
        ({"key": "zzzzzzzzzzzz", "blog": blog}, "no such API key"),
        ({"key": k}, 'Empty "blog" value'),
        ({"key": k, "blog": "not a url"}, "unable to parse your blog URI"),
        ({"key": k, "blog": "http://[::1"}, "unable to parse your blog URI"),
        ({"key": k, "blog": "https://somewhere-else.example.com"}, "not a site this key is allowed on"),
    ]
    for data, why in cases:
        assert_error(await harness.post("/1.1/verify-key", data), "invalid", why)


async def test_a_key_is_valid_below_its_site_with_either_scheme_and_on_allowed_urls(harness: Harness) -> None:
    api_key, _ = await harness.new_key(
        "https://news.example.com/blog", allowed=("https://mirror.example.net",)
    )
    for blog in (
        "https://news.example.com/blog",
        "http://news.example.com/blog/",
        "https://www.news.example.com/blog/2026/11",
        "https://mirror.example.net/x",
    ):
        response = await harness.post("/1.1/verify-key", {"key": api_key.key, "blog": blog})
        assert response.text == "valid", blog
    for blog in ("https://news.example.com/", "https://news.example.com/blogger"):
        response = await harness.post("/1.1/verify-key", {"key": api_key.key, "blog": blog})
        assert response.text == "invalid", blog
        assert response.headers["x-akismet-alert-code"] == "10404"


# -- comment-check --------------------------------------------------------------------------------------
async def test_ham_is_false_spam_is_true_and_every_check_has_a_guid(harness: Harness, key: Key) -> None:
    k, blog = key
    ham = await harness.post("/1.1/comment-check", {"api_key": k, "blog": blog, **HAM})
    spam = await harness.post("/1.1/comment-check", {"api_key": k, "blog": blog, **SPAM})
    for response, body in ((ham, "false"), (spam, "true")):
        assert_clean(response)
        assert response.text == body
        uuid.UUID(response.headers["x-akismet-guid"])
    assert ham.headers["x-akismet-guid"] != spam.headers["x-akismet-guid"]
    assert "x-akismet-pro-tip" not in ham.headers
    assert ham.headers["x-rejoinder-decision"] == "ham"


async def test_the_guid_names_a_recorded_check(harness: Harness, key: Key) -> None:
    k, blog = key
    response = await harness.post("/1.1/comment-check", {"api_key": k, "blog": blog, **HAM})
    record = await harness.recorded_check(response.headers["x-akismet-guid"])
    assert record is not None
    assert record.api_key == k
    assert record.payload["comment_author"] == HAM["comment_author"]


async def test_key_only_in_the_host_name(harness: Harness, key: Key) -> None:
    k, blog = key
    response = await harness.post(
        "/1.1/comment-check", {"blog": blog, **HAM}, headers={"host": f"{k}.rest.example.org"}
    )
    assert_clean(response)
    assert response.text == "false"


async def test_blatant_spam_carries_the_discard_pro_tip(harness: Harness, key: Key) -> None:
    k, blog = key
    data = {"api_key": k, "blog": blog, **SPAM, "honeypot_field_name": "hp", "hp": "http://cheap-viagra.top"}
    response = await harness.post("/1.1/comment-check", data)
    assert_clean(response)
    assert response.text == "true"
    assert response.headers["x-akismet-pro-tip"] == "discard"


async def test_documented_test_values(harness: Harness, key: Key) -> None:
    k, blog = key
    base = {"api_key": k, "blog": blog, **HAM}
    cases = [
        ({"comment_author": "viagra-test-123"}, "true"),
        ({"comment_author_email": "akismet-guaranteed-spam@example.com"}, "true"),
        ({"user_role": "administrator", **SPAM}, "false"),
        ({"user_role": "editor,administrator", "comment_author": "viagra-test-123"}, "false"),
        ({"comment_author": "viagra-test-123", "is_test": "1"}, "true"),
    ]
    for extra, body in cases:
        response = await harness.post("/1.1/comment-check", {**base, **extra})
        assert_clean(response)
        assert response.text == body, extra
        assert "x-akismet-pro-tip" not in response.headers
        assert "x-akismet-guid" in response.headers


async def test_missing_and_bad_fields_get_akismets_answers(harness: Harness, key: Key) -> None:
    k, blog = key
    check = "/1.1/comment-check"
    no_ip = {**HAM, "user_ip": ""}
    assert_error(
        await harness.post(check, {"api_key": k, "blog": blog, **no_ip}),
        "Missing required field: user_ip.",
        'Empty "user_ip" value',
    )
    assert_error(
        await harness.post(check, {"api_key": k, **HAM}),
        "Missing required field: blog.",
        'Empty "blog" value',
    )
    assert_error(
        await harness.post(check, {"api_key": k, "blog": "example", **HAM}), "invalid", "parse your blog URI"
    )
    assert_error(await harness.post(check, {"blog": blog, **HAM}), "invalid", 'Empty "api_key" value')
    assert_error(await harness.post(check, {"api_key": "abc", "blog": blog, **HAM}), "invalid", "Invalid key")


async def test_wrong_methods_and_content_types_never_crash(harness: Harness, key: Key) -> None:
    k, blog = key
    as_json = await harness.client.post("/1.1/comment-check", json={"api_key": k, "blog": blog, **HAM})
    assert_error(as_json, "invalid", 'Empty "api_key" value')
    get = await harness.client.get("/1.1/comment-check")
    assert get.status_code == 405


async def test_iso_8859_1_bodies_broken_escapes_and_php_arrays(harness: Harness, key: Key) -> None:
    k, blog = key
    fields = {
        **HAM,
        "api_key": k,
        "blog": blog,
        "comment_author": "Jérôme Gaßner",
        "blog_charset": "ISO-8859-1",
    }
    body = (
        urlencode(fields, encoding="latin-1").encode()
        + b"&comment_context%5B0%5D=news&comment_context%5B1%5D=caf%E9"
    )
    body += b"&POST_broken=%zz%4&HTTP_X=%"
    response = await harness.post(
        "/1.1/comment-check",
        body,
        headers={"content-type": "application/x-www-form-urlencoded; charset=ISO-8859-1"},
    )
    assert_clean(response)
    record = await harness.recorded_check(response.headers["x-akismet-guid"])
    assert record is not None
    assert record.payload["comment_author"] == "Jérôme Gaßner"
    assert "café" in str(record.payload["comment_context"])


async def test_a_1_mb_comment_is_checked_and_a_larger_body_is_refused_politely(
    harness: Harness, key: Key
) -> None:
    k, blog = key
    megabyte = {"api_key": k, "blog": blog, **HAM, "comment_content": "lorem ipsum " * 83_000}
    response = await harness.post("/1.1/comment-check", megabyte)
    assert_clean(response)
    assert response.text in {"true", "false"}
    too_big = {**megabyte, "comment_content": "x" * 1_200_000}
    assert_error(await harness.post("/1.1/comment-check", too_big), "Request too large.", "larger than")


# -- submit-spam / submit-ham ------------------------------------------------------------------------
async def test_submissions_answer_the_exact_thanks(harness: Harness, key: Key) -> None:
    k, blog = key
    for path in ("/1.1/submit-spam", "/1.1/submit-ham"):
        response = await harness.post(path, {"api_key": k, "blog": blog, **HAM})
        assert_clean(response)
        assert response.text == THANKS
    assert_error(
        await harness.post("/1.1/submit-spam", {"api_key": "zzzzzzzzzzzz", "blog": blog, **HAM}),
        "invalid",
        "Invalid key",
    )


async def test_deactivate(harness: Harness, key: Key) -> None:
    k, blog = key
    response = await harness.post("/1.1/deactivate", {"key": k, "blog": blog})
    assert_clean(response)
    assert response.text == "deactivated"
    assert (await harness.post("/1.1/deactivate", {"key": "nope", "blog": blog})).text == "invalid"


# -- 1.2 ------------------------------------------------------------------------------------------------
async def test_usage_limit_counts_real_calls_but_not_test_traffic(harness: Harness, key: Key) -> None:
    k, blog = key
    for _ in range(3):
        await harness.post("/1.1/comment-check", {"api_key": k, "blog": blog, **HAM})
    await harness.post("/1.1/comment-check", {"api_key": k, "blog": blog, **HAM, "is_test": "true"})
    for response in (
        await harness.client.get("/1.2/usage-limit", params={"api_key": k}),
        await harness.post("/1.2/usage-limit", {"api_key": k}),
    ):
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/json"
        assert response.json() == {"limit": "none", "usage": 3, "percentage": "0.00", "throttled": False}
    assert_error(await harness.client.get("/1.2/usage-limit"), "invalid", 'Empty "api_key" value')


async def test_key_sites_json_and_csv(harness: Harness, key: Key) -> None:
    k, blog = key
    await harness.post("/1.1/comment-check", {"api_key": k, "blog": blog, **HAM})
    await harness.post("/1.1/comment-check", {"api_key": k, "blog": blog, **SPAM})
    await harness.post("/1.1/submit-spam", {"api_key": k, "blog": blog, **HAM})
    response = await harness.client.get("/1.2/key-sites", params={"api_key": k})
    body = response.json()
    (month,) = [m for m in body if m not in {"limit", "offset", "total"}]
    assert body[month] == [
        {
            "site": blog,
            "api_calls": "3",
            "spam": "1",
            "ham": "1",
            "missed_spam": "1",
            "false_positives": "0",
            "is_revoked": False,
        }
    ]
    assert (body["limit"], body["offset"], body["total"]) == (500, 0, 1)
    csv = await harness.client.get("/1.2/key-sites", params={"api_key": k, "format": "csv", "limit": "10"})
    assert csv.headers["content-type"].startswith("text/csv")
    lines = csv.text.splitlines()
    assert lines[0] == f"Active sites for {k} during {month} (limit:10, offset: 0, total: 1)"
    assert lines[1] == "Site,Total API Calls,Spam,Ham,Missed Spam,False Positives,Is Revoked"
    assert lines[2] == f"{blog},3,1,1,1,0,false"
    bad = await harness.client.get("/1.2/key-sites", params={"api_key": k, "month": "November"})
    assert_error(bad, "Invalid request: month.", "2026-11")
    other_month = await harness.client.get("/1.2/key-sites", params={"api_key": k, "month": "2020-01"})
    assert other_month.json()["2020-01"][0]["api_calls"] == "0"


# -- rate limit and revocation ---------------------------------------------------------------------------
async def test_over_the_rate_limit_the_answer_stays_akismet_shaped(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.akismet.conftest import running_app

    async with running_app(tmp_path, akismet_rate_limit_per_minute=3) as h:
        api_key, site = await h.new_key()
        data = {"api_key": api_key.key, "blog": site.url, **HAM}
        for _ in range(3):
            assert (await h.post("/1.1/comment-check", data)).text == "false"
        limited = await h.post("/1.1/comment-check", data)
        assert_error(limited, "Rate limit exceeded.", "Too many Akismet calls")
        assert limited.headers["x-akismet-alert-code"] == "10601"
        usage = await h.client.get("/1.2/usage-limit", params={"api_key": api_key.key})
        assert usage.json()["throttled"] is True


async def test_a_revoked_key_is_refused(harness: Harness, key: Key) -> None:
    k, blog = key
    assert (await harness.post("/1.1/verify-key", {"key": k, "blog": blog})).text == "valid"
    await harness.services.akismet.revoke_key(k)
    response = await harness.post("/1.1/comment-check", {"api_key": k, "blog": blog, **HAM})
    assert_error(response, "invalid", "revoked")


async def test_header_texts_cannot_inject_headers(harness: Harness, key: Key) -> None:
    k, _ = key
    blog = "https://evil.example.com/\r\nSet-Cookie: a=b/ü"
    response = await harness.post("/1.1/verify-key", {"key": k, "blog": blog})
    assert response.text == "invalid"
    assert "set-cookie" not in response.headers
    assert "\\xfc" in response.headers["x-akismet-debug-help"]


async def test_percent_encoded_garbage_of_every_byte_never_crashes(harness: Harness, key: Key) -> None:
    k, blog = key
    junk = "".join(f"%{b:02X}" for b in range(256))
    body = f"api_key={k}&blog={quote(blog)}&user_ip=1.2.3.4&comment_content={junk}&{junk}={junk}".encode()
    for charset in ("utf-8", "ISO-8859-1", "shift_jis", "undefined", "utf-16"):
        response = await harness.post(
            "/1.1/comment-check",
            body,
            headers={"content-type": f"application/x-www-form-urlencoded; charset={charset}"},
        )
        assert_clean(response)
        assert response.text in {"true", "false"}


async def test_the_check_is_recorded_just_after_the_answer_without_being_asked(
    harness: Harness, key: Key
) -> None:
    import asyncio

    k, blog = key
    response = await harness.post("/1.1/comment-check", {"api_key": k, "blog": blog, **HAM})
    for _ in range(600):  # written within WRITE_DELAY (50 ms) plus a commit; up to 30 s on a crowded machine
        record = await harness.services.store.get_check(response.headers["x-akismet-guid"])
        if record is not None:
            break
        await asyncio.sleep(0.05)
    assert record is not None
    assert record.decision.value == response.headers["x-rejoinder-decision"]


async def test_a_moderators_ban_decides_an_akismet_check(harness: Harness) -> None:
    """Bans are read (and cached) per site: a banned e-mail is spam on its site only."""
    api_key, site = await harness.new_key()
    other_key, other_site = await harness.new_key()
    await harness.services.store.add_ban(site.id, BanKind.EMAIL, HAM["comment_author_email"], "olga")
    banned = await harness.post("/1.1/comment-check", {"api_key": api_key.key, "blog": site.url, **HAM})
    assert (banned.text, banned.headers["x-rejoinder-decision"]) == ("true", "spam")
    record = await harness.recorded_check(banned.headers["x-akismet-guid"])
    assert record is not None
    assert record.decision.value == "spam"
    elsewhere = await harness.post(
        "/1.1/comment-check", {"api_key": other_key.key, "blog": other_site.url, **HAM}
    )
    assert elsewhere.text == "false"


async def test_a_sites_thresholds_decide_an_akismet_check(harness: Harness) -> None:
    """The same comment, a site whose spam threshold is at 1e-9: held back as spam there."""
    api_key, site = await harness.new_key()
    strict = dataclasses.replace(
        site.settings, pending_threshold=1e-9, spam_threshold=1e-9, discard_threshold=1.0
    )
    await harness.services.store.update_site_settings(site.id, strict)
    response = await harness.post("/1.1/comment-check", {"api_key": api_key.key, "blog": site.url, **HAM})
    assert (response.text, response.headers["x-rejoinder-decision"]) == ("true", "spam")
