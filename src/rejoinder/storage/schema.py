"""Every table Rejoinder stores, declared once with SQLAlchemy Core.

The same metadata serves SQLite and PostgreSQL; Alembic migrations are generated from it.
Times are stored as timezone-aware UTC (``DateTime(timezone=True)``). Enums are stored as
short strings so both backends agree. JSON columns hold site settings, engine reasons and the
payloads that the learning loop replays.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

# An autoincrementing 64-bit id on PostgreSQL that stays INTEGER PRIMARY KEY (rowid) on SQLite.
Id = BigInteger().with_variant(Integer(), "sqlite")
UtcTime = DateTime(timezone=True)

sites = Table(
    "sites",
    metadata,
    Column("id", Id, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("url", String(2000), nullable=False, unique=True),
    Column("settings", JSON, nullable=False),
    Column("created_at", UtcTime, nullable=False),
)

api_keys = Table(
    "api_keys",
    metadata,
    Column("key", String(12), primary_key=True),
    Column("site_id", ForeignKey("sites.id", ondelete="CASCADE"), nullable=False),
    Column("allowed_urls", JSON, nullable=False),
    Column("created_at", UtcTime, nullable=False),
    Column("revoked_at", UtcTime),
)

threads = Table(
    "threads",
    metadata,
    Column("id", Id, primary_key=True),
    Column("site_id", ForeignKey("sites.id", ondelete="CASCADE"), nullable=False),
    Column("uri", String(2000), nullable=False),
    Column("title", String(500), nullable=False, default=""),
    Column("closed", Boolean, nullable=False, default=False),
    Column("version", Integer, nullable=False, default=0),  # bumped on every change; read caches key on it
    Column("created_at", UtcTime, nullable=False),
    UniqueConstraint("site_id", "uri"),
)

comments = Table(
    "comments",
    metadata,
    Column("id", Id, primary_key=True),
    Column("thread_id", ForeignKey("threads.id", ondelete="CASCADE"), nullable=False),
    Column("parent_id", ForeignKey("comments.id", ondelete="SET NULL")),
    Column("author_name", String(200), nullable=False, default=""),
    Column("author_email", String(320), nullable=False, default=""),
    Column("author_url", String(2000), nullable=False, default=""),
    Column("text", Text, nullable=False),
    Column("html", Text, nullable=False),
    Column("status", String(16), nullable=False),
    Column("score", Float, nullable=False),
    Column("decision", String(16), nullable=False),
    Column("reasons", JSON, nullable=False),
    Column("ip", String(64), nullable=False, default=""),
    Column("user_agent", String(500), nullable=False, default=""),
    Column("text_hash", String(64), nullable=False, default=""),  # for duplicates across the site
    Column("likes", Integer, nullable=False, default=0),
    Column("created_at", UtcTime, nullable=False),
    Column("edited_at", UtcTime),
    # the website's host (``storage.hosts.stored_host``), for the spam check's "host seen before"
    Column("author_host", String(255), nullable=False, default="", server_default=""),
    Index("ix_comments_thread_status_created", "thread_id", "status", "created_at"),
    Index("ix_comments_status_created", "status", "created_at"),
    Index("ix_comments_author_email", "author_email"),
    Index("ix_comments_text_hash", "text_hash"),
    Index("ix_comments_author_host", "author_host"),
)

# Every check the engine made through the Akismet or native API, so that submit-spam/ham can
# find the original by guid. Test traffic is recorded with is_test and never trains or counts.
spam_checks = Table(
    "spam_checks",
    metadata,
    Column("guid", String(36), primary_key=True),
    Column("site_id", ForeignKey("sites.id", ondelete="CASCADE"), nullable=False),
    Column("api_key", String(12)),
    Column("comment_id", ForeignKey("comments.id", ondelete="SET NULL")),
    Column("payload", JSON, nullable=False),  # the comment fields as the engine saw them
    Column("score", Float, nullable=False),
    Column("decision", String(16), nullable=False),
    Column("is_test", Boolean, nullable=False, default=False),
    Column("created_at", UtcTime, nullable=False),
    Index("ix_spam_checks_site_created", "site_id", "created_at"),
)

# The learning loop: each moderator or submit-spam/ham decision is one event. A process's
# per-site model replays the active events after the id it last saw, so every process agrees
# and the learned state survives restarts. Undo sets undone_at; the next sync unlearns it.
learning_events = Table(
    "learning_events",
    metadata,
    Column("id", Id, primary_key=True),
    Column("site_id", ForeignKey("sites.id", ondelete="CASCADE"), nullable=False),
    Column("guid", String(36)),
    Column("comment_id", ForeignKey("comments.id", ondelete="SET NULL")),
    Column("payload", JSON, nullable=False),
    Column("is_spam", Boolean, nullable=False),
    Column("source", String(32), nullable=False),  # "akismet", "dashboard", "api"
    Column("actor", String(200), nullable=False, default=""),
    Column("created_at", UtcTime, nullable=False),
    Column("undone_at", UtcTime),
    Index("ix_learning_events_site_id", "site_id", "id"),
)

moderators = Table(
    "moderators",
    metadata,
    Column("id", Id, primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("role", String(16), nullable=False),
    Column("password_hash", String(200), nullable=False),
    Column("created_at", UtcTime, nullable=False),
)

admin_sessions = Table(
    "admin_sessions",
    metadata,
    Column("token_hash", String(64), primary_key=True),  # sha256 of the cookie value
    Column("moderator_id", ForeignKey("moderators.id", ondelete="CASCADE"), nullable=False),
    Column("csrf_token", String(64), nullable=False),
    Column("created_at", UtcTime, nullable=False),
    Column("expires_at", UtcTime, nullable=False),
)

bans = Table(
    "bans",
    metadata,
    Column("id", Id, primary_key=True),
    Column("site_id", ForeignKey("sites.id", ondelete="CASCADE")),
    Column("kind", String(16), nullable=False),
    Column("value", String(500), nullable=False),
    Column("created_by", String(200), nullable=False, default=""),
    Column("created_at", UtcTime, nullable=False),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Id, primary_key=True),
    Column("actor", String(200), nullable=False),
    Column("action", String(64), nullable=False),
    Column("target", String(500), nullable=False, default=""),
    Column("detail", Text, nullable=False, default=""),
    Column("created_at", UtcTime, nullable=False),
)

# Monthly Akismet call counts per key, for /1.2/usage-limit.
key_usage = Table(
    "key_usage",
    metadata,
    Column("key", String(12), primary_key=True),
    Column("month", String(7), primary_key=True),  # "2026-11"
    Column("calls", Integer, nullable=False, default=0),
)

# Rate-limit counters shared by every server process: one row per limited key, holding the current
# fixed window and the count of the window before it (enough for a sliding-window estimate).
# ``key`` is a keyed hash of what is limited ("ip:203.0.113.57"), so no address or name is stored.
rate_limits = Table(
    "rate_limits",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("window_start", BigInteger, nullable=False),  # unix seconds, a multiple of window_seconds
    Column("window_seconds", Integer, nullable=False),
    Column("hits", Integer, nullable=False),
    Column("previous_hits", Integer, nullable=False),
)

# Where each site's webhook delivery stands: the last comment delivered, a lease so that one server
# process at a time delivers (``lease_until``), and the back-off after a failed delivery.
webhook_cursors = Table(
    "webhook_cursors",
    metadata,
    Column("site_id", ForeignKey("sites.id", ondelete="CASCADE"), primary_key=True),
    Column("last_comment_id", BigInteger, nullable=False),
    Column("since", UtcTime, nullable=False),  # comments written before the hook was set are history
    Column("lease_until", BigInteger, nullable=False, default=0),  # unix seconds
    Column("retry_at", BigInteger, nullable=False, default=0),  # unix seconds
    Column("failures", Integer, nullable=False, default=0),
    Column("last_error", Text, nullable=False, default=""),
)

# E-mail notifications (``services.notifications``). Planning follows the comments table as the
# webhook does (``mail_cursors``: the last comment planned), but what is planned becomes a row of
# ``mail_outbox`` so that each message is sent, retried or given up on its own: one address that
# bounces must not hold up every other reader's mail. A row is unique per (kind, comment,
# recipient), so two server processes planning the same comments queue each message once.
mail_cursors = Table(
    "mail_cursors",
    metadata,
    Column("site_id", ForeignKey("sites.id", ondelete="CASCADE"), primary_key=True),
    Column("last_comment_id", BigInteger, nullable=False),
    Column("since", UtcTime, nullable=False),  # comments written before mail was switched on are history
)

# A commenter who asked to be told of replies to one of their comments. The address is the
# comment's own (``comments.author_email``), so erasing the commenter ends the subscription too.
# Replies are mailed only once the address has confirmed (``confirmed_at``): anyone can type
# someone else's address into a comment form.
reply_subscriptions = Table(
    "reply_subscriptions",
    metadata,
    Column("comment_id", ForeignKey("comments.id", ondelete="CASCADE"), primary_key=True),
    Column("created_at", UtcTime, nullable=False),
    Column("confirmed_at", UtcTime),
    # The reader's language when they subscribed (``i18n.LANGUAGES``), so the confirmation, the
    # reply e-mails and the pages behind their links speak it; "" (every subscription made before
    # migration 0008) means not known: the e-mails are English, the pages follow the browser.
    Column("language", String(8), nullable=False, default="", server_default=""),
)

mail_outbox = Table(
    "mail_outbox",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("site_id", ForeignKey("sites.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(16), nullable=False),  # MailKind
    Column("comment_id", ForeignKey("comments.id", ondelete="CASCADE"), nullable=False),
    Column("recipient", String(320), nullable=False),
    Column("state", String(8), nullable=False),  # MailState
    Column("created_at", UtcTime, nullable=False),
    Column("sent_at", UtcTime),
    Column("attempts", Integer, nullable=False, default=0),
    Column("next_try_at", BigInteger, nullable=False, default=0),  # unix seconds
    Column("lease_until", BigInteger, nullable=False, default=0),  # unix seconds
    Column("last_error", Text, nullable=False, default=""),
    # ``recipient`` folded (``notifications.recipient_key``, since migration 0007): every look-up by
    # address ignores its case (the daily cap, the erasure, the export), and an index on a stored
    # column needs no expression index, which SQLite's reflection cannot read.
    Column("recipient_key", String(320), nullable=False, default=""),
    UniqueConstraint("kind", "comment_id", "recipient"),
    Index("ix_mail_outbox_state_next_try_at", "state", "next_try_at"),
    Index("ix_mail_outbox_recipient_key", "recipient_key"),
)

# Readers' likes and reports (``services.reactions``). A row per (comment, kind, reader) makes "one
# like per reader" a constraint, not a hope; ``voter`` is a keyed hash of the reader's address on
# the site, never the address. ``comments.likes`` keeps the count, so reading and sorting a
# thread never counts rows. Rows are dropped after the retention service's reaction age.
reactions = Table(
    "reactions",
    metadata,
    Column("comment_id", ForeignKey("comments.id", ondelete="CASCADE"), primary_key=True),
    Column("kind", String(16), primary_key=True),  # ReactionKind
    Column("voter", String(32), primary_key=True),
    Column("reason", String(16), nullable=False, default=""),  # ReportReason, for reports
    Column("created_at", UtcTime, nullable=False),
    Index("ix_reactions_created_at", "created_at"),
)
