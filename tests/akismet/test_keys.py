"""Keys: 12 characters, bound to their sites, revoked within the cache's lifetime; the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest

from rejoinder import errors
from rejoinder.services.akismet import AkismetService, InvalidKey
from rejoinder.services.api_keys import KEY_LENGTH, covers, looks_like_key, new_key
from tests.akismet.conftest import Harness
from tests.support.live_server import run_cli


def test_new_keys_are_12_lowercase_letters_and_digits_and_differ() -> None:
    keys = {new_key() for _ in range(200)}
    assert len(keys) == 200
    assert all(len(k) == KEY_LENGTH and looks_like_key(k) and k == k.lower() for k in keys)


def test_covers() -> None:
    assert covers("https://example.org", "http://www.example.org/2026/11/post")
    assert covers("https://example.org/blog/", "https://example.org/blog")
    assert not covers("https://example.org/blog", "https://example.org/blogger")
    assert not covers("https://example.org", "https://example.org.evil.com")
    assert not covers("https://example.org", "https://example.org:8443/")
    assert not covers("https://example.org", "ftp://example.org")
    assert not covers("https://example.org", "http://[::1")


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def test_revocation_elsewhere_takes_effect_within_the_cache_lifetime(harness: Harness) -> None:
    services = harness.services
    clock = FakeClock()
    service = AkismetService(services.store, services.spam, services.settings, key_ttl=5.0, clock=clock)
    api_key, site = await harness.new_key()
    await service.authorize(api_key.key, site.url)
    await services.store.revoke_api_key(api_key.key)  # another process (the CLI) revokes it
    clock.now += 4.9
    await service.authorize(api_key.key, site.url)  # still cached
    clock.now += 0.2
    with pytest.raises(InvalidKey, match="revoked"):
        await service.authorize(api_key.key, site.url)


async def test_creating_a_key_for_a_bad_url_says_so(harness: Harness) -> None:
    with pytest.raises(errors.ValidationError, match="full http"):
        await harness.services.akismet.keys.create("example.org")


def test_the_keys_command(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path}/keys.db"
    created = run_cli(
        "keys", "create", "--site", "https://news.example.com", "--allow", "https://m.example.com", db_url=db
    )
    key = created.stdout.strip().splitlines()[-1]
    assert looks_like_key(key)
    again = run_cli("keys", "create", "--site", "https://news.example.com/", "--name", "News", db_url=db)
    second = again.stdout.strip().splitlines()[-1]
    assert second != key
    assert "site 1 " in again.stdout  # the existing site, not a new one
    listed = run_cli("keys", "list", db_url=db).stdout
    assert key in listed
    assert second in listed
    assert "https://m.example.com" in listed
    revoked = run_cli("keys", "revoke", key, db_url=db)
    assert f"revoked {key}" in revoked.stdout
    assert "revoked 20" in run_cli("keys", "list", db_url=db).stdout
    bad = run_cli("keys", "create", "--site", "not-a-url", db_url=db, check=False)
    assert bad.returncode != 0
    assert "full http(s) URL" in bad.stderr
    unknown = run_cli("keys", "revoke", "nosuchkey123", db_url=db, check=False)
    assert unknown.returncode != 0
    assert "no such API key" in unknown.stderr
