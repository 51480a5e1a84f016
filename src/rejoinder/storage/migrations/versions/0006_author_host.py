"""Each comment's website host, stored and indexed, for the spam check's "host seen before".

The look-up used to scan every approved comment of the site that had a website (``author_url
ILIKE '%host%'``, then the host parsed in Python), so its cost grew with the site. Now each
comment keeps the lower-case host of its website (``storage.hosts.url_host``, at most 255
characters) in ``author_host``, written with the row, and an index answers the look-up. Rows that
exist already get theirs here, a batch of ids at a time.

The host rule is frozen below as it stood when this revision was written, not imported: a
migration must do the same thing on every database it ever meets, whatever ``hosts.py`` later
becomes (a later change of the rule needs a migration of its own that rewrites the column).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29 00:40:00
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlsplit

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 1000
MAX_HOST = 255
_comments = sa.table(
    "comments",
    sa.column("id", sa.BigInteger),
    sa.column("author_url", sa.String),
    sa.column("author_host", sa.String),
)


def _stored_host(url: str) -> str:
    """``hosts.stored_host`` as of this revision: the lower-case host, root dot dropped, cut to the column."""
    url = url.strip()
    if not url:
        return ""
    if "://" not in url:
        url = "http://" + url.lstrip("/")
    try:
        return (urlsplit(url).hostname or "").lower().rstrip(".")[:MAX_HOST]
    except ValueError:
        return ""


def upgrade() -> None:
    op.add_column(
        "comments", sa.Column("author_host", sa.String(length=255), nullable=False, server_default="")
    )
    op.create_index("ix_comments_author_host", "comments", ["author_host"])
    bind = op.get_bind()
    after = 0
    while True:
        found = bind.execute(
            sa.select(_comments.c.id, _comments.c.author_url)
            .where(_comments.c.id > after, _comments.c.author_url != "")
            .order_by(_comments.c.id)
            .limit(BATCH)
        ).all()
        if not found:
            return
        hosts = [{"row_id": row_id, "host": host} for row_id, url in found if (host := _stored_host(url))]
        if hosts:
            bind.execute(
                _comments.update()
                .where(_comments.c.id == sa.bindparam("row_id"))
                .values(author_host=sa.bindparam("host")),
                hosts,
            )
        after = found[-1][0]


def downgrade() -> None:
    op.drop_index("ix_comments_author_host", table_name="comments")
    op.drop_column("comments", "author_host")
