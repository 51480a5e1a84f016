"""Per-site learning: a few moderator marks stop a campaign, without hurting the site's ham."""

from __future__ import annotations

import random

import numpy as np
import pytest

from rejoinder.domain import Decision
from rejoinder.spam import Engine, Thresholds
from tests.spam.conftest import ANGRY_POLITICAL, handwritten

# A campaign the base model lets through: polite, on-topic, no links in the text, plausible names.
OPENERS = ["Really useful overview.", "Thanks for explaining this.", "Good piece.", "Interesting read."]
NAMES = ["Laura", "Peter", "Sam", "Nadia", "Chris", "Olga", "Ravi", "Jen", "Mark", "Lucy"]
TOWNS = ["Leeds", "Bristol", "York", "Derby", "Hull"]


def campaign(n: int, seed: int = 3) -> list[dict[str, str]]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        name = rng.choice(NAMES)
        out.append(
            {
                "comment_content": (
                    f"{rng.choice(OPENERS)} My neighbour in {rng.choice(TOWNS)} sorted out her pension "
                    f"worries after one call with the advisers at Harbourline Wealth, they explained the "
                    f"new rules better than any article. Worth a call if you are confused by the changes."
                ),
                "comment_author": f"{name} {i}",
                "comment_author_email": f"{name.lower()}{i}@gmail.com",
            }
        )
    return out


SITE_HAM = [
    ANGRY_POLITICAL,
    {"content": "The pension changes will hit part-time workers hardest, and the article should say so."},
    {"content": "My mum's pension was cut by a third after the last reform. Nobody explained it to her."},
    {"content": "Thanks for explaining this, the table of the new rules is really useful."},
    {"content": "Interesting read. I called my council twice about the bins and nobody answered."},
]


def held(engine: Engine, site: object, comments: list[dict[str, str]]) -> list[bool]:
    verdicts = engine.check_many(comments, site_model=site)  # type: ignore[arg-type]
    return [v.score >= Thresholds().pending for v in verdicts]


def test_five_marks_hold_the_rest_of_a_campaign_without_new_false_positives(engine: Engine) -> None:
    comments = campaign(50)
    base = engine.new_site_model()
    assert sum(held(engine, base, comments)) <= 20, "precondition: the base model lets most of it through"
    ham = SITE_HAM + handwritten("ham")
    ham_held_before = held(engine, base, ham)

    site = engine.new_site_model()
    for comment in comments[:5]:
        site.learn(comment, is_spam=True)
    assert site.n_learned == 5
    rest = held(engine, site, comments[5:])
    assert sum(rest) >= 0.9 * len(rest)
    newly_held = [
        c
        for c, before, after in zip(ham, ham_held_before, held(engine, site, ham), strict=True)
        if after and not before
    ]
    assert newly_held == []


def test_near_duplicate_of_marked_spam_is_explained(engine: Engine) -> None:
    site = engine.new_site_model()
    comments = campaign(3)
    site.learn(comments[0], is_spam=True)
    verdict = engine.check(comments[1], site_model=site)
    assert any("similar to a comment a moderator marked spam" in r.text for r in verdict.reasons)


def test_a_marked_website_host_is_remembered(engine: Engine) -> None:
    site = engine.new_site_model()
    site.learn({"content": "nice post", "author_url": "http://promo-host.example"}, is_spam=True)
    verdict = engine.check(
        {"content": "very different words here", "author_url": "https://promo-host.example/x"},
        site_model=site,
    )
    assert "website promo-host.example was marked spam 1 times here" in [r.text for r in verdict.reasons]


def test_marking_ham_lowers_similar_comments(engine: Engine) -> None:
    site = engine.new_site_model()
    comment = {"content": "Check out the photos from the harbour festival, my channel has the full set"}
    before = engine.check(comment).score
    site.learn(comment, is_spam=False)
    assert engine.check(comment, site_model=site).score < before


def scores(engine: Engine, site: object, comments: list[dict[str, str]]) -> np.ndarray:
    return np.array([v.score for v in engine.check_many(comments, site_model=site)])  # type: ignore[arg-type]


def test_unlearn_is_an_exact_undo(engine: Engine) -> None:
    a, b, c = campaign(3)
    probe = campaign(8, seed=9) + SITE_HAM

    with_b = engine.new_site_model()
    for comment, label in ((a, True), (b, True), (c, False)):
        with_b.learn(comment, is_spam=label)
    assert with_b.unlearn(b, is_spam=True) is True
    assert with_b.n_learned == 2

    never_b = engine.new_site_model()
    never_b.learn(a, is_spam=True)
    never_b.learn(c, is_spam=False)
    assert np.array_equal(scores(engine, with_b, probe), scores(engine, never_b, probe))
    assert engine.check_many(probe, site_model=with_b) == engine.check_many(probe, site_model=never_b)


def test_unlearning_everything_restores_the_base_model(engine: Engine) -> None:
    site = engine.new_site_model()
    comments = campaign(4)
    for comment in comments:
        site.learn(comment, is_spam=True)
    for comment in reversed(comments):
        assert site.unlearn(comment, is_spam=True)
    assert site.n_learned == 0
    probe = comments + SITE_HAM
    assert engine.check_many(probe, site_model=site) == engine.check_many(probe)


def test_unlearn_of_something_never_learned_changes_nothing(engine: Engine) -> None:
    site = engine.new_site_model()
    a, b = campaign(2)
    site.learn(a, is_spam=True)
    assert site.unlearn(a, is_spam=False) is False  # learned as spam, not as ham
    assert site.unlearn(b, is_spam=True) is False
    assert site.n_learned == 1


@pytest.mark.parametrize(
    "bad", [{}, {"content": None}, {"content": "\x00\ud800" * 10}, {"content": "x" * 1_000_000}]
)
def test_learning_odd_comments_never_crashes(engine: Engine, bad: dict[str, object]) -> None:
    site = engine.new_site_model()
    site.learn(bad, is_spam=True)
    assert engine.check(bad, site_model=site).decision in set(Decision)
    assert site.unlearn(bad, is_spam=True)


def test_learning_many_at_once_is_learning_them_one_by_one(engine: Engine) -> None:
    # More than one extraction chunk, odd comments included: the replay path a process takes at start.
    comments = [
        *campaign(300),
        *SITE_HAM,
        *handwritten("ham")[:200],
        {},
        {"content": ""},
        {"content": "x" * 5000},
    ]
    labels = [i % 3 != 0 for i in range(len(comments))]

    together = engine.new_site_model()
    together.learn_many(comments, labels)
    apart = engine.new_site_model()
    for comment, label in zip(comments, labels, strict=True):
        apart.learn(comment, is_spam=label)

    assert together.n_learned == apart.n_learned == len(comments)
    probe = campaign(20, seed=11) + SITE_HAM
    assert engine.check_many(probe, site_model=together) == engine.check_many(probe, site_model=apart)
    assert np.array_equal(scores(engine, together, probe), scores(engine, apart, probe))
