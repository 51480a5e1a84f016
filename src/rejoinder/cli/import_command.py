"""``rejoinder import``: a site's comment history, from WordPress or from Disqus.

rejoinder import wordpress export.xml --site 1              (WordPress: Tools > Export > All content)
rejoinder import disqus disqus-export.xml --site 1 --learn 2000

Threads are keyed by each page's path, as the widget keys them. Every comment keeps its date,
its place in the reply tree and the status the old system gave it, and gets a spam score. Running
the same import again adds only what is new. ``--learn N`` teaches the site's filter from the N
newest approved and spam comments.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click

from rejoinder.cli.store_command import DB_OPTION, run_on_store
from rejoinder.services.importing.disqus import read_disqus
from rejoinder.services.importing.importer import Importer, ImportReport
from rejoinder.services.importing.records import Export
from rejoinder.services.importing.wordpress import read_wxr
from rejoinder.storage import Store

READERS: dict[str, Callable[[Path], Export]] = {"wordpress": read_wxr, "disqus": read_disqus}


@click.command("import")
@DB_OPTION
@click.argument("source", type=click.Choice(sorted(READERS)))
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--site", "site_id", type=int, required=True, help="The id of the site (see `rejoinder sites list`)."
)
@click.option(
    "--learn",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Teach the site's filter from this many of the newest approved and spam comments.",
)
def import_(database_url: str, source: str, file: Path, site_id: int, learn: int) -> None:
    """Import a site's comments from a WordPress export (WXR) or a Disqus export FILE."""
    _import(database_url, site_id, learn, lambda: READERS[source](file))


def _import(database_url: str, site_id: int, learn: int, read: Callable[[], Export]) -> None:
    from tqdm import tqdm

    from rejoinder.spam import Engine

    async def action(store: Store) -> ImportReport:
        site = await store.get_site(site_id)  # before reading: a wrong --site fails at once
        export = read()
        total = sum(len(t.comments) for t in export.threads)
        click.echo(f"read {total} comment(s) on {len(export.threads)} page(s) from {export.source}", err=True)
        with tqdm(total=total, desc="importing", unit="comment", leave=False) as bar:
            return await Importer(store, Engine.load()).run(site, export, learn=learn, progress=bar.update)

    report = run_on_store(database_url, action)
    for line in report.lines():
        click.echo(line)
