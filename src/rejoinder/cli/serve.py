"""``rejoinder serve``: run the HTTP server (uvicorn) with N worker processes.

Migrations run once here, before the workers start, so workers never race to create tables.
Settings reach the workers through the environment (``REJOINDER_*``), the one channel that
survives uvicorn's process spawning.
"""

from __future__ import annotations

import asyncio
import os

import click


async def migrate(database_url: str) -> None:
    from rejoinder.storage import open_store

    store = await open_store(database_url)
    try:
        await store.migrate()
    finally:
        await store.close()


@click.command()
@click.option(
    "--db",
    "database_url",
    envvar="REJOINDER_DATABASE_URL",
    default="sqlite:///rejoinder.db",
    show_default=True,
    help="sqlite:///path.db or postgresql://user@host/db",
)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64))
@click.option("--log-level", default="warning", show_default=True)
def serve(database_url: str, host: str, port: int, workers: int, log_level: str) -> None:
    """Start the comments, Akismet-compatible and dashboard server."""
    import uvicorn

    os.environ["REJOINDER_DATABASE_URL"] = database_url
    asyncio.run(migrate(database_url))
    os.environ["REJOINDER_MIGRATED"] = "1"
    click.echo(
        f"Rejoinder listening on http://{host}:{port} ({workers} worker(s), {database_url.split('://')[0]})"
    )
    uvicorn.run(
        "rejoinder.web.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level=log_level,
        proxy_headers=True,
        access_log=False,
    )
