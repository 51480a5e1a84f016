"""``rejoinder mail test --to ADDRESS``: send one message through the configured mail server.

The settings come from the environment (``REJOINDER_SMTP_*``, ``REJOINDER_MAIL_FROM``), as the
server reads them, so a test that arrives means notifications will too. No database is opened.
"""

from __future__ import annotations

import asyncio

import click

from rejoinder.cli.store_command import load_settings
from rejoinder.services.comment_form import is_address
from rejoinder.services.notifications.messages import test_message
from rejoinder.services.notifications.smtp import MailFailed, SmtpMailer


@click.group()
def mail() -> None:
    """E-mail notifications (the mail server is set with REJOINDER_SMTP_HOST and friends)."""


@mail.command("test")
@click.option("--to", "to", required=True, help="Where to send the test message.")
def test(to: str) -> None:
    """Send a test message; exit status 1 with the server's reason if it is not accepted."""
    settings = load_settings()
    missing = [
        f"{variable} ({what})"
        for variable, what, value in (
            ("REJOINDER_SMTP_HOST", "the mail server", settings.smtp_host),
            ("REJOINDER_MAIL_FROM", "the From address", settings.mail_from),
        )
        if not value
    ]
    if missing:  # the server sends nothing without both: say which one is not set
        raise click.ClickException(f"E-mail is off: set {' and '.join(missing)}.")
    if not is_address(to):
        raise click.BadParameter(f"{to!r} is not an e-mail address", param_hint="--to")
    try:
        mailer = SmtpMailer(settings)
        asyncio.run(mailer.send(test_message(sender=settings.mail_from, to=to)))
    except (MailFailed, ValueError) as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"sent to {to} through {settings.smtp_host}:{settings.smtp_port}")
