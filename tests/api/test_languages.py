"""The server's sentences reach a reader in the language their request asks for (the widget sends
its own language as ``Accept-Language``); the error shape and codes stay the same in every one."""

from __future__ import annotations

from rejoinder.domain import Site
from tests.api.conftest import Api


async def _published(api: Api, site: Site) -> int:
    r = await api.post(site, text="A comment on the new bus routes.")
    assert r.status_code == 201, r.text
    cid: int = r.json()["comment"]["id"]
    return cid


async def test_a_refusal_is_said_in_the_readers_language(api: Api) -> None:
    site = await api.site(likes=False)
    cid = await _published(api, site)
    like = f"/api/comments/{cid}/like"
    answers = {}
    for language in ("de-DE,de;q=0.9,en;q=0.8", "fr", "ja", None):
        headers = {"Origin": site.url} | ({"Accept-Language": language} if language else {})
        r = await api.client.post(like, headers=headers)
        assert r.status_code == 409, r.text
        assert r.json()["error"]["code"] == "conflict"
        answers[language] = r.json()["error"]["message"]
    assert answers == {
        "de-DE,de;q=0.9,en;q=0.8": "Auf dieser Website gibt es keine Likes.",
        "fr": "Ce site n’accepte pas les « J’aime ».",
        "ja": "This site does not take likes.",  # a language we do not speak: English
        None: "This site does not take likes.",
    }


async def test_a_thank_you_is_said_in_the_readers_language(api: Api) -> None:
    site = await api.site()
    cid = await _published(api, site)
    r = await api.client.post(
        f"/api/comments/{cid}/report", headers={"Origin": site.url, "Accept-Language": "es"}, json={}
    )
    assert r.status_code == 200, r.text
    assert r.json()["message"] == "Gracias: los moderadores revisarán este comentario."


async def test_the_comment_forms_refusals_name_the_field_in_the_readers_language(api: Api) -> None:
    site = await api.site(max_comment_length=50)

    async def refusal(language: str, **fields: str) -> dict[str, str]:
        body = {
            "site": site.id,
            "uri": "/a",
            "title": "A page",
            "author": "Jane",
            "email": "jane@example.org",
        }
        body |= {"text": "A comment.", "form_token": await api.form_token(site, "/a")} | fields
        headers = {"Origin": site.url, "Accept-Language": language}
        r = await api.client.post("/api/comments", json=body, headers=headers)
        assert r.status_code == 400, r.text
        error: dict[str, str] = r.json()["error"]
        return error

    assert await refusal("ru", author="") == {
        "code": "invalid",
        "field": "author",
        "message": "Укажите, пожалуйста, имя: этот сайт его требует.",
    }
    too_long = await refusal("de-CH", text="x" * 60)
    assert too_long["message"] == "Der Kommentar ist 60 Zeichen lang; erlaubt sind höchstens 50."
    assert (await refusal("hi", email="no-at-sign"))["field"] == "email"
    english = await refusal("", website="not a site")
    assert english["message"] == "The website is not a web address: it should look like https://example.org."
