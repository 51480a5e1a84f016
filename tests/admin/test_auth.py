"""AuthService against a real store (SQLite and PostgreSQL): hashing, login limits, sessions, roles."""

from __future__ import annotations

import asyncio
import hashlib
from datetime import UTC, datetime, timedelta

import pytest
from argon2 import PasswordHasher

from rejoinder.domain import Role
from rejoinder.errors import Conflict, Forbidden, NotFound, RateLimited, ValidationError
from rejoinder.services.auth import FAILURES_PER_NAME_AND_IP, AuthService, FailureLimiter
from rejoinder.services.rate_limit import Limit, SharedLimiter
from rejoinder.settings import Settings
from rejoinder.storage import Store

PASSWORD = "correct horse battery"
FAST = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1)  # real Argon2id, test-sized


def make_auth(store: Store, **kwargs: object) -> AuthService:
    return AuthService(store, Settings(secret_key="test"), hasher=FAST, **kwargs)  # type: ignore[arg-type]


async def test_password_is_stored_as_argon2id_never_in_clear(store: Store) -> None:
    auth = AuthService(store, Settings(secret_key="test"))  # the default, production-strength hasher
    moderator = await auth.add_moderator("alice", PASSWORD, Role.OWNER)
    stored = await store.get_moderator_by_name("alice")
    assert stored is not None
    assert stored.role is Role.OWNER
    assert stored.password_hash.startswith("$argon2id$")
    assert PASSWORD not in stored.password_hash
    assert PASSWORD not in repr(moderator)


async def test_login_opens_a_session_whose_token_is_stored_only_as_sha256(store: Store) -> None:
    auth = make_auth(store)
    await auth.add_moderator("alice", PASSWORD)
    result = await auth.login("alice", PASSWORD, "198.51.100.7")
    assert result.session.token_hash == hashlib.sha256(result.token.encode()).hexdigest()
    assert len(result.token) >= 40
    assert len(result.session.csrf_token) >= 40
    session = await auth.session(result.token)
    assert session is not None
    assert session.moderator.name == "alice"
    assert session.csrf_token == result.session.csrf_token
    assert await auth.session(result.session.token_hash) is None  # the hash is not a credential
    assert await auth.session("") is None
    assert await auth.session(None) is None


async def test_wrong_password_and_unknown_name_get_the_same_answer(store: Store) -> None:
    auth = make_auth(store)
    await auth.add_moderator("alice", PASSWORD)
    with pytest.raises(Forbidden) as wrong:
        await auth.login("alice", "not the password", "198.51.100.7")
    with pytest.raises(Forbidden) as unknown:
        await auth.login("mallory", PASSWORD, "198.51.100.7")
    assert wrong.value.message == unknown.value.message == "wrong name or password"


async def test_login_is_limited_per_name_and_ip_even_with_the_right_password(store: Store) -> None:
    auth = make_auth(store)
    await auth.add_moderator("alice", PASSWORD)
    for _ in range(FAILURES_PER_NAME_AND_IP):
        with pytest.raises(Forbidden):
            await auth.login("alice", "guess", "203.0.113.9")
    with pytest.raises(RateLimited) as limited:
        await auth.login("alice", PASSWORD, "203.0.113.9")
    # two fixed windows approximate the sliding one: the wait can reach into the next window
    assert 0 < limited.value.retry_after <= 2 * 15 * 60
    # the same name from another address is not locked out by the attacker
    assert (await auth.login("alice", PASSWORD, "192.0.2.1")).token


async def test_a_successful_login_clears_the_failures(store: Store) -> None:
    now = [1_800_000_000.0]
    shared = SharedLimiter(store, "test", clock=lambda: now[0])
    limiter = FailureLimiter(shared, Limit("login-name", 2, 60, "wait {retry_after} s"))
    assert await limiter.check("k") is False
    await limiter.fail("k")
    assert await limiter.check("k") is True
    await limiter.fail("k")
    with pytest.raises(RateLimited):
        await limiter.check("k")
    now[0] += 121  # two windows later: old failures are forgotten
    assert await limiter.check("k") is False
    await limiter.fail("k")
    await limiter.clear("k")
    assert await limiter.check("k") is False
    await limiter.fail("k")
    assert await limiter.check("k") is True


async def test_parallel_guesses_get_no_more_than_the_limit(store: Store) -> None:
    auth = make_auth(store)
    await auth.add_moderator("alice", PASSWORD)
    outcomes = await asyncio.gather(
        *(auth.login("alice", f"guess {i}", "203.0.113.10") for i in range(12)), return_exceptions=True
    )
    assert sum(isinstance(o, Forbidden) for o in outcomes) == FAILURES_PER_NAME_AND_IP
    assert sum(isinstance(o, RateLimited) for o in outcomes) == 12 - FAILURES_PER_NAME_AND_IP


async def test_failures_are_shared_by_every_service_on_the_database(store: Store) -> None:
    """Two AuthService instances stand for two server processes: the guesser gains nothing."""
    first, second = make_auth(store), make_auth(store)
    await first.add_moderator("alice", PASSWORD)
    for i in range(FAILURES_PER_NAME_AND_IP):
        with pytest.raises(Forbidden):
            await (first, second)[i % 2].login("alice", "guess", "203.0.113.11")
    for auth in (first, second):
        with pytest.raises(RateLimited):
            await auth.login("alice", PASSWORD, "203.0.113.11")


async def test_expired_sessions_are_refused_and_logout_ends_a_session(store: Store) -> None:
    past = datetime.now(UTC) - timedelta(days=2)
    old = make_auth(store, clock=lambda: past)
    await old.add_moderator("alice", PASSWORD)
    stale = await old.login("alice", PASSWORD, "192.0.2.1")
    assert await old.session(stale.token) is None
    auth = make_auth(store)
    fresh = await auth.login("alice", PASSWORD, "192.0.2.1")
    session = await auth.session(fresh.token)
    assert session is not None
    await auth.logout(session)
    assert await auth.session(fresh.token) is None
    actions = [e.action for e in await store.list_audit()]
    assert actions.count("login") == 2
    assert "logout" in actions


async def test_csrf_and_owner_checks(store: Store) -> None:
    auth = make_auth(store)
    await auth.add_moderator("olga", PASSWORD, Role.OWNER)
    await auth.add_moderator("mo", PASSWORD, Role.MODERATOR)
    owner = (await auth.login("olga", PASSWORD, "192.0.2.1")).session
    moderator = (await auth.login("mo", PASSWORD, "192.0.2.1")).session
    AuthService.check_csrf(owner, owner.csrf_token)
    for forged in (None, "", moderator.csrf_token, owner.csrf_token + "x"):
        with pytest.raises(Forbidden):
            AuthService.check_csrf(owner, forged)
    AuthService.require_owner(owner)
    with pytest.raises(Forbidden):
        AuthService.require_owner(moderator)


async def test_moderator_names_and_passwords_are_validated(store: Store) -> None:
    auth = make_auth(store)
    with pytest.raises(ValidationError) as short:
        await auth.add_moderator("alice", "short")
    assert short.value.field == "password"
    for bad in ("", " alice", "a" * 65, "<script>", "al ice"):
        with pytest.raises(ValidationError) as name:
            await auth.add_moderator(bad, PASSWORD)
        assert name.value.field == "name"
    await auth.add_moderator("alice", PASSWORD)
    with pytest.raises(Conflict):
        await auth.add_moderator("alice", PASSWORD)
    with pytest.raises(NotFound):
        await auth.set_password("nobody", PASSWORD)


async def test_set_password_replaces_the_old_one(store: Store) -> None:
    auth = make_auth(store)
    await auth.add_moderator("alice", PASSWORD)
    await auth.set_password("alice", "a brand new passphrase")
    with pytest.raises(Forbidden):
        await auth.login("alice", PASSWORD, "192.0.2.1")
    assert (await auth.login("alice", "a brand new passphrase", "192.0.2.1")).token


async def test_a_new_password_ends_the_moderators_open_sessions(store: Store) -> None:
    """A password is changed because it leaked: whoever logged in with it must not keep a
    12-hour session (every other process reads sessions from the database, so one delete ends
    them everywhere). Other moderators' sessions stay."""
    auth = make_auth(store)
    await auth.add_moderator("alice", PASSWORD)
    await auth.add_moderator("bob", PASSWORD)
    stolen = await auth.login("alice", PASSWORD, "203.0.113.66")
    bobs = await auth.login("bob", PASSWORD, "198.51.100.7")
    await auth.set_password("alice", "a brand new passphrase")
    assert await auth.session(stolen.token) is None
    assert await auth.session(bobs.token) is not None


async def test_upgrading_a_weak_hash_at_login_keeps_the_moderators_other_sessions(store: Store) -> None:
    """The same password re-hashed with stronger parameters is no reason to log anyone out."""
    weak = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1)
    await store.add_moderator("alice", Role.MODERATOR, weak.hash(PASSWORD))
    laptop = await AuthService(store, Settings(secret_key="test"), hasher=weak).login(
        "alice", PASSWORD, "192.0.2.1"
    )
    strong = PasswordHasher(time_cost=2, memory_cost=16 * 1024, parallelism=1)
    auth = AuthService(store, Settings(secret_key="test"), hasher=strong)
    await auth.login("alice", PASSWORD, "192.0.2.2")  # re-hashes
    assert await auth.session(laptop.token) is not None


async def test_a_weak_old_hash_is_upgraded_at_login(store: Store) -> None:
    weak = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1)
    await store.add_moderator("alice", Role.MODERATOR, weak.hash(PASSWORD))
    strong = PasswordHasher(time_cost=2, memory_cost=16 * 1024, parallelism=1)
    auth = AuthService(store, Settings(secret_key="test"), hasher=strong)
    await auth.login("alice", PASSWORD, "192.0.2.1")
    stored = await store.get_moderator_by_name("alice")
    assert stored is not None
    assert not strong.check_needs_rehash(stored.password_hash)
