"""``rejoinder admin``: create moderators, list them, change a password, remove one.

Passwords come only from standard input (``--password-stdin``), never from an argument, so they
stay out of shell history and ``ps``.
"""

from __future__ import annotations

import sys
from collections.abc import Awaitable, Callable
from typing import TypeVar

import click

from rejoinder.cli.store_command import DB_OPTION, load_settings, run_on_store
from rejoinder.domain import Role
from rejoinder.services.auth import AuthService

T = TypeVar("T")


def _read_password() -> str:
    """The first line of standard input, without its line ending."""
    line = sys.stdin.readline()
    if not line:
        raise click.UsageError("--password-stdin: standard input is empty; pipe the password in")
    return line.rstrip("\r\n")


def _run(database_url: str, action: Callable[[AuthService], Awaitable[T]]) -> T:
    settings = load_settings(database_url)
    return run_on_store(database_url, lambda store: action(AuthService(store, settings)))


@click.group()
def admin() -> None:
    """Moderators of the dashboard (/admin)."""


@admin.command("add")
@click.argument("name")
@click.option("--password-stdin", is_flag=True, required=True, help="Read the password from standard input.")
@click.option(
    "--role",
    type=click.Choice([r.value for r in Role]),
    default=Role.MODERATOR.value,
    show_default=True,
    help="moderator: comments, threads and bans; owner: also site settings, moderators and the "
    "audit log. (API keys are managed only on the command line: rejoinder keys.)",
)
@DB_OPTION
def add(name: str, password_stdin: bool, role: str, database_url: str) -> None:
    """Create a moderator NAME."""
    password = _read_password()
    moderator = _run(database_url, lambda auth: auth.add_moderator(name, password, Role(role)))
    click.echo(f"created {moderator.role.value} {moderator.name!r}")


@admin.command("list")
@DB_OPTION
def list_(database_url: str) -> None:
    """List the moderators and their roles."""
    for moderator in _run(database_url, lambda auth: auth.list_moderators()):
        created = moderator.created_at.strftime("%Y-%m-%d %H:%M UTC") if moderator.created_at else ""
        click.echo(f"{moderator.name}\t{moderator.role.value}\t{created}")


@admin.command("passwd")
@click.argument("name")
@click.option("--password-stdin", is_flag=True, required=True, help="Read the password from standard input.")
@DB_OPTION
def passwd(name: str, password_stdin: bool, database_url: str) -> None:
    """Set a new password for moderator NAME."""
    password = _read_password()
    _run(database_url, lambda auth: auth.set_password(name, password))
    click.echo(f"password changed for {name!r}")


@admin.command("remove")
@click.argument("name")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@DB_OPTION
def remove(name: str, yes: bool, database_url: str) -> None:
    """Remove moderator NAME and end their sessions.

    Their past actions stay in the audit log under their name. The last owner cannot be removed
    (nobody could manage moderators or sites any more).
    """
    if not yes:
        click.confirm(f"Remove moderator {name!r} and end their sessions?", abort=True)
    removed = _run(database_url, lambda auth: auth.remove_moderator(name))
    click.echo(f"removed {removed.role.value} {removed.name!r}")
