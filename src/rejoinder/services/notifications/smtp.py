"""The mail server: one SMTP session per message, through aiosmtplib.

Errors come back as ``MailFailed`` with a short reason fit for the dashboard; the password is
never part of it (nor of any log line)."""

from __future__ import annotations

from email.message import EmailMessage

import aiosmtplib

from rejoinder.settings import Settings

TIMEOUT_SECONDS = 20.0
SECURITY = ("starttls", "tls", "none")


class MailFailed(Exception):
    """The message was not accepted. ``permanent``: the server refused this recipient or this
    message for good (5xx); trying again will not help. A refused login is not permanent: once
    the settings are fixed, the queued messages go out."""

    def __init__(self, reason: str, *, permanent: bool = False) -> None:
        super().__init__(reason)
        self.permanent = permanent


class SmtpMailer:
    def __init__(self, settings: Settings) -> None:
        if settings.smtp_security not in SECURITY:
            raise ValueError(
                f"REJOINDER_SMTP_SECURITY={settings.smtp_security!r}: expected one of {', '.join(SECURITY)}"
            )
        self.settings = settings

    async def send(self, message: EmailMessage) -> None:
        s = self.settings
        try:
            await aiosmtplib.send(
                message,
                hostname=s.smtp_host,
                port=s.smtp_port,
                username=s.smtp_username or None,
                password=s.smtp_password or None,
                use_tls=s.smtp_security == "tls",
                start_tls=s.smtp_security == "starttls",
                timeout=TIMEOUT_SECONDS,
            )
        except aiosmtplib.SMTPRecipientsRefused as exc:
            first = exc.recipients[0] if exc.recipients else None
            code = first.code if first is not None else 550
            raise MailFailed(f"{s.smtp_host} refused the recipient ({code})", permanent=code >= 500) from None
        except aiosmtplib.SMTPDataError as exc:
            raise MailFailed(
                f"{s.smtp_host} refused the message ({exc.code})", permanent=exc.code >= 500
            ) from None
        except aiosmtplib.SMTPResponseException as exc:
            # a refused login or sender is the server's configuration, not this message: keep it
            raise MailFailed(f"{s.smtp_host} answered {exc.code} {exc.message[:200]}") from None
        except (aiosmtplib.SMTPException, OSError) as exc:
            raise MailFailed(
                f"{s.smtp_host}:{s.smtp_port} could not be reached ({type(exc).__name__})"
            ) from None
