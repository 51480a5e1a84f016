"""Each reply subscription keeps the reader's language, so their e-mails and pages speak it.

A reader who wrote in German and asked for replies got the confirmation, every reply e-mail and
the confirm and unsubscribe pages in English. The subscribing request already carries the
widget's language (``Accept-Language``); ``language`` keeps it with the subscription. Rows that
exist already get "" (not known): nothing recorded what their readers spoke, so their e-mails
stay English, as they were, and their pages follow the browser's ``Accept-Language``.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29 13:50:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "reply_subscriptions", sa.Column("language", sa.String(length=8), nullable=False, server_default="")
    )


def downgrade() -> None:
    op.drop_column("reply_subscriptions", "language")
