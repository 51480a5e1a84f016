"""``rejoinder privacy``: a commenter's data on request, and the retention rules on schedule.

rejoinder privacy export jane@example.org   > jane.json   (everything stored under that address)
rejoinder privacy erase  jane@example.org                 (blank name, e-mail, website, IP, agent)
rejoinder privacy purge                                   (apply the retention rules now)

Every running server already purges at start-up and then hourly; the command is for a database
no server is running on, or to see the counts.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import TypeVar

import click

from rejoinder.cli.store_command import DB_OPTION, load_settings, run_on_store
from rejoinder.services.privacy import PrivacyService

T = TypeVar("T")


def _run(database_url: str, action: Callable[[PrivacyService], Awaitable[T]]) -> T:
    settings = load_settings(database_url)
    return run_on_store(database_url, lambda store: action(PrivacyService(store, settings)))


def _address(email: str) -> str:
    email = email.strip()
    if "@" not in email:
        raise click.BadParameter(f"{email!r} is not an e-mail address", param_hint="EMAIL")
    return email


@click.group()
def privacy() -> None:
    """Export or erase a commenter's data; enforce the retention rules."""


@privacy.command("export")
@DB_OPTION
@click.argument("email")
def export(database_url: str, email: str) -> None:
    """Print everything stored under EMAIL as JSON: its comments with all their personal data, the
    spam checks and learning events that hold them, reply subscriptions and the mail sent to it."""
    records = _run(database_url, lambda service: service.export(_address(email)))
    click.echo(json.dumps({"email": email.strip(), **records}, indent=2, ensure_ascii=False))


@privacy.command("erase")
@DB_OPTION
@click.argument("email")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def erase(database_url: str, email: str, yes: bool) -> None:
    """Erase the personal data of every comment stored under EMAIL."""
    address = _address(email)
    if not yes:
        click.confirm(f"Erase the personal data of every comment by {address}?", abort=True)
    count = _run(database_url, lambda service: service.erase(address))
    click.echo(f"erased the personal data of {count} comment(s) by {address}")


@privacy.command("purge")
@DB_OPTION
def purge(database_url: str) -> None:
    """Delete what the retention rules say must go (old comments, old spam checks), and erase
    old IP networks and user agents. A running server does this hourly by itself."""
    report = _run(database_url, lambda service: service.purge())
    click.echo(
        f"purged {report.spam_and_deleted} spam/deleted and {report.expired} expired comment(s) "
        f"and {report.checks} recorded spam check(s); erased the IP network of {report.ips_erased} "
        f"comment(s) and the IP and user agent of {report.learning_minimised} learning record(s); "
        f"deleted {report.mail} e-mail record(s) and {report.reactions} like/report record(s)"
    )
