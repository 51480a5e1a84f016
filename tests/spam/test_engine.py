"""The shipped engine: decisions, reasons, context, batches, and the data artefacts it must resist."""

from __future__ import annotations

import gc
from typing import Any

import pytest

from rejoinder.domain import Decision, Verdict
from rejoinder.spam import Engine, SiteContext, Thresholds, decide
from tests.spam.conftest import ANGRY_POLITICAL, BLAND_PRAISE_SEO

PLAIN = {
    "comment_content": (
        "I disagree with the author about the bridge, but the photos of the old harbour are lovely."
    ),
    "comment_author": "Tom Baker",
    "comment_author_email": "tom.baker@outlook.com",
}
CASINO = {
    "comment_content": "Best online casino bonus!!! Win real money fast at www.lucky-casino-bonus.xyz",
    "comment_author": "casino bonus",
}


def texts(verdict: Verdict) -> list[str]:
    return [r.text for r in verdict.reasons]


def test_verdict_shape(engine: Engine) -> None:
    verdict = engine.check(PLAIN)
    assert 0.0 <= verdict.score <= 1.0
    assert isinstance(verdict.decision, Decision)
    assert all(isinstance(r.text, str) and r.text for r in verdict.reasons)
    assert len(verdict.reasons) <= 6


def test_ordinary_comment_is_ham(engine: Engine) -> None:
    assert engine.check(PLAIN).decision is Decision.HAM


def test_obvious_spam_is_spam_with_reasons(engine: Engine) -> None:
    verdict = engine.check(CASINO)
    assert verdict.decision in (Decision.SPAM, Decision.DISCARD)
    joined = " | ".join(texts(verdict))
    assert "casino" in joined
    assert verdict.reasons[0].weight > 0


def test_long_angry_political_comment_with_website_and_gmail_is_ham(engine: Engine) -> None:
    """The artefact a naive model learns: 'has a website => spam', 'long => spam'."""
    verdict = engine.check(ANGRY_POLITICAL)
    assert verdict.decision is Decision.HAM, verdict


def test_bland_praise_from_a_keyword_author_with_commercial_site_is_not_ham(engine: Engine) -> None:
    verdict = engine.check(BLAND_PRAISE_SEO)
    assert verdict.decision is not Decision.HAM, verdict
    assert any("keyword phrase" in t for t in texts(verdict))


@pytest.mark.parametrize(
    "comment",
    [
        {"content": "Totally agree with Maria above. The new bus timetable is a mess, my son waits 40 mins."},
        {"content": "Source? The figures in paragraph three don't match the ONS release I read today."},
        {
            "content": "RIP. He coached my brother's team for years and never missed a Saturday.",
            "author": "Dee",
        },
        {"content": "lol the comments section is wild today", "author": "k8"},
    ],
)
def test_unseen_news_comments_are_ham(engine: Engine, comment: dict[str, Any]) -> None:
    assert engine.check(comment).decision is Decision.HAM


def test_honeypot_is_discarded_and_named(engine: Engine) -> None:
    verdict = engine.check({**PLAIN, "honeypot": "http://x.y"})
    assert verdict.decision is Decision.DISCARD
    assert verdict.reasons[0].text == "filled the hidden honeypot field"


def test_too_fast_submission_is_named_with_its_time(engine: Engine) -> None:
    verdict = engine.check({**PLAIN, "seconds_on_page": 1.23})
    assert "submitted 1.2 s after page load" in texts(verdict)
    assert verdict.score > engine.check(PLAIN).score


def test_ban_forces_spam_and_comes_first(engine: Engine) -> None:
    verdict = engine.check(PLAIN, context=SiteContext(ban="banned e-mail tom.baker@outlook.com"))
    assert verdict.decision is Decision.SPAM
    assert verdict.reasons[0].text == "banned e-mail tom.baker@outlook.com"
    assert verdict.score >= Thresholds().spam


def test_context_signals_move_the_score(engine: Engine) -> None:
    base = engine.check(ANGRY_POLITICAL).score
    duplicated = engine.check(ANGRY_POLITICAL, context=SiteContext(duplicates_on_site=4))
    assert duplicated.score > base
    assert "same text posted 4 times on this site recently" in texts(duplicated)
    new_domain = engine.check(ANGRY_POLITICAL, context=SiteContext(author_url_host_seen=0))
    assert "website field points at a newly seen domain" in texts(new_domain)
    known = engine.check(ANGRY_POLITICAL, context=SiteContext(author_url_host_seen=5))
    assert known.score < base
    trusted = engine.check(CASINO, context=SiteContext(author_trusted=True))
    assert trusted.score < engine.check(CASINO).score
    assert "a previously approved commenter" in texts(trusted)


def test_no_website_means_no_website_context(engine: Engine) -> None:
    verdict = engine.check(PLAIN, context=SiteContext(author_url_host_seen=0))
    assert "website field points at a newly seen domain" not in texts(verdict)


def test_thresholds_decide() -> None:
    t = Thresholds(pending=0.3, spam=0.6, discard=0.9)
    assert [decide(s, t) for s in (0.1, 0.3, 0.6, 0.9)] == [
        Decision.HAM,
        Decision.PENDING,
        Decision.SPAM,
        Decision.DISCARD,
    ]
    assert decide(0.0, t, blatant=True) is Decision.DISCARD
    assert decide(0.0, t, banned=True) is Decision.SPAM


@pytest.mark.parametrize(
    ("pending", "spam", "discard"), [(0.9, 0.5, 0.99), (-0.1, 0.5, 0.9), (0.5, 0.9, 1.5)]
)
def test_bad_thresholds_are_refused(pending: float, spam: float, discard: float) -> None:
    with pytest.raises(ValueError, match="thresholds"):
        Thresholds(pending=pending, spam=spam, discard=discard)


def test_site_thresholds_change_the_decision_not_the_score(engine: Engine) -> None:
    strict = engine.check(PLAIN, thresholds=Thresholds(pending=0.0, spam=0.99, discard=1.0))
    assert strict.decision is Decision.PENDING
    assert strict.score == engine.check(PLAIN).score


def test_check_many_equals_check_one_by_one(engine: Engine) -> None:
    comments = [PLAIN, CASINO, ANGRY_POLITICAL, BLAND_PRAISE_SEO, {}, {"content": 5}]
    context = SiteContext(author_url_host_seen=0)
    assert engine.check_many(comments, context=context) == [
        engine.check(c, context=context) for c in comments
    ]
    assert engine.check_many([]) == []


def test_load_is_cached_and_explicit_path_works(engine: Engine) -> None:
    from rejoinder.spam.engine import DEFAULT_MODEL

    assert Engine.load() is engine
    assert Engine.load(DEFAULT_MODEL) is engine
    assert engine.manifest["format"] == "rejoinder-spam-model"


OBFUSCATIONS = {
    "homoglyphs": lambda t: t.replace("a", "а").replace("o", "о").replace("e", "е"),  # Cyrillic
    "zero-width": lambda t: "\u200b".join(t[i : i + 3] for i in range(0, len(t), 3)),
    "spaced-url": lambda t: t.replace(".com", " . com").replace(".xyz", " dot xyz"),
    "leetspeak": lambda t: t.replace("o", "0").replace("e", "3").replace("a", "4"),
    "fullwidth": lambda t: "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in t),
}
SPAM_TEXTS = [
    "Earn money from home, I made $5000 last week, visit www.easy-cash-now.com to start today",
    "Best online casino bonus, win real money fast at lucky-casino-bonus.xyz",
    "Cheap viagra and cialis without prescription, order now at pharmacy-deals.com",
    "Check out my channel and subscribe, I subscribe back!",
]


@pytest.mark.parametrize("trick", sorted(OBFUSCATIONS))
def test_obfuscated_spam_scores_close_to_the_clean_copy(engine: Engine, trick: str) -> None:
    for text in SPAM_TEXTS:
        clean = engine.check({"content": text}).score
        dirty = engine.check({"content": OBFUSCATIONS[trick](text)}).score
        assert clean >= 0.5, text
        assert dirty >= clean - 0.1, (trick, text, clean, dirty)


@pytest.mark.parametrize(
    "content",
    [
        "Cheap viagra at pills-shop.xyz",
        "Hot local singles want to meet you tonight, sign up free at datenow.xyz",
        "Instant payday loans, no credit check, approval in minutes. Apply at quickcash.click",
    ],
)
def test_commercial_spam_the_corpora_lack_is_held(engine: Engine, content: str) -> None:
    assert engine.check({"content": content}).score >= Thresholds().spam


def test_word_reasons_weigh_what_the_score_adds_up_for_a_unit_rows_model() -> None:
    """With ``unit_rows`` the model scales each comment's n-grams before weighing them; the
    "words: ..." reason must report the scaled weights the score used, not the raw ones."""
    import numpy as np

    from rejoinder.spam import SpamModel
    from rejoinder.spam.features import extract

    spam = "casino bonus now"  # short: its words keep a visible share of the scaled n-grams
    ham = "The council should publish the minutes of the planning meeting before the vote."
    rows = [{"comment_content": t + f" {n}"} for n in range(20) for t in (spam, ham)]
    model = SpamModel(unit_rows=True).fit(rows, [1, 0] * 20)
    comment = {"comment_content": spam}
    reason = next(r for r in Engine(model).check(comment).reasons if r.text.startswith("words: "))
    batch = extract([comment], model.config)
    contributions = model.contributions(batch)
    start = batch.word_start
    best: dict[str, float] = {}
    for j, (begin, end) in enumerate(zip(batch.words.begin.tolist(), batch.words.end.tolist(), strict=True)):
        word = batch.joined[begin:end]
        best[word] = max(best.get(word, -np.inf), float(contributions[start + j]))
    named = reason.text.removeprefix("words: ").split(", ")
    assert reason.weight == pytest.approx(sum(best[w] for w in named))


@pytest.mark.parametrize(("word", "named"), [("your", False), ("with", False), ("yours", True)])
def test_the_words_reason_leaves_out_stop_words(word: str, named: bool) -> None:
    """A stop word that pushed hardest is still not named as a clue; a word that is not one, in
    the same place, is (so the comment really has a word heavy enough to name)."""
    from rejoinder.spam import SpamModel
    from rejoinder.spam.features import extract

    spam = f"{word} casino bonus now"
    ham = "casino bonus now: the council meets tonight"  # everything but ``word`` is not spam's
    rows = [{"comment_content": t + f" {n}"} for n in range(20) for t in (spam, ham)]
    model = SpamModel(unit_rows=True).fit(rows, [1, 0] * 20)
    comment = {"comment_content": spam}
    batch = extract([comment], model.config)
    weights = model.contributions(batch)[batch.word_start :].tolist()
    heaviest = max(range(len(batch.words.row)), key=weights.__getitem__)
    begin, end = int(batch.words.begin[heaviest]), int(batch.words.end[heaviest])
    assert (batch.joined[begin:end], weights[heaviest] > 0.08) == (word, True)
    clues = [r.text for r in Engine(model).check(comment).reasons if r.text.startswith("words: ")]
    assert clues == ([f"words: {word}"] if named else []), clues


class _Watching(dict[str, Any]):
    """A comment that notes, each time the engine reads it, whether the cyclic collector runs."""

    seen: list[bool]

    def get(self, key: str, default: Any = None) -> Any:
        _Watching.seen.append(gc.isenabled())
        if key == "comment_content" and self.get_raises:
            raise RuntimeError("unreadable comment")
        return super().get(key, default)

    get_raises = False


def test_a_batch_pauses_the_cyclic_collector_and_restores_it(engine: Engine) -> None:
    _Watching.seen = []
    engine.check_many([_Watching(PLAIN) for _ in range(20)])
    assert _Watching.seen
    assert not any(_Watching.seen)  # paused while the batch was read
    assert gc.isenabled()
    _Watching.seen = []
    engine.check(_Watching(PLAIN))
    assert _Watching.seen
    assert all(_Watching.seen)  # a single check leaves it alone


def test_a_collector_turned_off_stays_off_and_an_error_restores_it(engine: Engine) -> None:
    gc.disable()
    try:
        engine.check_many([PLAIN] * 20)
        assert not gc.isenabled()
    finally:
        gc.enable()
    failing = _Watching(PLAIN)
    failing.get_raises = True
    with pytest.raises(RuntimeError):
        engine.check_many([PLAIN] * 19 + [failing])
    assert gc.isenabled()


def test_batch_decisions_equal_decide() -> None:
    from rejoinder.spam.engine import _decisions

    scores = [0.0, 0.3, 0.4999, 0.5, 0.7, 0.9, 0.95, 0.995, 0.999, 1.0]
    for thresholds in (Thresholds(), Thresholds(0.3, 0.7, 0.95), Thresholds(0.5, 0.5, 0.5)):
        for blatant in ([False] * len(scores), [True, False] * (len(scores) // 2)):
            for banned in (False, True):
                expected = [
                    decide(s, thresholds, blatant=b, banned=banned)
                    for s, b in zip(scores, blatant, strict=True)
                ]
                assert _decisions(scores, blatant, thresholds, banned=banned) == expected


def test_a_honeypot_in_a_large_batch_discards_that_comment_only(engine: Engine) -> None:
    """Batches look for the honeypot signal across all their priors first (``_blatant_many``):
    the one comment that filled it is discarded, its neighbours are scored as alone."""
    batch = [dict(PLAIN) for _ in range(40)]
    batch[17] = {**PLAIN, "honeypot": "x"}
    verdicts = engine.check_many(batch)
    assert verdicts[17].decision is Decision.DISCARD
    assert [v for i, v in enumerate(verdicts) if i != 17] == [engine.check(PLAIN)] * 39


def test_a_strangers_bare_link_waits_for_a_moderator_and_a_trusted_readers_does_not(engine: Engine) -> None:
    """The shipped model alone published a comment that is only a link (0.21): the prior holds it."""
    bare = {"comment_content": "https://www.facebook.com/antrobofficial", "comment_author": "Grace R"}
    verdict = engine.check(bare)
    assert verdict.decision is Decision.PENDING
    assert "nothing but a link" in texts(verdict)
    trusted = engine.check(bare, context=SiteContext(author_trusted=True))
    assert trusted.decision is Decision.HAM


@pytest.mark.parametrize(
    ("author", "website"),
    [
        ("Cheap Viagra", "http://pills-shop.example"),
        ("Casino Bonus", "https://casino-bonus.example"),
        ("Buy Cheap Viagra Online", "http://cheap-viagra-pills.example"),
    ],
)
def test_spam_in_the_name_and_website_is_held_whatever_the_bland_body(
    engine: Engine, author: str, website: str
) -> None:
    """Spam lives in the name and website fields, not the body (a competitor's users' complaint):
    "Great article!" read as genuine outweighed each signal alone and the comment was published."""
    comment = {
        "comment_content": "Great article, thanks!",
        "comment_author": author,
        "comment_author_url": website,
    }
    verdict = engine.check(comment)
    assert verdict.decision is not Decision.HAM
    assert "a keyword-phrase name linking a website named to sell" in texts(verdict)


def test_a_reader_with_a_website_and_a_bland_body_stays_published(engine: Engine) -> None:
    comment = {
        "comment_content": "Great article, thanks!",
        "comment_author": "Maria Keller",
        "comment_author_url": "https://mariakeller.example",
    }
    assert engine.check(comment).decision is Decision.HAM
