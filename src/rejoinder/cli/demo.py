"""``rejoinder demo``: a news site with comments, on an embedded SQLite file, in one command.

It prepares the database (migrations, the demo site allowed to embed from this server, a few
comments and replies seeded through the comment service, an ``admin`` owner with a generated
password), prints the URLs and the login, then runs ``rejoinder serve`` (the same code path) with
``REJOINDER_DEMO=1``, the one thing that makes the server show the demo pages at ``/demo/``.
Running it again reuses the database: nothing is seeded twice and the password is kept.
"""

from __future__ import annotations

import asyncio
import json
import os
import secrets
from dataclasses import dataclass, replace
from importlib import resources
from typing import TYPE_CHECKING, Any

import click

from rejoinder.cli.serve import serve

if TYPE_CHECKING:
    from rejoinder.services.container import Services

ARTICLE = "arctic-shipping-accord"


@dataclass(frozen=True, slots=True)
class DemoInfo:
    site_id: int
    seeded: int
    admin_password: str | None  # None: the admin existed already, its password is unchanged


def _seed_comments() -> list[dict[str, Any]]:
    text = resources.files("rejoinder.web.widget").joinpath("demo/comments.json").read_text("utf-8")
    seeds: list[dict[str, Any]] = json.loads(text)
    return seeds


async def prepare(database_url: str, origins: tuple[str, ...]) -> DemoInfo:
    """Everything but the server: idempotent, so a second ``make serve`` starts where the first left."""
    from rejoinder.services.container import build_services
    from rejoinder.settings import Settings

    services = await build_services(Settings.from_env(database_url=database_url))
    try:
        site_id, seeded = await _site_and_seeds(services, origins)
        return DemoInfo(site_id, seeded, await _admin(services))
    finally:
        await services.close()


async def _site_and_seeds(services: Services, origins: tuple[str, ...]) -> tuple[int, int]:
    from rejoinder.domain import SiteSettings

    store = services.store
    url = origins[0]
    site = await store.find_site_by_url(url)
    if site is None:
        # seeds are posted the instant their form token is issued; a real reader takes longer
        site = await store.create_site("The Meridian (demo)", url, SiteSettings(min_seconds_on_page=0.0))
    wanted = replace(
        site.settings, allowed_origins=tuple(dict.fromkeys((*site.settings.allowed_origins, *origins)))
    )
    uri = f"/demo/{ARTICLE}"
    seeded = 0
    if await store.get_thread(site.id, uri) is None:
        await store.update_site_settings(site.id, replace(wanted, min_seconds_on_page=0.0))
        seeded = await _seed(services, site.id, uri)
    await store.update_site_settings(
        site.id, replace(wanted, min_seconds_on_page=SiteSettings().min_seconds_on_page)
    )
    return site.id, seeded


async def _seed(services: Services, site_id: int, uri: str) -> int:
    """Post the demo comments through the comment service, as readers would (spam check included)."""
    from rejoinder.domain import CommentStatus
    from rejoinder.services.comments import PostRequest
    from rejoinder.web.widget.demo_pages import articles

    title = next(a.title for a in articles() if a.uri == uri)
    ids: dict[str, int] = {}
    for n, seed in enumerate(_seed_comments()):
        posted = await services.comments.post(
            PostRequest(
                site_id=site_id,
                uri=uri,
                title=title,
                text=seed["text"],
                form_token=services.comments.tokens.form_token(site_id, uri),
                parent_id=ids.get(seed.get("parent", "")),
                author=seed["author"],
                email=seed["email"],
                website=seed["website"],
                ip=f"192.0.2.{10 + n}",  # TEST-NET-1: documentation addresses
                user_agent="Mozilla/5.0 (rejoinder demo seed)",
            )
        )
        comment_id = posted.comment.id
        if posted.comment.status is not CommentStatus.APPROVED:
            # a demo must show its comments even if the shipped model is wary of one of them
            await services.store.set_comment_status(comment_id, CommentStatus.APPROVED)
        ids[seed["key"]] = comment_id
        target = await services.reactions.target(comment_id)
        for reader in range(seed.get("likes", 0)):  # so that "Best" sorts something
            await services.reactions.like(target, ip=f"198.51.100.{10 + reader}")  # TEST-NET-2
    return len(ids)


async def _admin(services: Services) -> str | None:
    from rejoinder.domain import Role

    if await services.store.get_moderator_by_name("admin") is not None:
        return None
    password = secrets.token_urlsafe(12)
    await services.auth.add_moderator("admin", password, Role.OWNER)
    return password


@click.command()
@click.option(
    "--db", "database_url", default="sqlite:///demo.db", show_default=True, help="Where the demo lives."
)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.pass_context
def demo(ctx: click.Context, database_url: str, host: str, port: int) -> None:
    """Start a demo news site with the comment widget, seeded comments and the dashboard."""
    base = f"http://{host}:{port}"
    origins = (base, f"http://localhost:{port}") if host == "127.0.0.1" else (base,)
    info = asyncio.run(prepare(database_url, origins))
    click.echo(f"Demo site {info.site_id} ready ({info.seeded} comments seeded) on {database_url}")
    click.echo(f"  Front page:  {base}/demo/")
    click.echo(f"  Article:     {base}/demo/{ARTICLE}")
    click.echo(f"  Dashboard:   {base}/admin/")
    click.echo(f"  API docs:    {base}/api/docs")
    if info.admin_password:
        click.echo(f"  Admin login: admin / {info.admin_password}")
    else:
        click.echo(
            "  Admin login: admin (password unchanged; reset: rejoinder admin passwd admin --password-stdin)"
        )
    os.environ["REJOINDER_DEMO"] = "1"  # read by every worker into Settings.demo
    ctx.invoke(serve, database_url=database_url, host=host, port=port, workers=1, log_level="warning")
