"""Whatever a client sends, the Akismet endpoints answer 200 in Akismet's words and the native
check answers 200 or a 4xx in the JSON error shape: never a 5xx, never a traceback."""

from __future__ import annotations

import json
import random
from urllib.parse import quote_from_bytes

import pytest

from tests.akismet.conftest import HAM, Harness

HOSTILE = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\u202e\u200bgoogle.com",
    "\ud800",
    "💥" * 500,
    "x" * 70_000,
    "%",
    "%zz%%",
    "[]",
    "comment_context[0]",
    "http://[::1",
    "javascript:alert(1)",
    "<script>alert(1)</script>",
    "\r\nSet-Cookie: x=y",
    "1e309",
    "-1",
    "NaN",
    "true",
    "null",
]
FIELDS = [
    *HAM,
    "blog",
    "api_key",
    "key",
    "is_test",
    "user_role",
    "guid",
    "honeypot_field_name",
    "ak_js",
    "comment_date_gmt",
]
AKISMET_BODIES = {
    "true",
    "false",
    "valid",
    "invalid",
    "deactivated",
    "Thanks for making the web a better place.",
    "Missing required field: user_ip.",
    "Missing required field: blog.",
}


def escape(text: str) -> str:
    return quote_from_bytes(text.encode("utf-8", "surrogatepass"))


def encode(fields: dict[str, str]) -> bytes:
    return "&".join(f"{escape(k)}={escape(v)}" for k, v in fields.items()).encode()


@pytest.mark.parametrize(
    "path", ["/1.1/comment-check", "/1.1/submit-spam", "/1.1/verify-key", "/1.2/key-sites"]
)
async def test_hostile_form_values_get_akismet_answers(harness: Harness, path: str) -> None:
    api_key, site = await harness.new_key()
    rng = random.Random(path)
    for _ in range(60):
        fields = {"api_key": api_key.key, "blog": site.url, **HAM}
        for name in rng.sample(FIELDS, 3):
            fields[name] = rng.choice(HOSTILE)
        response = await harness.post(path, encode(fields))
        assert response.status_code == 200, fields
        if response.headers["content-type"] == "application/json":  # key-sites' report
            assert path == "/1.2/key-sites"
            continue
        if path != "/1.2/key-sites":
            assert response.text in AKISMET_BODIES, (fields, response.text)
        if response.text not in {
            "true",
            "false",
            "valid",
            "deactivated",
            "Thanks for making the web a better place.",
        }:
            assert response.headers.get("x-akismet-debug-help"), fields


async def test_hostile_json_values_never_give_a_server_error(harness: Harness) -> None:
    api_key, _ = await harness.new_key()
    rng = random.Random(7)
    values: list[object] = [*HOSTILE, 0, -1, 1e308, True, None, [], {}, ["a"] * 200, {"$gt": ""}]
    for _ in range(120):
        payload: dict[str, object] = {"api_key": api_key.key, **HAM}
        for name in rng.sample([*HAM, "blog", "api_key", "seconds_on_page", "comment_context", "is_test"], 2):
            payload[name] = rng.choice(values)
        body = json.dumps(payload).encode()  # ASCII escapes, so a lone surrogate gets through
        response = await harness.client.post(
            "/api/v1/check", content=body, headers={"content-type": "application/json"}
        )
        assert response.status_code in {200, 403, 422}, (payload, response.text)
        if response.status_code != 200:
            assert set(response.json()["error"]) == {"code", "message", "field"}
