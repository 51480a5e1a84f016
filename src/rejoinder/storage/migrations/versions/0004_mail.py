"""E-mail notifications: the planning cursor per site, reply subscriptions, the outbox.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28 18:45:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "mail_cursors",
        sa.Column("site_id", ID, nullable=False),
        sa.Column("last_comment_id", sa.BigInteger(), nullable=False),
        sa.Column("since", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["site_id"], ["sites.id"], name=op.f("fk_mail_cursors_site_id_sites"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("site_id", name=op.f("pk_mail_cursors")),
    )
    op.create_table(
        "reply_subscriptions",
        sa.Column("comment_id", ID, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["comment_id"],
            ["comments.id"],
            name=op.f("fk_reply_subscriptions_comment_id_comments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("comment_id", name=op.f("pk_reply_subscriptions")),
    )
    op.create_table(
        "mail_outbox",
        sa.Column("id", ID, nullable=False),
        sa.Column("site_id", ID, nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("comment_id", ID, nullable=False),
        sa.Column("recipient", sa.String(length=320), nullable=False),
        sa.Column("state", sa.String(length=8), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_try_at", sa.BigInteger(), nullable=False),
        sa.Column("lease_until", sa.BigInteger(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["comment_id"],
            ["comments.id"],
            name=op.f("fk_mail_outbox_comment_id_comments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["site_id"], ["sites.id"], name=op.f("fk_mail_outbox_site_id_sites"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mail_outbox")),
        sa.UniqueConstraint("kind", "comment_id", "recipient", name=op.f("uq_mail_outbox_kind")),
    )
    op.create_index("ix_mail_outbox_state_next_try_at", "mail_outbox", ["state", "next_try_at"])
    op.create_index("ix_mail_outbox_recipient", "mail_outbox", ["recipient"])


def downgrade() -> None:
    op.drop_index("ix_mail_outbox_recipient", table_name="mail_outbox")
    op.drop_index("ix_mail_outbox_state_next_try_at", table_name="mail_outbox")
    op.drop_table("mail_outbox")
    op.drop_table("reply_subscriptions")
    op.drop_table("mail_cursors")
