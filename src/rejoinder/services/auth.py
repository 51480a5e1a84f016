"""Who may use the dashboard: moderators, their Argon2 passwords, login limits and sessions.

A session is a random token in the browser's cookie; the database keeps only its sha256, so a
leaked database (or backup) cannot be replayed as a login. Each session carries its own CSRF
token, which every state-changing form must echo. Failed logins are limited per (name, IP) and
per IP, counted in the database (``services.rate_limit.SharedLimiter``), so spreading guesses
over several server processes gains an attacker nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import re
import secrets
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from rejoinder.domain import Moderator, Role
from rejoinder.errors import Conflict, Forbidden, NotFound, ValidationError
from rejoinder.services.rate_limit import Limit, SharedLimiter
from rejoinder.settings import Settings
from rejoinder.storage.base import AdminSession, Store

SESSION_LIFETIME = timedelta(hours=12)
MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 1024  # Argon2 takes any length; a cap keeps a 1 MB "password" from costing CPU
NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")

FAILURES_PER_NAME_AND_IP = 5  # within FAILURE_WINDOW_SECONDS
FAILURES_PER_IP = 30
FAILURE_WINDOW_SECONDS = 15 * 60


@dataclass(frozen=True, slots=True)
class LoginResult:
    """``token`` goes into the cookie, once; the store never sees it."""

    token: str
    session: AdminSession


class FailureLimiter:
    """Failed logins per subject (a name and address, or an address), in a sliding window.

    Counted in the store, so the limit holds across processes. A login checks with a read; only
    a failure costs a write (and a success after failures, which clears them). Within a process,
    ``AuthService`` lets one login per address run at a time, so parallel guesses each see the
    failures before them; across N processes at most N - 1 guesses can slip past at once.
    """

    def __init__(self, shared: SharedLimiter, limit: Limit) -> None:
        self.shared = shared
        self.limit = limit

    async def check(self, subject: str) -> bool:
        """Raise ``RateLimited`` when ``subject`` has used up its failures; else whether it has any."""
        counts = await self.shared.check(self.limit, subject)
        return counts.hits + counts.previous_hits > 0

    async def fail(self, subject: str) -> None:
        await self.shared.record(self.limit, subject)

    async def clear(self, subject: str) -> None:
        await self.shared.clear(self.limit, subject)


def failure_limits() -> tuple[Limit, Limit]:
    """(per name and address, per address): the message is the one the login page shows."""
    message = "too many failed logins; try again in {retry_after} seconds"
    return (
        Limit("login-name", FAILURES_PER_NAME_AND_IP, FAILURE_WINDOW_SECONDS, message),
        Limit("login-ip", FAILURES_PER_IP, FAILURE_WINDOW_SECONDS, message),
    )


class _OneAtATime:
    """An asyncio lock per key, forgotten when nobody holds or waits for it."""

    def __init__(self) -> None:
        self._locks: dict[str, tuple[asyncio.Lock, int]] = {}

    @contextlib.asynccontextmanager
    async def __call__(self, key: str) -> AsyncIterator[None]:
        lock, users = self._locks.get(key, (asyncio.Lock(), 0))
        self._locks[key] = (lock, users + 1)
        try:
            async with lock:
                yield
        finally:
            lock, users = self._locks[key]
            if users == 1:
                del self._locks[key]
            else:
                self._locks[key] = (lock, users - 1)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def validate_name(name: str) -> str:
    if not NAME_PATTERN.fullmatch(name):
        raise ValidationError(
            "name: use 1-64 letters, digits, '.', '_', '@' or '-', starting with a letter or digit",
            field="name",
        )
    return name


def validate_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError(f"password: use at least {MIN_PASSWORD_LENGTH} characters", field="password")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise ValidationError(f"password: use at most {MAX_PASSWORD_LENGTH} characters", field="password")
    return password


class AuthService:
    """Moderators, passwords, logins and sessions. Hashing runs in a thread: Argon2 is slow by design."""

    def __init__(
        self,
        store: Store,
        settings: Settings,
        *,
        hasher: PasswordHasher | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.store = store
        self.settings = settings
        self.hasher = hasher or PasswordHasher()
        self._clock = clock
        shared = SharedLimiter(store, settings.secret_key)
        per_name, per_ip = failure_limits()
        self.per_name = FailureLimiter(shared, per_name)
        self.per_ip = FailureLimiter(shared, per_ip)
        self._one_login_per_ip = _OneAtATime()
        self._dummy_hash: str | None = None

    # -- moderators -------------------------------------------------------------------------------
    async def add_moderator(
        self, name: str, password: str, role: Role = Role.MODERATOR, *, actor: str = "cli"
    ) -> Moderator:
        """``actor`` is who did it, for the audit log: an owner's name, or "cli" for the command line."""
        validate_name(name)
        validate_password(password)
        if await self.store.get_moderator_by_name(name) is not None:
            raise Conflict(f"a moderator named {name!r} already exists", field="name")
        password_hash = await asyncio.to_thread(self.hasher.hash, password)
        moderator = await self.store.add_moderator(name, role, password_hash)
        await self.store.add_audit(
            actor, "add_moderator", f"moderator:{moderator.id}", f"{name} as {role.value}"
        )
        return moderator

    async def set_password(self, name: str, password: str, *, actor: str = "cli") -> Moderator:
        validate_password(password)
        moderator = await self.store.get_moderator_by_name(name)
        if moderator is None:
            raise NotFound(f"no moderator named {name!r}", field="name")
        password_hash = await asyncio.to_thread(self.hasher.hash, password)
        await self.store.set_moderator_password(moderator.id, password_hash)
        await self.store.add_audit(actor, "set_password", f"moderator:{moderator.id}", name)
        return moderator

    async def remove_moderator(self, name: str, *, actor: str = "cli") -> Moderator:
        """Take NAME's access away now: their sessions end with them, in every process. Their
        past actions stay in the audit log under their name; the last owner is refused."""
        moderator = await self.store.get_moderator_by_name(name)
        if moderator is None:
            raise NotFound(f"no moderator named {name!r}", field="name")
        return await self.store.remove_moderator(moderator.id, actor=actor)

    async def list_moderators(self) -> list[Moderator]:
        return await self.store.list_moderators()

    # -- login and sessions -------------------------------------------------------------------------
    async def login(self, name: str, password: str, ip: str) -> LoginResult:
        """Check the password and open a session, or raise ``Forbidden`` / ``RateLimited``.

        The message never says whether the name exists, and an unknown name costs the same
        Argon2 verification as a wrong password, so timing does not tell either.
        """
        name_key = f"{name[:64].casefold()}|{ip}"  # a name longer than 64 can never log in anyway
        async with self._one_login_per_ip(ip):
            moderator = await self._check_password(name, name_key, password, ip)
        await self._rehash_if_needed(moderator, password)
        token = secrets.token_urlsafe(32)
        csrf = secrets.token_urlsafe(32)
        expires = self._clock() + SESSION_LIFETIME
        await self.store.create_session(hash_token(token), moderator.id, csrf, expires)
        await self.store.add_audit(moderator.name, "login", f"moderator:{moderator.id}", f"from {ip}")
        return LoginResult(token, AdminSession(hash_token(token), moderator, csrf, expires))

    async def _check_password(self, name: str, name_key: str, password: str, ip: str) -> Moderator:
        """The moderator if the password is right; counts a failure (and raises) otherwise."""
        earlier_failures, _ = await asyncio.gather(self.per_name.check(name_key), self.per_ip.check(ip))
        moderator = await self.store.get_moderator_by_name(name) if NAME_PATTERN.fullmatch(name) else None
        ok = await self._verify(moderator, password[:MAX_PASSWORD_LENGTH])
        if moderator is None or not ok:
            await asyncio.gather(self.per_name.fail(name_key), self.per_ip.fail(ip))
            raise Forbidden("wrong name or password")
        if earlier_failures:  # a success costs a write only when there is something to forget
            await self.per_name.clear(name_key)
        return moderator

    async def session(self, token: str | None) -> AdminSession | None:
        """The live session for a cookie value, or None (missing, unknown, expired)."""
        if not token or len(token) > 200:
            return None
        return await self.store.get_session(hash_token(token))

    async def logout(self, session: AdminSession) -> None:
        await self.store.delete_session(session.token_hash)
        await self.store.add_audit(session.moderator.name, "logout", f"moderator:{session.moderator.id}")

    # -- checks the web layer makes on every request --------------------------------------------------
    @staticmethod
    def check_csrf(session: AdminSession, token: str | None) -> None:
        if not token or not hmac.compare_digest(token.encode(), session.csrf_token.encode()):
            raise Forbidden("the form's CSRF token is missing or wrong; reload the page and try again")

    @staticmethod
    def require_owner(session: AdminSession) -> None:
        if session.moderator.role is not Role.OWNER:
            raise Forbidden("only an owner may do this")

    # -- internals --------------------------------------------------------------------------------------
    async def _verify(self, moderator: Moderator | None, password: str) -> bool:
        if moderator is None:
            if self._dummy_hash is None:
                self._dummy_hash = await asyncio.to_thread(self.hasher.hash, secrets.token_hex(16))
            stored = self._dummy_hash
        else:
            stored = moderator.password_hash
        try:
            return await asyncio.to_thread(self.hasher.verify, stored, password)
        except (VerificationError, InvalidHashError):
            return False

    async def _rehash_if_needed(self, moderator: Moderator, password: str) -> None:
        """Upgrade the stored hash when Argon2's parameters have been raised since it was made."""
        if self.hasher.check_needs_rehash(moderator.password_hash):
            new_hash = await asyncio.to_thread(self.hasher.hash, password)
            await self.store.set_moderator_password(moderator.id, new_hash, end_sessions=False)
