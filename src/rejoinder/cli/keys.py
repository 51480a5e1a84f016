"""``rejoinder keys``: Akismet-compatible API keys for the sites that use this server.

``keys create`` prints the new key as the last line of its output, so scripts can take it with
``tail -n 1``. Only the store is opened: no spam model is loaded for key management.
"""

from __future__ import annotations

import click

from rejoinder.cli.store_command import DB_OPTION, run_on_store
from rejoinder.services.api_keys import ApiKeys


@click.group()
def keys() -> None:
    """Akismet-compatible API keys (12 characters, as WordPress requires)."""


@keys.command("create")
@click.option("--site", "site_url", required=True, help="The site's URL, e.g. https://example.org")
@click.option("--name", default="", help="The site's name, if the site is new (default: its host).")
@click.option(
    "--allow",
    "allowed",
    multiple=True,
    metavar="URL",
    help="A further site URL this key may be used on (repeatable).",
)
@DB_OPTION
def create(site_url: str, name: str, allowed: tuple[str, ...], database_url: str) -> None:
    """Create a key for the site at --site (the site is created if it does not exist yet)."""
    api_key, site = run_on_store(database_url, lambda store: ApiKeys(store).create(site_url, name, allowed))
    click.echo(f"site {site.id} ({site.name}) at {site.url}")
    for url in api_key.allowed_urls:
        click.echo(f"also allowed on {url}")
    click.echo(api_key.key)


@keys.command("list")
@DB_OPTION
def list_keys(database_url: str) -> None:
    """Every key with its site, allowed URLs and state."""
    rows = run_on_store(database_url, lambda store: ApiKeys(store).list())
    if not rows:
        click.echo("no keys yet: rejoinder keys create --site URL")
    for api_key, site in rows:
        state = "active" if api_key.active else f"revoked {api_key.revoked_at:%Y-%m-%d %H:%M} UTC"
        allowed = f" also {', '.join(api_key.allowed_urls)}" if api_key.allowed_urls else ""
        click.echo(f"{api_key.key}  {state:<28} site {site.id} {site.url}{allowed}")


@keys.command("revoke")
@click.argument("key")
@DB_OPTION
def revoke(key: str, database_url: str) -> None:
    """Revoke KEY: running servers refuse it within 5 seconds."""
    api_key = run_on_store(database_url, lambda store: ApiKeys(store).revoke(key))
    click.echo(f"revoked {api_key.key} at {api_key.revoked_at:%Y-%m-%d %H:%M:%S} UTC")
