"""Per-site learning: a few moderator marks stop a campaign, without hurting the site's ham."""

from __future__ import annotations

import random
from typing import Any

import numpy as np
import pytest

from rejoinder.domain import Decision
from rejoinder.spam import Engine, SiteModel, Thresholds
from rejoinder.spam.features import extract
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


# -- a site with hundreds of marks (the fitted layer, session 10) ------------------------------------
# One campaign in two wordings: moderators mark comments in the first, the test scores the second,
# which shares the campaign's words (the firm, the pension, the helpline) but no sentence and no
# word pair: no probe is a near-duplicate of a marked comment, so the sketch memory cannot catch it,
# and a layer that learns word pairs only (session 9) cannot either.
MARKED_OPENERS = [
    "Good write-up.",
    "Helpful article.",
    "Thanks for this.",
    "Clear explanation.",
    "Nice summary of the rules.",
]
MARKED_MIDDLES = [
    "My brother-in-law finally understood his pension after talking to Harbourline Wealth advisers.",
    "The advisers at Harbourline Wealth walked my aunt through the pension changes in one call.",
    "Harbourline Wealth sorted my dad's pension transfer and the call was free.",
    "One phone call with a Harbourline Wealth adviser cleared up every pension question we had.",
    "If the pension reform worries you, the Harbourline Wealth advisers explain it properly.",
    "A Harbourline Wealth adviser rang my mother back the same day about her pension.",
]
MARKED_CLOSERS = [
    "Ask for their free pension review.",
    "Give the advisers a call, it costs nothing.",
    "Worth ringing them before the deadline.",
    "Their pension helpline is open all weekend.",
]
PROBE_OPENERS = ["Wow.", "Agreed, mostly.", "Bookmarked!"]
PROBE_MIDDLES = [
    "Pension confusion? Harbourline fixed mine quickly.",
    "Harbourline people phoned back within minutes, pension paperwork done.",
    "Divorce wrecked my pension plans until Harbourline stepped in.",
    "Honestly Harbourline knows pension law better than any government leaflet.",
]
PROBE_CLOSERS = ["Ring Harbourline today.", "Their helpline changed everything."]


def two_wordings(
    n_marked: int, n_probes: int, seed: int = 5
) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    rng = random.Random(seed)

    def make(openers: list[str], middles: list[str], closers: list[str], i: int) -> dict[str, str]:
        name = rng.choice(NAMES)
        text = " ".join([rng.choice(openers), *rng.sample(middles, 2), rng.choice(closers)])
        return {
            "comment_content": text,
            "comment_author": f"{name} {rng.choice(TOWNS)}",
            "comment_author_email": f"{name.lower()}.{i}@gmail.com",
        }

    marked = [make(MARKED_OPENERS, MARKED_MIDDLES, MARKED_CLOSERS, i) for i in range(n_marked)]
    probes = [make(PROBE_OPENERS, PROBE_MIDDLES, PROBE_CLOSERS, 1000 + i) for i in range(n_probes)]
    return marked, probes


def site_with_marks(engine: Engine, spam: list[dict[str, str]], ham: list[dict[str, Any]]) -> SiteModel:
    site = engine.new_site_model()
    site.learn_many([*spam, *ham], [True] * len(spam) + [False] * len(ham))
    return site


@pytest.mark.skipif(len(handwritten("ham")) < 200, reason="needs the handwritten news comments")
def test_hundreds_of_marks_teach_a_campaign_in_new_wording(engine: Engine) -> None:
    """150 spam marks and 150 approvals: the campaign's other wording is held, the site's other ham is not."""
    marked, probes = two_wordings(150, 40)
    ham = handwritten("ham")
    pairs = set(extract(marked, engine.model.config).bigram_cols.tolist())
    assert not pairs & set(extract(probes, engine.model.config).bigram_cols.tolist()), "precondition"
    assert sum(held(engine, engine.new_site_model(), probes)) <= 8, "precondition: the base publishes it"
    site = site_with_marks(engine, marked, ham[:150])
    verdicts = engine.check_many(probes, site_model=site)
    assert not any(
        "moderator marked spam" in r.text for v in verdicts for r in v.reasons if "similar" in r.text
    )
    assert sum(v.score >= Thresholds().pending for v in verdicts) >= 0.9 * len(probes)
    assert any("marked on this site" in r.text for r in verdicts[0].reasons)
    other_ham = SITE_HAM + ham[150:]
    before = held(engine, engine.new_site_model(), other_ham)
    after = held(engine, site, other_ham)
    assert sum(a and not b for a, b in zip(after, before, strict=True)) <= 1  # of 115


def test_a_few_marks_nudge_their_campaign_and_leave_the_rest_near_the_base(engine: Engine) -> None:
    """A young site (10 marks, penalty 3 / 10): the 5 spam marks raise the campaign's other wording,
    whose words they share, but do not yet decide it, and the rest of the site's comments keep the
    base model's scores to within a few hundredths, no ham among them newly held. Until session 11
    the penalty was (30 / 10) ** 2 = 9 and 10 marks barely moved anything (under 0.05 here); on
    validation windows young sites' marks deserved more weight (bench/RESULTS.md, session 11)."""
    marked, probes = two_wordings(5, 20)
    site = site_with_marks(engine, marked, SITE_HAM)
    unrelated_ham = handwritten("ham")[:100]
    unrelated = unrelated_ham + handwritten("spam")[:50]
    base = scores(engine, engine.new_site_model(), unrelated)
    young = scores(engine, site, unrelated)
    assert np.abs(young - base).mean() < 0.01
    assert np.abs(young - base).max() < 0.15
    assert held(engine, site, unrelated_ham) == held(engine, engine.new_site_model(), unrelated_ham)
    nudged = scores(engine, site, probes) - scores(engine, engine.new_site_model(), probes)
    assert nudged.min() > 0.05  # every probe in the campaign's other wording
    assert nudged.max() < 0.5  # a nudge: a much weaker penalty (0.03) moves some by 0.68


def test_hundreds_of_marks_learn_the_same_in_any_order_and_unlearn_exactly(engine: Engine) -> None:
    marked, probes = two_wordings(150, 20)
    comments = [*marked, *SITE_HAM, *handwritten("ham")[:100]]
    labels = [True] * len(marked) + [False] * (len(comments) - len(marked))
    pairs = list(zip(comments, labels, strict=True))
    random.Random(1).shuffle(pairs)
    extra = {"comment_content": "Harbourline Wealth advisers are worth a call about your pension."}

    in_order = engine.new_site_model()
    in_order.learn_many(comments, labels)
    shuffled = engine.new_site_model()
    for comment, label in pairs[:60]:  # one by one, then the rest at once, with a mark undone between
        shuffled.learn(comment, label)
    shuffled.learn(extra, is_spam=True)
    shuffled.learn_many([c for c, _ in pairs[60:]], [label for _, label in pairs[60:]])
    assert scores(engine, shuffled, [extra]).tolist() != scores(engine, in_order, [extra]).tolist()
    assert shuffled.unlearn(extra, is_spam=True)

    probe = marked[:10] + probes + SITE_HAM  # the marks' own wording too: every weight is read
    assert np.array_equal(scores(engine, shuffled, probe), scores(engine, in_order, probe))
    assert engine.check_many(probe, site_model=shuffled) == engine.check_many(probe, site_model=in_order)


def test_a_fit_run_elsewhere_gives_exactly_the_inline_fit(engine: Engine) -> None:
    """What a server does (``services.spam_check``): snapshot, run the fit in a thread, adopt."""
    marks, probe = campaign(60, seed=5), campaign(10, seed=6)
    inline, elsewhere = engine.new_site_model(), engine.new_site_model()
    for site in (inline, elsewhere):
        site.learn_many(marks, [True] * len(marks))
    assert elsewhere.needs_fit
    job = elsewhere.fit_job()
    assert not elsewhere.needs_fit  # a fit is under way: no check starts another
    elsewhere.adopt(job, job.run())
    assert not elsewhere.needs_fit
    assert np.array_equal(scores(engine, elsewhere, probe), scores(engine, inline, probe))


def test_checks_keep_the_previous_weights_while_a_fit_runs_and_a_stale_one_is_not_adopted(
    engine: Engine,
) -> None:
    first, second, probe = campaign(40, seed=7), campaign(40, seed=8), campaign(10, seed=9)
    site, reference = engine.new_site_model(), engine.new_site_model()
    site.learn_many(first, [True] * 40)
    reference.learn_many(first, [True] * 40)
    before = scores(engine, site, probe)  # fitted inline on the first marks
    site.learn_many(second, [True] * 40)
    job = site.fit_job()
    assert np.array_equal(scores(engine, site, probe), before)  # the check did not fit in its own thread
    site.learn(SITE_HAM[1], False)  # the marks change while the job runs
    site.adopt(job, job.run())
    assert site.needs_fit  # the job's weights were not installed over the newer marks
    reference.learn_many(second, [True] * 40)
    reference.learn(SITE_HAM[1], False)
    assert np.array_equal(scores(engine, site, probe), scores(engine, reference, probe))  # now fitted on all


def test_an_abandoned_fit_is_taken_up_again_by_the_next_check(engine: Engine) -> None:
    marks, probe = campaign(40, seed=10), campaign(10, seed=11)
    site, reference = engine.new_site_model(), engine.new_site_model()
    site.learn_many(marks, [True] * 40)
    reference.learn_many(marks, [True] * 40)
    site.abandon(site.fit_job())  # e.g. the request that ran it was cancelled
    assert site.needs_fit
    assert np.array_equal(scores(engine, site, probe), scores(engine, reference, probe))
