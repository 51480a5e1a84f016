"""Server settings, each declared once: name, type, default, environment variable and help.

Read once at start-up into an immutable ``Settings``; ``docs/settings.md`` is generated from
``SETTINGS`` and a test fails when it is out of date. Per-site policy (required fields,
thresholds, edit window...) is not here: it lives with each site (``domain.SiteSettings``).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

SECRET_FILE = "rejoinder.secret"  # noqa: S105 - a file name, not a secret


@dataclass(frozen=True, slots=True)
class Setting:
    name: str
    type: type
    default: Any
    env: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "database_url",
        str,
        "sqlite:///rejoinder.db",
        "REJOINDER_DATABASE_URL",
        "Where comments live: sqlite:///path.db (embedded, the default) or postgresql://user@host/db.",
    ),
    Setting(
        "secret_key",
        str,
        "",
        "REJOINDER_SECRET_KEY",
        "Signs form and edit tokens. Empty: a random key is made and kept in the database directory "
        "(rejoinder.secret), so every process on the machine shares it.",
    ),
    Setting(
        "public_url",
        str,
        "",
        "REJOINDER_PUBLIC_URL",
        "The URL readers reach this server at (used in embed snippets and the privacy notice).",
    ),
    Setting(
        "model_path",
        str,
        "",
        "REJOINDER_MODEL_PATH",
        "A spam model directory to use instead of the one shipped in the package.",
    ),
    Setting(
        "rate_limit_per_minute",
        int,
        10,
        "REJOINDER_RATE_LIMIT_PER_MINUTE",
        "New comments (and edits) per client IP per minute before answers are 429 with Retry-After. "
        "Counted in the database, so the limit holds across all workers and servers sharing it.",
    ),
    Setting(
        "site_rate_limit_per_minute",
        int,
        600,
        "REJOINDER_SITE_RATE_LIMIT_PER_MINUTE",
        "New comments (and edits) per site per minute before answers are 429 with Retry-After. "
        "Counted in the database, like the per-IP limit.",
    ),
    Setting(
        "akismet_rate_limit_per_minute",
        int,
        60000,
        "REJOINDER_AKISMET_RATE_LIMIT_PER_MINUTE",
        "Akismet API calls per key per minute before the alert headers say so. Counted per server process.",
    ),
    Setting(
        "max_body_bytes",
        int,
        1_100_000,
        "REJOINDER_MAX_BODY_BYTES",
        "Largest request body accepted; larger ones get 413 (Akismet: an error body).",
    ),
    Setting(
        "ip_retention_days",
        int,
        30,
        "REJOINDER_IP_RETENTION_DAYS",
        "After this many days the stored (already truncated) IP of a comment is erased, and the IP and "
        "user agent inside moderators' learning records (their text is kept for the spam filter).",
    ),
    Setting(
        "check_retention_days",
        int,
        30,
        "REJOINDER_CHECK_RETENTION_DAYS",
        "After this many days a recorded spam check (the text, name, e-mail, truncated IP and user "
        "agent the filter saw, also for discarded comments) is deleted. The server purges hourly.",
    ),
    Setting(
        "database_timeout",
        float,
        30.0,
        "REJOINDER_DATABASE_TIMEOUT",
        "Seconds the server waits for PostgreSQL to answer a statement (or a new connection) before "
        "it answers 503: a database host that stops answering without closing anything would "
        "otherwise hold every request for good. Commands (migrations, copy, import) wait as long "
        "as it takes.",
    ),
    Setting(
        "secure_cookies",
        bool,
        False,
        "REJOINDER_SECURE_COOKIES",
        "Mark the dashboard's session cookie Secure (turn on behind HTTPS).",
    ),
    Setting(
        "demo",
        bool,
        False,
        "REJOINDER_DEMO",
        "Serve the demo news site at /demo/ (and redirect / there). Set by `rejoinder demo`; a plain "
        "`rejoinder serve` answers 404 at /demo/ and a short plain page at /.",
    ),
    Setting(
        "smtp_host",
        str,
        "",
        "REJOINDER_SMTP_HOST",
        "The mail server that sends notifications (moderators' and reply e-mails). Empty: no e-mail "
        "is sent and the widget does not offer reply notifications.",
    ),
    Setting("smtp_port", int, 587, "REJOINDER_SMTP_PORT", "The mail server's port."),
    Setting(
        "smtp_security",
        str,
        "starttls",
        "REJOINDER_SMTP_SECURITY",
        "starttls (port 587), tls (port 465) or none (a relay on the same machine only).",
    ),
    Setting("smtp_username", str, "", "REJOINDER_SMTP_USERNAME", "Login at the mail server (empty: none)."),
    Setting(
        "smtp_password",
        str,
        "",
        "REJOINDER_SMTP_PASSWORD",
        "Password at the mail server. Never logged or shown.",
    ),
    Setting(
        "mail_from",
        str,
        "",
        "REJOINDER_MAIL_FROM",
        "The From address of notifications, e.g. Comments <comments@example.org>.",
    ),
    Setting(
        "mail_per_address_per_day",
        int,
        10,
        "REJOINDER_MAIL_PER_ADDRESS_PER_DAY",
        "Most reply notifications one address is sent in 24 hours; the rest are skipped. Someone "
        "may tick the box under another person's address: this bounds what that person receives.",
    ),
)


@dataclass(frozen=True, slots=True)
class Settings:
    database_url: str = "sqlite:///rejoinder.db"
    secret_key: str = field(default="", repr=False)  # never printed
    public_url: str = ""
    model_path: str = ""
    rate_limit_per_minute: int = 10
    site_rate_limit_per_minute: int = 600
    akismet_rate_limit_per_minute: int = 60000
    max_body_bytes: int = 1_100_000
    ip_retention_days: int = 30
    check_retention_days: int = 30
    database_timeout: float = 30.0
    secure_cookies: bool = False
    demo: bool = False
    smtp_host: str = ""
    smtp_port: int = 587
    smtp_security: str = "starttls"
    smtp_username: str = ""
    smtp_password: str = field(default="", repr=False)  # never printed
    mail_from: str = ""
    mail_per_address_per_day: int = 10

    @property
    def dashboard_url(self) -> str:
        """The dashboard's address for links in e-mails and webhooks ("" when unknown)."""
        return f"{self.public_url.rstrip('/')}/admin/" if self.public_url else ""

    @property
    def mail_enabled(self) -> bool:
        """E-mail needs a server to send through and an address to send from."""
        return bool(self.smtp_host and self.mail_from)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Defaults, then environment variables, then explicit overrides (command-line flags)."""
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for s in SETTINGS:
            if s.env in env:
                values[s.name] = _parse(s, env[s.env])
        values.update({k: v for k, v in overrides.items() if v is not None})
        settings = cls(**values)
        if not settings.secret_key:
            settings = _with_persistent_secret(settings)
        return settings


def _parse(setting: Setting, raw: str) -> Any:
    if setting.type is bool:
        if raw.lower() in {"1", "true", "yes", "on"}:
            return True
        if raw.lower() in {"0", "false", "no", "off", ""}:
            return False
        raise ValueError(f"{setting.env}={raw!r}: expected true or false")
    try:
        return setting.type(raw)
    except ValueError as exc:
        raise ValueError(f"{setting.env}={raw!r}: expected {setting.type.__name__}") from exc


def secret_file(database_url: str) -> Path:
    """Where the signing key is kept: beside the SQLite file, or in the working directory for PostgreSQL."""
    if database_url.startswith("sqlite:///"):
        return Path(database_url.removeprefix("sqlite:///")).parent / SECRET_FILE
    return Path.cwd() / SECRET_FILE


def _with_persistent_secret(settings: Settings) -> Settings:
    """Keep one random key in ``secret_file``, made on first use.

    An empty key would let anyone sign form and edit tokens, so an empty file (a full disk, a
    ``touch``) is refused with what to do, never used."""
    path = secret_file(settings.database_url)
    if not path.exists():
        _create_secret(path)
    key = path.read_text().strip()
    if not key:
        raise ValueError(
            f"the signing key file {path} is empty: restore it from your backup, or delete it to have"
            " a new key made (open comment forms and readers' edit links then stop working)"
        )
    return _replace(settings, secret_key=key)


def _create_secret(path: Path) -> None:
    """Put a new key at ``path`` whole, readable by its owner only, unless another process did first.

    Processes that start together (two servers on one PostgreSQL, a server and an ``admin``
    command on a new machine) race to make the file. Each writes its own key to a private
    temporary file (``mkstemp``: mode 600 from the start) and hard-links it to the name, which
    only the first can do; the others find the name taken and read the winner's key. So no
    process reads a half-written file, and all of them sign with the same key."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{SECRET_FILE}.")
    try:
        with os.fdopen(fd, "w") as file:
            file.write(secrets.token_urlsafe(32))
            file.flush()
            os.fsync(file.fileno())
        with contextlib.suppress(FileExistsError):
            os.link(temporary, path)
    finally:
        os.unlink(temporary)


def _replace(settings: Settings, **changes: Any) -> Settings:
    values = {f.name: getattr(settings, f.name) for f in fields(settings)}
    values.update(changes)
    return Settings(**values)


def settings_markdown() -> str:
    """The reference page ``docs/settings.md``, generated from ``SETTINGS`` so it cannot drift."""
    lines = [
        "# Server settings",
        "",
        "Generated from `rejoinder.settings.SETTINGS` (`python -m rejoinder.settings > docs/settings.md`).",
        "Each is read once at start-up from its environment variable; `rejoinder serve --db` overrides",
        "`REJOINDER_DATABASE_URL`. Per-site policy (required fields, thresholds, edit window, moderation,",
        "retention) is set per site in the dashboard or with `rejoinder sites set`.",
        "",
        "| setting | environment variable | type | default | what it does |",
        "| --- | --- | --- | --- | --- |",
    ]
    for s in SETTINGS:
        default = "(random, kept beside the database)" if s.name == "secret_key" else f"`{s.default!r}`"
        lines.append(f"| `{s.name}` | `{s.env}` | {s.type.__name__} | {default} | {s.help} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(settings_markdown(), end="")
