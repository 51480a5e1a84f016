"""``rejoinder sites``: create the sites that embed the widget, list them, change their settings,
export their comments (WXR: the way out, ``services.site_export``).

``sites set ID key=value ...`` accepts every field of ``domain.SiteSettings``; lists are
comma-separated (``allowed_origins=https://a.org,https://b.org``, ``required_fields=name``).
The result is checked by ``services.site_settings.validate_site_settings``, the same check the
dashboard uses: a contradictory policy (thresholds out of order, a negative edit window...) is
refused with the field to fix and exit status 1, and nothing is stored.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from enum import Enum
from pathlib import Path
from typing import Any

import click

from rejoinder.cli.store_command import DB_OPTION, load_settings, run_on_store
from rejoinder.domain import CommentStatus, RequiredField, Site, SiteSettings
from rejoinder.errors import ValidationError
from rejoinder.services.site_settings import validate_site_settings
from rejoinder.storage import Store

LIST_ITEMS: dict[str, type[Enum] | None] = {"required_fields": RequiredField, "allowed_origins": None}


def parse_setting(current: SiteSettings, assignment: str) -> SiteSettings:
    """Apply one ``key=value`` to ``current``; a bad key or value names itself and what is valid."""
    key, sep, raw = assignment.partition("=")
    key = key.strip()
    names = [f.name for f in dataclasses.fields(SiteSettings)]
    if not sep or key not in names:
        raise click.BadParameter(f"{assignment!r}: expected key=value with key one of {', '.join(names)}")
    default = getattr(SiteSettings(), key)
    try:
        value = _convert(key, default, raw.strip())
    except ValueError as exc:
        raise click.BadParameter(f"{key}={raw!r}: {exc}") from None
    return dataclasses.replace(current, **{key: value})


def _convert(key: str, default: Any, raw: str) -> Any:
    if key in LIST_ITEMS:
        items = [item.strip() for item in raw.split(",") if item.strip()]
        kind = LIST_ITEMS[key]
        return tuple(kind(i) for i in items) if kind else tuple(items)
    if isinstance(default, Enum):  # the moderation policy, the moderator mail choice
        return type(default)(raw)
    if isinstance(default, bool):
        if raw.lower() not in {"true", "false", "1", "0", "yes", "no", "on", "off"}:
            raise ValueError("expected true or false")
        return raw.lower() in {"true", "1", "yes", "on"}
    if isinstance(default, int):
        return int(raw)
    if isinstance(default, float):
        return float(raw)
    return raw


def site_json(site: Site) -> dict[str, Any]:
    settings = {
        k: list(v) if isinstance(v, tuple) else v for k, v in dataclasses.asdict(site.settings).items()
    }
    return {"id": site.id, "name": site.name, "url": site.url, "settings": settings}


@click.group()
def sites() -> None:
    """The sites that embed Rejoinder."""


@sites.command("create")
@DB_OPTION
@click.option("--name", required=True, help="The site's name, shown in the dashboard and the privacy notice.")
@click.option("--url", required=True, help="The site's base URL, e.g. https://news.example.org")
@click.option("--origin", "origins", multiple=True, help="Another origin allowed to embed the widget.")
def create(database_url: str, name: str, url: str, origins: tuple[str, ...]) -> None:
    """Create a site and print its id (the embed's data-rejoinder-site)."""
    if not url.startswith(("http://", "https://")):
        raise click.BadParameter(f"{url!r}: the URL must start with http:// or https://", param_hint="--url")
    settings = SiteSettings(allowed_origins=tuple(origins))
    try:
        validate_site_settings(settings)
    except ValidationError as exc:
        raise click.BadParameter(exc.message, param_hint="--origin") from None
    site = run_on_store(database_url, lambda store: store.create_site(name, url.rstrip("/"), settings))
    click.echo(json.dumps(site_json(site)))


@sites.command("list")
@DB_OPTION
def list_sites(database_url: str) -> None:
    """Every site, one JSON object per line."""
    for site in run_on_store(database_url, lambda store: store.list_sites()):
        click.echo(json.dumps(site_json(site)))


@sites.command("set")
@DB_OPTION
@click.argument("site_id", type=int)
@click.argument("assignments", nargs=-1, required=True)
def set_settings(database_url: str, site_id: int, assignments: tuple[str, ...]) -> None:
    """Change a site's settings: sites set 1 moderation=hold_all edit_window_seconds=600."""

    async def action(store: Store) -> Site:
        site = await store.get_site(site_id)
        settings = site.settings
        for assignment in assignments:
            settings = parse_setting(settings, assignment)
        validate_site_settings(settings)  # a ValidationError: one line naming the field, exit 1
        return await store.update_site_settings(site_id, settings)

    click.echo(json.dumps(site_json(run_on_store(database_url, action))))


@sites.command("webhook-secret")
@DB_OPTION
@click.argument("site_id", type=int)
def webhook_secret_command(database_url: str, site_id: int) -> None:
    """Print the secret that signs the site's webhook requests (X-Rejoinder-Signature)."""
    from rejoinder.services.webhooks import webhook_secret

    secret_key = load_settings(database_url).secret_key
    site = run_on_store(database_url, lambda store: store.get_site(site_id))  # an unknown id: exit 1
    click.echo(webhook_secret(secret_key, site.id))


@sites.command("export")
@DB_OPTION
@click.argument("site_id", type=int)
@click.option("--spam", is_flag=True, help="Also the comments in the spam folder (status spam).")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Write the export to this file instead of standard output.",
)
def export(database_url: str, site_id: int, spam: bool, output: Path | None) -> None:
    """Write the site's comments as a WordPress export (WXR), which WordPress, Isso, Remark42 and
    rejoinder import wordpress read: published and held comments (and spam with --spam), never
    deleted ones."""
    from rejoinder.services.site_export import SiteExport, export_site

    statuses = [CommentStatus.APPROVED, CommentStatus.PENDING] + ([CommentStatus.SPAM] if spam else [])

    async def action(store: Store) -> SiteExport:
        return await export_site(store, await store.get_site(site_id), statuses)

    result = run_on_store(database_url, action)
    if output is None:
        result.document.write(sys.stdout.buffer, encoding="utf-8", xml_declaration=True)
        sys.stdout.buffer.write(b"\n")
    else:
        result.document.write(output, encoding="utf-8", xml_declaration=True)
    click.echo(f"exported {result.comments} comment(s) on {result.threads} page(s)", err=True)
