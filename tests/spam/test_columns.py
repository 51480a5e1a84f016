"""The column-wise signals of a batch (``spam.columns``) equal the per-comment functions they
replace (``signals.learned`` and ``signals.priors``): the same learned values, and the same
priors in the same order, since the score adds their weights in that order."""

from __future__ import annotations

import random
from typing import Any

import numpy as np
import pytest

from rejoinder.domain import Reason
from rejoinder.spam import Engine, columns, signals
from rejoinder.spam.explain import MAX_REASONS, Explainer, reasons_of_batch
from rejoinder.spam.features import extract
from rejoinder.spam.fields import read_fields, read_many
from rejoinder.spam.fold_batch import fold_many
from rejoinder.spam.lexicon import SPAM_PHRASES, SPAM_WORDS
from rejoinder.spam.normalise import prepare
from rejoinder.spam.urls import find_links
from tests.spam import golden_speed as golden

_TEXT_BITS = [
    *SPAM_PHRASES, *sorted(SPAM_WORDS), *sorted(signals.COMMERCIAL_WORDS)[:40], *golden.HOSTILE_TEXTS[:20],
    "!!!", "???", "?!?", "!?!", ".....", "....", "!!", "&amp;", "&#39;", "\ufeff", "\u200b", "\u202e", "😂",
    "саsinо", "c4sin0", "$5", "5k", "10k ", "5k.", "k", "think ", "£20", "€", "₹", "₦", "usd", "5 btc",
    "555 123 4567", "+44 20 7946 0958", "12345678", "x@y.com", "me@mailinator.com", "@john",
    "www.example.com",
    "http://bit.ly/abc", "example . com", "example dot com", "example[.]com", "example(dot)org",
    "<a href='http://x.xyz'>x</a>", "[url=http://a.top]a[/url]", "[link]", "e.g.", "S P A C E D O U T",
    "a b c d e f g h i", "THIS IS LOUD TEXT AND IT GOES ON AND ON AND ON", "\t", "\n", "  ", "Ｗ",
    "cheapflightsonline.shop", "pills-shop.xyz", "en.wikipedia.org/wiki/X", "nhs.uk/x", "中文", "ΡΑΥΡΑL",
]  # fmt: skip
_AGENTS = ["Mozilla/5.0 (X11) Firefox/120.0", "curl/8.0", "python-requests/2.31", "", "Googlebot/2.1 bot/"]
_URLS = [
    "",
    "http://example.com",
    "https://cheap-loans.xyz/x",
    "bit.ly/x",
    "not a url",
    "http://123shop99.com",
]
_AUTHORS = ["", "Anna Rossi", "cheap loans", "best casino bonus online", "www.seo.com", "john1999", "Ελένη"]
_EMAILS = ["", "anna@gmail.com", "x@mailinator.com", "not-an-email", "@"]


def _fuzzed_comments(seed: int, n: int) -> list[dict[str, Any]]:
    """Comments that set off every signal, alone and together, with odd field values."""
    rng = random.Random(seed)
    out: list[dict[str, Any]] = []
    for _ in range(n):
        sep = rng.choice([" ", "", "  ", "\n", ". "])
        comment: dict[str, Any] = {
            "comment_content": sep.join(rng.choice(_TEXT_BITS) for _ in range(rng.randint(0, 10))),
            "comment_author": rng.choice(_AUTHORS),
            "comment_author_email": rng.choice(_EMAILS),
            "comment_author_url": rng.choice(_URLS),
            "user_agent": rng.choice(_AGENTS),
        }
        if rng.random() < 0.05:
            comment["honeypot"] = "x"
        if rng.random() < 0.1:
            comment["seconds_on_page"] = rng.choice([0.5, 2.9, 3.0, 30, "1.5", None])
        if rng.random() < 0.05:
            comment["comment_type"] = rng.choice(["trackback", "pingback", "comment"])
        if rng.random() < 0.02:
            comment["comment_content"] = "Z" * 10_050
        out.append(comment)
    return out


@pytest.fixture(scope="module")
def comments() -> list[Any]:
    hostile = [{"comment_content": t, "comment_author": t[:30]} for t in golden.HOSTILE_TEXTS]
    return [*golden.sample_comments(seed=7), *golden.HOSTILE_COMMENTS, *hostile, *_fuzzed_comments(3, 2500)]


def _inputs(chunk: list[Any]) -> columns.Batch:
    fields = [read_fields(c) for c in chunk]
    prepared = [prepare(f.content) for f in fields]
    links = [find_links(p.text) for p in prepared]
    folded = fold_many([found.stripped for found in links])
    phrases, lexicon = signals.lexicon_in(folded)
    return columns.Batch(fields, prepared, links, folded, phrases, lexicon)


@pytest.mark.parametrize("size", [1, 16, 17, 256])
def test_learned_column_wise_equals_per_comment(comments: list[Any], size: int) -> None:
    for start in range(0, len(comments), size):
        batch = _inputs(comments[start : start + size])
        expected = [
            signals.learned(f, p, found, None, folded)
            for f, p, found, folded in zip(
                batch.fields, batch.prepared, batch.links, batch.folded, strict=True
            )
        ]
        assert columns.learned(batch.prepared, batch.links, batch.folded).tolist() == expected


@pytest.mark.parametrize("size", [1, 16, 17, 256])
def test_priors_column_wise_equal_per_comment_in_order(comments: list[Any], size: int) -> None:
    for start in range(0, len(comments), size):
        batch = _inputs(comments[start : start + size])
        expected = [
            signals.priors(f, p, None, found, folded, hits, hold)
            for f, p, found, folded, hits, hold in zip(
                batch.fields,
                batch.prepared,
                batch.links,
                batch.folded,
                batch.phrases,
                batch.lexicon,
                strict=True,
            )
        ]
        got = columns.priors(batch)
        assert [[(p.text, p.weight) for p in ps] for ps in got] == [
            [(p.text, p.weight) for p in ps] for ps in expected
        ]


def test_the_fuzzed_comments_set_off_every_signal(comments: list[Any]) -> None:
    """A guard on the guard: the comparisons above mean something only if each signal fires."""
    batch = _inputs(comments)
    learned = columns.learned(batch.prepared, batch.links, batch.folded)
    assert (learned.sum(axis=0) > 0).all()
    fired = {p.text.split(" (")[0].split(":")[0] for ps in columns.priors(batch) for p in ps}
    for text in [
        "filled the hidden honeypot field",
        "sent by an automated user agent",
        "a trackback",
        "look-alike letters from another script",
        "empty comment",
        "written in capitals",
        "spam vocabulary",
        "letters spaced out to hide words",
        "links to a cheap top-level domain",
        "money amounts",
        "disposable e-mail domain",
        "author name is a keyword phrase",
    ]:
        assert text in fired, text
    assert any(t.startswith("very long") for t in fired)
    assert any(t.endswith("invisible characters") for t in fired)
    assert any(t.startswith("submitted") for t in fired)


def test_fields_read_a_field_at_a_time_equal_read_one_by_one(comments: list[Any]) -> None:
    odd: list[Any] = [
        {
            "content": "short names",
            "author": "A",
            "email": " a@b.c ",
            "website": " x.org ",
            "ip": " 1.2.3.4 ",
        },
        {"comment_author": "", "author": "second name", "name": "third"},
        {"comment_author": None, "author_name": b"bytes name", "comment_author_email": 5, "url": 1.5},
        {"comment_content": "nul\x00inside", "comment_author": "x\x00y", "user_agent": "é" * 600},
        {"comment_content": 12, "comment_author": ["list"], "user_ip": True, "comment_type": "pingback"},
        {"honeypot": "  filled ", "seconds_on_page": "2.5"},
        {"honeypot": 7, "seconds_on_page": float("nan")},
        {"comment_author": "a" * 501, "comment_author_url": "\ud800x"},
    ]
    batch = [*comments[:300], *odd] * 2
    assert read_many(batch) == [read_fields(c) for c in batch]
    mixed = [*odd, "not a mapping", None, *odd]  # anything but plain dicts takes the per-comment path
    assert read_many(mixed) == [read_fields(c) for c in mixed]


def _reasons_one_by_one(
    explainer: Explainer, i: int, priors: list[signals.Prior], site_weight: float, ban: str | None
) -> tuple[Reason, ...]:
    """The per-comment explainer ``reasons_of_batch`` replaced (session 4), kept as the reference."""
    found = [(p.text, p.weight) for p in priors]
    found += explainer.dense.get(i, ())
    words = explainer.words.get(i)
    if words is not None:
        found.append(words)
    if explainer.has_text[i]:
        text = explainer.text_weight[i]
        if text >= 0.5:
            found.append(("wording typical of spam", text))
        elif text <= -0.5:
            found.append(("wording typical of genuine comments", text))
    if abs(site_weight) >= 0.3:
        kind = "spam" if site_weight > 0 else "approved comments"
        found.append((f"resembles {kind} that moderators marked on this site", site_weight))
    ranked = sorted([(-abs(weight), k) for k, (_, weight) in enumerate(found)])
    head = [Reason(ban, 10.0)] if ban else []
    return (*head, *[Reason(*found[k]) for _, k in ranked[: MAX_REASONS - len(head)]])


@pytest.mark.parametrize("ban", [None, "banned e-mail x@y.z"])
def test_reasons_of_a_batch_equal_reasons_one_by_one(
    engine: Engine, comments: list[Any], ban: str | None
) -> None:
    site_weights = [0.0, 0.29, 0.3, -0.3, -2.0, 1.5, 0.0]
    for start in range(0, 2000, 256):
        batch = extract(comments[start : start + 256], engine.model.config)
        contributions = engine.model.contributions(batch)
        learned = np.bincount(batch.rows, contributions, minlength=batch.n).astype(np.float64)
        explainer = Explainer(engine.model, batch, contributions, learned)
        site = [site_weights[i % len(site_weights)] for i in range(batch.n)]
        priors = [[*p, *([signals.Prior("a", 0.5)] * (i % 9))] for i, p in enumerate(batch.priors)]  # > 6 too
        expected = [_reasons_one_by_one(explainer, i, priors[i], site[i], ban) for i in range(batch.n)]
        assert reasons_of_batch(explainer, priors, site, ban) == expected


def test_two_equally_strong_reasons_keep_their_order(engine: Engine) -> None:
    """Two reasons are ranked without ``sort``: a tie keeps its order, whichever way each pushes,
    and only a strictly stronger second reason goes first, as the stable sort does."""
    batch = extract([{"comment_content": ""}] * 5, engine.model.config)
    contributions = engine.model.contributions(batch)
    learned = np.bincount(batch.rows, contributions, minlength=batch.n).astype(np.float64)
    explainer = Explainer(engine.model, batch, contributions, learned)
    pairs = [(0.5, 0.5), (0.5, -0.5), (-0.5, 0.5), (0.4, -0.6), (0.6, 0.4)]
    priors = [[signals.Prior("first", a), signals.Prior("second", b)] for a, b in pairs]
    expected = [_reasons_one_by_one(explainer, i, priors[i], 0.0, None) for i in range(5)]
    got = reasons_of_batch(explainer, priors, [0.0] * 5, None)
    assert got == expected
    assert [reason.text for reason in got[3]] == ["second", "first"]
    assert [reason.text for reason in got[1]] == ["first", "second"]
