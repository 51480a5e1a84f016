"""The dashboard's comment search: filters from ``CommentFilter``, one page and the total."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from rejoinder.domain import ReactionKind
from rejoinder.errors import ValidationError
from rejoinder.storage import rows
from rejoinder.storage.base import CommentFilter, CommentPage
from rejoinder.storage.comments import THREAD_LABELLED
from rejoinder.storage.ip_filter import parse_ip_filter
from rejoinder.storage.schema import comments, reactions, threads
from rejoinder.storage.sql_base import SqlBase
from rejoinder.storage.text_match import contains

MAX_PAGE = 500


def _plain_conditions(flt: CommentFilter) -> list[ColumnElement[bool]]:
    """Every filter that needs no extra query (all but IPv6 networks)."""
    where: list[ColumnElement[bool]] = []
    if flt.site_id is not None:
        where.append(threads.c.site_id == flt.site_id)
    if flt.thread_id is not None:
        where.append(comments.c.thread_id == flt.thread_id)
    if flt.statuses:
        where.append(comments.c.status.in_([s.value for s in flt.statuses]))
    if flt.decision is not None:
        where.append(comments.c.decision == flt.decision.value)
    if flt.author.strip():
        where.append(contains(comments.c.author_name, flt.author.strip()))
    if flt.email.strip():
        where.append(func.lower(comments.c.author_email) == flt.email.strip().lower())
    if flt.text.strip():
        needle = flt.text.strip()
        where.append(
            or_(
                contains(comments.c.text, needle),
                contains(comments.c.author_name, needle),
                contains(comments.c.author_email, needle),
                contains(comments.c.author_url, needle),
            )
        )
    if flt.reported:
        reported = select(reactions.c.comment_id).where(reactions.c.kind == ReactionKind.REPORT.value)
        where.append(comments.c.id.in_(reported))
    if flt.since is not None:
        where.append(comments.c.created_at >= rows.to_db_time(flt.since))
    if flt.until is not None:
        where.append(comments.c.created_at < rows.to_db_time(flt.until))
    return where


def _check_paging(flt: CommentFilter) -> None:
    if flt.limit < 0 or flt.limit > MAX_PAGE:
        raise ValidationError(f"limit must be between 0 and {MAX_PAGE}", field="limit")
    if flt.offset < 0:
        raise ValidationError("offset must not be negative", field="offset")


class SearchMixin(SqlBase):
    async def search_comments(self, flt: CommentFilter) -> CommentPage:
        _check_paging(flt)
        joined = comments.join(threads, comments.c.thread_id == threads.c.id)
        async with self._db.read.connect() as conn:
            where = _plain_conditions(flt)
            if flt.ip_network.strip():
                where.append(await self._ip_condition(conn, flt.ip_network))
            total = (await conn.execute(select(func.count()).select_from(joined).where(*where))).scalar_one()
            order = (
                (comments.c.created_at.desc(), comments.c.id.desc())
                if flt.newest_first
                else (comments.c.created_at, comments.c.id)
            )
            page = await conn.execute(
                select(comments, *THREAD_LABELLED)
                .select_from(joined)
                .where(*where)
                .order_by(*order)
                .limit(flt.limit)
                .offset(flt.offset)
            )
            items = tuple((rows.comment(r), rows.thread(r, rows.JOINED_THREAD)) for r in page)
        return CommentPage(items=items, total=int(total))

    @staticmethod
    async def _ip_condition(conn: AsyncConnection, network: str) -> ColumnElement[bool]:
        ip_filter = parse_ip_filter(network)
        if ip_filter.v6_network is None:
            return ip_filter.clause(comments.c.ip)
        stored = await conn.execute(select(comments.c.ip).where(comments.c.ip.contains(":")).distinct())
        matched: list[Any] = ip_filter.matching_v6(ip for (ip,) in stored)
        return comments.c.ip.in_(matched)
