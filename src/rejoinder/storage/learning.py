"""Spam checks (for submit-spam/ham by guid) and the learning events every process replays.

Every Akismet check is recorded, so the insert of recorded checks is the hottest write there
is: on SQLite a batch goes to the driver's thread in one trip (BEGIN IMMEDIATE, executemany,
COMMIT), with SQL compiled once and values bound as SQLAlchemy's SQLite types would bind them.
Through SQLAlchemy the same batch cost four times the CPU (a compile-cache look-up, per-row bind
processors, a hop to the driver thread per statement, each waiting for the GIL).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, func, select, text, update
from sqlalchemy.exc import IntegrityError

from rejoinder.errors import Conflict, NotFound
from rejoinder.storage import rows
from rejoinder.storage.base import LearningEvent, LearningMark, SpamCheckRecord
from rejoinder.storage.group_commit import GroupCommit
from rejoinder.storage.schema import learning_events, spam_checks
from rejoinder.storage.sql_base import SqlBase, _compiled_constant, _immediate_transaction, _sqlite_args

# On PostgreSQL, concurrent transactions can commit sequence ids out of order, and a reader that
# has seen id 11 would never fetch a late-committing id 10. Serialising event inserts with a
# transaction-scoped advisory lock makes ids commit in order. (SQLite already has one writer.)
_EVENTS_LOCK = text("SELECT pg_advisory_xact_lock(7305521)")


_CHECK_COLUMNS = tuple(c.name for c in spam_checks.c)
INSERT_CHECK = spam_checks.insert().values({n: bindparam(n) for n in _CHECK_COLUMNS})

_STATE = select(
    func.coalesce(func.max(learning_events.c.id), 0), func.count(learning_events.c.undone_at)
).where(learning_events.c.site_id == bindparam("site_id"))


class LearningMixin(SqlBase):
    _checks: GroupCommit[dict[str, Any]]

    def _init_checks(self) -> None:
        self._checks = GroupCommit(self._insert_checks, self._insert_check)

    async def record_check(self, record: SpamCheckRecord) -> None:
        """Runs for every Akismet check, so concurrent calls share a commit (``group_commit``)."""
        created = rows.to_db_time(record.created_at) if record.created_at else rows.utcnow()
        await self._checks.submit(
            {
                "guid": record.guid,
                "site_id": record.site_id,
                "api_key": record.api_key,
                "comment_id": record.comment_id,
                "payload": dict(record.payload),
                "score": float(record.score),
                "decision": record.decision.value,
                "is_test": record.is_test,
                "created_at": created,
            }
        )

    async def _insert_checks(self, values: list[dict[str, Any]]) -> None:
        if self._db.backend == "sqlite":
            await self._insert_checks_sqlite(values)
            return
        async with self._db.write.begin() as conn:
            await conn.execute(INSERT_CHECK, values)

    async def _insert_checks_sqlite(self, values: list[dict[str, Any]]) -> None:
        """One trip to the driver's thread for the whole batch (``SqlBase._on_sqlite_thread``)."""
        sql, order, _ = _compiled_constant(INSERT_CHECK, self._db.root.dialect)
        await self._on_sqlite_thread(_insert_many_sync, sql, [_sqlite_args(v, order) for v in values])

    async def _insert_check(self, values: dict[str, Any]) -> None:
        try:
            await self._insert_checks([values])
        except (IntegrityError, sqlite3.IntegrityError) as exc:
            guid = values["guid"]
            raise Conflict(
                f"check {guid!r} is already recorded or names a missing site or comment", field="guid"
            ) from exc

    async def get_check(self, guid: str) -> SpamCheckRecord | None:
        async with self._db.read.connect() as conn:
            row = (await conn.execute(select(spam_checks).where(spam_checks.c.guid == guid))).first()
        return rows.spam_check(row) if row is not None else None

    async def add_learning_events(
        self, site_id: int, marks: Sequence[LearningMark], source: str, actor: str = ""
    ) -> int:
        if not marks:
            return 0
        created = rows.utcnow()
        values = [
            _event_row(site_id, m.payload, m.is_spam, source, actor, created, comment_id=m.comment_id)
            for m in marks
        ]
        try:
            return len(await self._insert_events(values))
        except IntegrityError as exc:
            raise NotFound(f"no site {site_id}, or no comment for one of the marks", field="site_id") from exc

    async def add_learning_event(
        self,
        site_id: int,
        payload: Mapping[str, Any],
        is_spam: bool,
        source: str,
        guid: str | None = None,
        comment_id: int | None = None,
        actor: str = "",
    ) -> LearningEvent:
        created = rows.utcnow()
        row = _event_row(site_id, payload, is_spam, source, actor, created, guid=guid, comment_id=comment_id)
        try:
            [event_id] = await self._insert_events([row])
        except IntegrityError as exc:
            raise NotFound(
                f"no site {site_id} or comment {comment_id} to learn from", field="site_id"
            ) from exc
        return LearningEvent(
            id=event_id,
            site_id=site_id,
            guid=guid,
            comment_id=comment_id,
            payload=dict(payload),
            is_spam=is_spam,
            source=source,
            actor=actor,
            created_at=created,
        )

    async def _insert_events(self, values: list[dict[str, Any]]) -> list[int]:
        """Insert events in one transaction, serialised on PostgreSQL so ids commit in order."""
        async with self._db.write.begin() as conn:
            if self._db.backend == "postgresql":
                await conn.execute(_EVENTS_LOCK)
            statement = learning_events.insert().returning(learning_events.c.id, sort_by_parameter_order=True)
            return [int(i) for i in (await conn.execute(statement, values)).scalars().all()]

    async def undo_learning_event(self, event_id: int) -> LearningEvent:
        """Undoing twice keeps the first undo time (the count of undone events must not move)."""
        async with self._db.write.begin() as conn:
            await conn.execute(
                update(learning_events)
                .where(learning_events.c.id == event_id, learning_events.c.undone_at.is_(None))
                .values(undone_at=rows.utcnow())
            )
            row = (
                await conn.execute(select(learning_events).where(learning_events.c.id == event_id))
            ).first()
        if row is None:
            raise NotFound(f"no learning event with id {event_id}", field="event_id")
        return rows.learning_event(row)

    async def learning_events(self, site_id: int, after_id: int = 0) -> list[LearningEvent]:
        """Ids commit in increasing order on both backends, so ``after_id`` never skips an event."""
        query = (
            select(learning_events)
            .where(learning_events.c.site_id == site_id, learning_events.c.id > after_id)
            .order_by(learning_events.c.id)
        )
        async with self._db.read.connect() as conn:
            return [rows.learning_event(r) for r in await conn.execute(query)]

    async def learning_state_version(self, site_id: int) -> tuple[int, int]:
        ((highest, undone),) = await self._fetch_plain(_STATE, {"site_id": site_id})
        return int(highest), int(undone)


def _insert_many_sync(connection: sqlite3.Connection, sql: str, args: list[list[Any]]) -> None:
    """Runs on the driver's thread: the write lock up front, every row, one durable commit."""
    with _immediate_transaction(connection):
        connection.executemany(sql, args)


def _event_row(
    site_id: int,
    payload: Mapping[str, Any],
    is_spam: bool,
    source: str,
    actor: str,
    created: datetime,
    *,
    guid: str | None = None,
    comment_id: int | None = None,
) -> dict[str, Any]:
    """A ``learning_events`` row, for one moderator's mark or a batch of imported ones."""
    return {
        "site_id": site_id,
        "guid": guid,
        "comment_id": comment_id,
        "payload": dict(payload),
        "is_spam": is_spam,
        "source": source,
        "actor": actor,
        "created_at": created,
    }
