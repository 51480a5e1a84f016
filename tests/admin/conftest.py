"""An in-process dashboard on a real database: ``create_app`` with its lifespan, driven by
httpx over ASGI, with an owner, a moderator, a site, a thread and a few held comments."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from argon2 import PasswordHasher

from rejoinder.domain import Comment, CommentStatus, Decision, NewComment, Reason, Role, Site, Thread
from rejoinder.settings import Settings
from rejoinder.web.app import create_app

PASSWORD = "correct horse battery"
FAST = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1)  # real Argon2id, test-sized
CSRF = re.compile(r'name="csrf" value="([^"]+)"')


@dataclass
class Dashboard:
    app: Any
    services: Any
    site: Site
    thread: Thread
    comments: list[Comment]

    def client(self, ip: str = "198.51.100.20") -> httpx.AsyncClient:
        transport = httpx.ASGITransport(app=self.app, client=(ip, 40000))
        return httpx.AsyncClient(transport=transport, base_url="http://testserver", follow_redirects=False)

    async def login(self, name: str = "olga", ip: str = "198.51.100.20") -> tuple[httpx.AsyncClient, str]:
        """A client holding a session cookie, and that session's CSRF token."""
        client = self.client(ip)
        form = await client.get("/admin/login")
        token = csrf_of(form.text)
        answer = await client.post("/admin/login", data={"name": name, "password": PASSWORD, "csrf": token})
        assert answer.status_code == 303, answer.text
        page = await client.get("/admin/comments")
        assert page.status_code == 200
        return client, csrf_of(page.text)

    async def add_comment(self, text: str, **fields: Any) -> Comment:
        values: dict[str, Any] = {
            "thread_id": self.thread.id,
            "parent_id": None,
            "author_name": "Reader",
            "author_email": "reader@example.org",
            "author_url": "",
            "text": text,
            "html": f"<p>{text}</p>",
            "status": CommentStatus.PENDING,
            "score": 0.62,
            "decision": Decision.PENDING,
            "reasons": (Reason("3 links", 0.8), Reason("long, thoughtful text", -0.3)),
            "ip": "203.0.113.0",
            "user_agent": "Mozilla/5.0",
        }
        values.update(fields)
        return await self.services.store.insert_comment(NewComment(**values))


def csrf_of(html: str) -> str:
    match = CSRF.search(html)
    assert match, "no CSRF field on the page"
    return match.group(1)


TINY_CORPUS = [
    ({"comment_content": "Buy cheap pills online, best casino bonus http://spam.example"}, 1),
    ({"comment_content": "Earn $500 a day from home, click here http://money.example"}, 1),
    ({"comment_content": "Great article, I disagree with the mayor on the budget though."}, 0),
    ({"comment_content": "Thanks for the careful reporting on the election night count."}, 0),
]


@pytest.fixture(scope="session")
def model_path(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A small real model, trained, saved and loaded by the engine's own code here: the
    dashboard's tests are about moderation, not about the shipped model's quality (the engine's
    tests and benchmarks judge that), and they must not break while it is being retrained."""
    from rejoinder.spam import SpamModel

    folder = tmp_path_factory.mktemp("model")
    SpamModel().fit([c for c, _ in TINY_CORPUS], [y for _, y in TINY_CORPUS]).save(folder)
    return str(folder)


@pytest.fixture
async def dashboard(store_url: str, model_path: str) -> AsyncIterator[Dashboard]:
    """On each backend (``store_url``: a fresh SQLite file, a fresh PostgreSQL database)."""
    settings = Settings(database_url=store_url, secret_key="test-secret", model_path=model_path)
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        services = app.state.services
        services.auth.hasher = FAST
        await services.auth.add_moderator("olga", PASSWORD, Role.OWNER)
        await services.auth.add_moderator("mo", PASSWORD, Role.MODERATOR)
        site = await services.store.create_site("Daily Planet", "https://planet.example")
        thread = await services.store.get_or_create_thread(site.id, "/news/election", "Election night")
        board = Dashboard(app, services, site, thread, [])
        board.comments = [
            await board.add_comment("Check out cheap pills at my site"),
            await board.add_comment("I disagree with the mayor, and here is why."),
        ]
        yield board
