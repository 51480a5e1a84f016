"""POST /api/v1/check: typed JSON beside the Akismet protocol, from the same service."""

from __future__ import annotations

from tests.akismet.conftest import HAM, SPAM, Harness


async def test_the_native_check_returns_score_decision_reasons_and_guid(harness: Harness) -> None:
    api_key, site = await harness.new_key()
    response = await harness.client.post("/api/v1/check", json={"api_key": api_key.key, **SPAM})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"guid", "score", "decision", "spam", "reasons", "is_test"}
    assert body["decision"] in {"spam", "discard"}
    assert body["spam"] is True
    assert 0.9 <= body["score"] <= 1
    assert body["reasons"]
    assert all(set(r) == {"text", "weight"} for r in body["reasons"])
    record = await harness.recorded_check(body["guid"])
    assert record is not None
    assert record.site_id == site.id


async def test_both_apis_give_the_same_verdict(harness: Harness) -> None:
    api_key, site = await harness.new_key()
    for fields in (
        HAM,
        SPAM,
        {**HAM, "comment_author": "viagra-test-123"},
        {**SPAM, "user_role": "administrator"},
    ):
        native = (
            await harness.client.post(
                "/api/v1/check", json={"api_key": api_key.key, "blog": site.url, **fields}
            )
        ).json()
        akismet = await harness.post(
            "/1.1/comment-check", {"api_key": api_key.key, "blog": site.url, **fields}
        )
        assert akismet.text == ("true" if native["spam"] else "false")
        assert akismet.headers["x-rejoinder-decision"] == native["decision"]
        record = await harness.recorded_check(akismet.headers["x-akismet-guid"])
        if record is not None:  # test values are decided without the engine and not recorded
            assert round(record.score, 4) == native["score"]


async def test_native_errors_use_the_one_json_error_shape(harness: Harness) -> None:
    api_key, _ = await harness.new_key()
    no_ip = {k: v for k, v in HAM.items() if k != "user_ip"}
    missing = await harness.client.post("/api/v1/check", json={"api_key": api_key.key, **no_ip})
    assert missing.status_code == 422
    assert missing.json()["error"]["field"] == "user_ip"
    bad_key = await harness.client.post("/api/v1/check", json={"api_key": "zzzzzzzzzzzz", **HAM})
    assert bad_key.status_code == 403
    assert bad_key.json()["error"] == {
        "code": "invalid_key",
        "message": "Invalid key: this server has no such API key",
        "field": "api_key",
    }
    elsewhere = await harness.client.post(
        "/api/v1/check", json={"api_key": api_key.key, "blog": "https://elsewhere.example", **HAM}
    )
    assert elsewhere.status_code == 403
    not_json = await harness.client.post(
        "/api/v1/check", content=b"api_key=x", headers={"content-type": "text/plain"}
    )
    assert not_json.status_code == 422


async def test_the_openapi_document_describes_the_native_check_not_the_akismet_paths(
    harness: Harness,
) -> None:
    document = (await harness.client.get("/api/openapi.json")).json()
    assert "/api/v1/check" in document["paths"]
    operation = document["paths"]["/api/v1/check"]["post"]
    assert "requestBody" in operation
    assert not any(path.startswith(("/1.1/", "/1.2/")) for path in document["paths"])
