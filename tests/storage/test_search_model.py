"""``search_comments`` against a reference model: random comments, random filters, same answers.

The reference is a few lines of Python over the inserted comments; the store must agree with it on
every filter combination, on both backends. Data is ASCII so that SQLite's ASCII-only ``lower()``
and PostgreSQL's ``ILIKE`` mean the same thing.
"""

from __future__ import annotations

import ipaddress
import random
from datetime import datetime

from rejoinder.domain import Comment, CommentStatus, Decision
from rejoinder.storage import Store
from rejoinder.storage.base import CommentFilter
from tests.storage.helpers import add_comment

NAMES = ["Ada", "ada lovelace", "Bob", "Bobby_Tables", "carol", "100% Dan", ""]
EMAILS = ["ada@example.org", "ADA@Example.org", "bob@example.org", "c_d@example.net", ""]
WORDS = ["spam", "ham", "100%", "snake_case", "Cheap", "watches", "reply", "a_b"]
IPS = ["203.0.113.0", "203.0.112.0", "198.51.100.0", "10.1.2.0", "2001:db8:abcd::", "2001:db9:1::", ""]
NETWORKS = ["203.0.113.0/24", "203.0.112.0/23", "203.0.0.0/16", "10.0.0.0/8", "198.51.100.0/30",
            "0.0.0.0/0", "2001:db8::/32", "2001:db8::/30", "203.0.113.", "10."]  # fmt: skip


def matches(c: Comment, site_of: dict[int, int], f: CommentFilter) -> bool:
    def has(field: str, needle: str) -> bool:
        return needle.lower() in field.lower()

    assert c.created_at is not None
    checks = [
        f.site_id is None or site_of[c.thread_id] == f.site_id,
        f.thread_id is None or c.thread_id == f.thread_id,
        not f.statuses or c.status in f.statuses,
        f.decision is None or c.decision is f.decision,
        not f.author or has(c.author_name, f.author),
        not f.email or c.author_email.lower() == f.email.lower(),
        not f.text or any(has(x, f.text) for x in (c.text, c.author_name, c.author_email, c.author_url)),
        not f.ip_network or in_network(c.ip, f.ip_network),
        f.since is None or c.created_at >= f.since,
        f.until is None or c.created_at < f.until,
    ]
    return all(checks)


def in_network(ip: str, network: str) -> bool:
    if not ip:
        return False
    if "/" not in network:
        return ip.startswith(network)
    try:
        return ipaddress.ip_address(ip) in ipaddress.ip_network(network, strict=False)
    except TypeError:  # an IPv4 address against an IPv6 network, or the reverse
        return False


async def test_search_agrees_with_a_reference_model(store: Store) -> None:
    rng = random.Random(20261128)
    sites = [await store.create_site(f"Site {i}", f"https://s{i}.example") for i in range(2)]
    threads = [await store.get_or_create_thread(s.id, f"/t{j}") for s in sites for j in range(2)]
    site_of = {t.id: t.site_id for t in threads}
    made: list[Comment] = []
    for _ in range(40):
        status = rng.choice(list(CommentStatus))
        made.append(
            await add_comment(
                store,
                rng.choice(threads),
                author_name=rng.choice(NAMES),
                author_email=rng.choice(EMAILS),
                author_url=rng.choice(["", "https://watches.example/x", "http://ada.example.org"]),
                text=" ".join(rng.choices(WORDS, k=3)),
                status=status,
                decision=rng.choice(list(Decision)),
                ip=rng.choice(IPS),
            )
        )
    times = sorted(c.created_at for c in made if c.created_at is not None)
    for _ in range(150):
        flt = random_filter(rng, sites=[s.id for s in sites], threads=[t.id for t in threads], times=times)
        page = await store.search_comments(flt)
        expected = [c.id for c in reversed(made) if matches(c, site_of, flt)]
        assert [c.id for c, _ in page.items] == expected, flt
        assert page.total == len(expected), flt


def random_filter(
    rng: random.Random, *, sites: list[int], threads: list[int], times: list[datetime]
) -> CommentFilter:
    def maybe(value: object, chance: float = 0.3) -> object:
        return value if rng.random() < chance else None

    since, until = sorted(rng.sample(times, 2))
    return CommentFilter(
        site_id=maybe(rng.choice(sites)),  # type: ignore[arg-type]
        thread_id=maybe(rng.choice(threads), 0.15),  # type: ignore[arg-type]
        statuses=tuple(rng.sample(list(CommentStatus), rng.randint(1, 2))) if rng.random() < 0.3 else (),
        decision=maybe(rng.choice(list(Decision)), 0.2),  # type: ignore[arg-type]
        author=rng.choice(["", "", "ada", "BOB", "_", "%", "100%"]),
        email=rng.choice(["", "", "", "ada@example.org", "Bob@Example.org"]),
        ip_network=rng.choice(["", "", "", *NETWORKS]),
        text=rng.choice(["", "", "", "cheap", "100%", "_", "a_b", "example.org", "SNAKE"]),
        since=maybe(since, 0.2),  # type: ignore[arg-type]
        until=maybe(until, 0.2),  # type: ignore[arg-type]
        limit=500,
    )
