"""``rejoinder serve``: run the HTTP server (uvicorn) with N worker processes.

Migrations run once here, before the workers start, so workers never race to create tables.
Settings reach the workers through the environment (``REJOINDER_*``), the one channel that
survives uvicorn's process spawning.
"""

from __future__ import annotations

import os

import click

from rejoinder.cli.store_command import DB_OPTION, load_settings, migrate

LOG_LEVELS = ("critical", "error", "warning", "info", "debug", "trace")  # uvicorn's


def check_settings(database_url: str) -> None:
    """Read the settings once here, before any worker: a bad value (an empty ``rejoinder.secret``
    among them) is one line and exit 1, where in each worker it was a traceback that uvicorn
    restarted for ever; and the key file is made by this process before the workers look for it."""
    load_settings(database_url)


@click.command()
@DB_OPTION
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64))
@click.option("--log-level", default="warning", show_default=True, type=click.Choice(LOG_LEVELS))
def serve(database_url: str, host: str, port: int, workers: int, log_level: str) -> None:
    """Start the comments, Akismet-compatible and dashboard server."""
    import uvicorn

    os.environ["REJOINDER_DATABASE_URL"] = database_url
    check_settings(database_url)
    migrate(database_url)
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
