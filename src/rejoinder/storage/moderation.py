"""Moderators, their dashboard sessions, bans and the audit log."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, delete, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from rejoinder.domain import AuditEntry, Ban, BanKind, Moderator, Role
from rejoinder.errors import Conflict, NotFound
from rejoinder.storage import rows
from rejoinder.storage.base import AdminSession
from rejoinder.storage.schema import admin_sessions, audit_log, bans, moderators
from rejoinder.storage.sql_base import SqlBase

_MODERATOR_LABELLED = tuple(c.label("m_" + c.name) for c in moderators.c)


_ALL_BANS = select(bans).order_by(bans.c.id)
_SITE_BANS = _ALL_BANS.where(or_(bans.c.site_id == bindparam("site_id"), bans.c.site_id.is_(None)))


async def _lock_owners(conn: AsyncConnection) -> list[int]:
    """The owners' ids, their rows locked until the transaction ends (PostgreSQL; SQLite's write
    transaction already holds the whole database), so that two removals cannot each count the
    other owner and leave none: the second waits, then no longer sees the first's owner."""
    query = select(moderators.c.id).where(moderators.c.role == Role.OWNER.value).with_for_update()
    return [int(i) for i in (await conn.execute(query)).scalars()]


class ModerationMixin(SqlBase):
    async def add_moderator(self, name: str, role: Role, password_hash: str) -> Moderator:
        created = rows.utcnow()
        try:
            async with self._db.write.begin() as conn:
                result = await conn.execute(
                    moderators.insert()
                    .values(name=name, role=role.value, password_hash=password_hash, created_at=created)
                    .returning(moderators.c.id)
                )
                moderator_id = int(result.scalar_one())
        except IntegrityError as exc:
            raise Conflict(f"a moderator named {name!r} already exists", field="name") from exc
        return Moderator(
            id=moderator_id, name=name, role=role, password_hash=password_hash, created_at=created
        )

    async def get_moderator_by_name(self, name: str) -> Moderator | None:
        async with self._db.read.connect() as conn:
            row = (await conn.execute(select(moderators).where(moderators.c.name == name))).first()
        return rows.moderator(row) if row is not None else None

    async def list_moderators(self) -> list[Moderator]:
        async with self._db.read.connect() as conn:
            return [
                rows.moderator(r) for r in await conn.execute(select(moderators).order_by(moderators.c.id))
            ]

    async def set_moderator_password(
        self, moderator_id: int, password_hash: str, *, end_sessions: bool = True
    ) -> None:
        async with self._db.write.begin() as conn:
            result = await conn.execute(
                update(moderators).where(moderators.c.id == moderator_id).values(password_hash=password_hash)
            )
            if end_sessions:
                await conn.execute(
                    delete(admin_sessions).where(admin_sessions.c.moderator_id == moderator_id)
                )
        if result.rowcount == 0:
            raise NotFound(f"no moderator with id {moderator_id}", field="moderator_id")

    async def remove_moderator(self, moderator_id: int, *, actor: str) -> Moderator:
        async with self._db.write.begin() as conn:
            owners = await _lock_owners(conn)
            row = (await conn.execute(select(moderators).where(moderators.c.id == moderator_id))).first()
            if row is None:
                raise NotFound(f"no moderator with id {moderator_id}", field="moderator_id")
            removed = rows.moderator(row)
            if owners == [moderator_id]:
                raise Conflict(
                    f"{removed.name} is the last owner; make another owner first (rejoinder admin add "
                    "NAME --role owner)",
                    field="name",
                )
            await conn.execute(delete(admin_sessions).where(admin_sessions.c.moderator_id == moderator_id))
            await conn.execute(delete(moderators).where(moderators.c.id == moderator_id))
            await conn.execute(
                audit_log.insert().values(
                    actor=actor,
                    action="remove_moderator",
                    target=f"moderator:{moderator_id}",
                    detail=f"{removed.name} ({removed.role.value})",
                    created_at=rows.utcnow(),
                )
            )
        return removed

    async def create_session(
        self, token_hash: str, moderator_id: int, csrf_token: str, expires_at: datetime
    ) -> None:
        try:
            async with self._db.write.begin() as conn:
                await conn.execute(
                    admin_sessions.insert().values(
                        token_hash=token_hash,
                        moderator_id=moderator_id,
                        csrf_token=csrf_token,
                        created_at=rows.utcnow(),
                        expires_at=rows.to_db_time(expires_at),
                    )
                )
        except IntegrityError as exc:
            raise NotFound(f"no moderator with id {moderator_id}", field="moderator_id") from exc

    async def get_session(self, token_hash: str) -> AdminSession | None:
        query = (
            select(admin_sessions.c.csrf_token, admin_sessions.c.expires_at, *_MODERATOR_LABELLED)
            .select_from(admin_sessions.join(moderators, moderators.c.id == admin_sessions.c.moderator_id))
            .where(
                admin_sessions.c.token_hash == token_hash,
                admin_sessions.c.expires_at > rows.utcnow(),
            )
        )
        async with self._db.read.connect() as conn:
            row = (await conn.execute(query)).first()
        if row is None:
            return None
        expires = rows.from_db_time(row.expires_at)
        assert expires is not None
        return AdminSession(
            token_hash=token_hash,
            moderator=rows.moderator(row, "m_"),
            csrf_token=row.csrf_token,
            expires_at=expires,
        )

    async def delete_session(self, token_hash: str) -> None:
        """Also sweeps expired sessions, so the table does not grow with every login."""
        async with self._db.write.begin() as conn:
            await conn.execute(
                delete(admin_sessions).where(
                    or_(
                        admin_sessions.c.token_hash == token_hash,
                        admin_sessions.c.expires_at <= rows.utcnow(),
                    )
                )
            )

    async def add_ban(self, site_id: int | None, kind: BanKind, value: str, created_by: str) -> Ban:
        created = rows.utcnow()
        try:
            async with self._db.write.begin() as conn:
                result = await conn.execute(
                    bans.insert()
                    .values(
                        site_id=site_id,
                        kind=kind.value,
                        value=value,
                        created_by=created_by,
                        created_at=created,
                    )
                    .returning(bans.c.id)
                )
                ban_id = int(result.scalar_one())
        except IntegrityError as exc:
            raise NotFound(f"no site with id {site_id}", field="site_id") from exc
        return Ban(
            id=ban_id, site_id=site_id, kind=kind, value=value, created_by=created_by, created_at=created
        )

    async def list_bans(self, site_id: int | None = None) -> list[Ban]:
        if site_id is None:
            return [rows.ban(r) for r in await self._fetch_plain(_ALL_BANS, {})]
        return [rows.ban(r) for r in await self._fetch_plain(_SITE_BANS, {"site_id": site_id})]

    async def remove_ban(self, ban_id: int) -> None:
        async with self._db.write.begin() as conn:
            result = await conn.execute(delete(bans).where(bans.c.id == ban_id))
        if result.rowcount == 0:
            raise NotFound(f"no ban with id {ban_id}", field="ban_id")

    async def add_audit(self, actor: str, action: str, target: str, detail: str = "") -> AuditEntry:
        created = rows.utcnow()
        async with self._db.write.begin() as conn:
            result = await conn.execute(
                audit_log.insert()
                .values(actor=actor, action=action, target=target, detail=detail, created_at=created)
                .returning(audit_log.c.id)
            )
            entry_id = int(result.scalar_one())
        return AuditEntry(
            id=entry_id, actor=actor, action=action, target=target, detail=detail, created_at=created
        )

    async def list_audit(self, limit: int = 100, offset: int = 0) -> list[AuditEntry]:
        query = (
            select(audit_log)
            .order_by(audit_log.c.id.desc())
            .limit(max(0, min(limit, 1000)))
            .offset(max(0, offset))
        )
        async with self._db.read.connect() as conn:
            return [rows.audit(r) for r in await conn.execute(query)]
