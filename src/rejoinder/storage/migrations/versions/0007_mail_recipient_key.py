"""Each outbox row keeps its address folded (``recipient_key``), indexed: look-ups ignore case.

The daily per-address cap (``count_mail_to``), the erasure and the access request find a reader's
mail whatever the case of the address (``storage.notifications.mail_to``), since the outbox keeps
each address as the commenter typed it. Compared as ``lower(recipient)``, no index answered: each
sent reply made both backends scan the outbox (50,000 rows: ~20 ms a count on PostgreSQL, ~26 ms
on SQLite, against under 1 ms by index). An expression index on ``lower(recipient)`` would do on
PostgreSQL, but SQLAlchemy cannot reflect one from SQLite (a warning on every schema comparison),
so the folded address is a stored column with a plain index, like ``comments.author_host`` (0006).
No statement compares the raw column any more, so its index goes.

The folding rule is frozen below as it stood when this revision was written (Python's
``str.lower`` after ``strip``, the same on both backends, unlike SQLite's ASCII-only ``lower``).

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29 07:05:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 1000
_outbox = sa.table(
    "mail_outbox",
    sa.column("id", sa.BigInteger),
    sa.column("recipient", sa.String),
    sa.column("recipient_key", sa.String),
)


def upgrade() -> None:
    op.add_column(
        "mail_outbox", sa.Column("recipient_key", sa.String(length=320), nullable=False, server_default="")
    )
    op.drop_index("ix_mail_outbox_recipient", table_name="mail_outbox")
    op.create_index("ix_mail_outbox_recipient_key", "mail_outbox", ["recipient_key"])
    bind = op.get_bind()
    after = 0
    while True:
        found = bind.execute(
            sa.select(_outbox.c.id, _outbox.c.recipient)
            .where(_outbox.c.id > after)
            .order_by(_outbox.c.id)
            .limit(BATCH)
        ).all()
        if not found:
            return
        bind.execute(
            _outbox.update()
            .where(_outbox.c.id == sa.bindparam("row_id"))
            .values(recipient_key=sa.bindparam("key")),
            [{"row_id": row_id, "key": recipient.strip().lower()} for row_id, recipient in found],
        )
        after = found[-1][0]


def downgrade() -> None:
    op.drop_index("ix_mail_outbox_recipient_key", table_name="mail_outbox")
    op.create_index("ix_mail_outbox_recipient", "mail_outbox", ["recipient"])
    op.drop_column("mail_outbox", "recipient_key")
