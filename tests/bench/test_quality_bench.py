"""The quality benchmark's own machinery: splits, obfuscation, and the SpamAssassin baseline.

A benchmark that leaks test rows into training, obfuscates nothing, or mis-trains a baseline
produces confident wrong numbers; these tests pin the properties the published tables rely on.
"""

from __future__ import annotations

import random
import shutil
import unicodedata

import numpy as np
import pytest

from bench.baselines import spamassassin
from bench.obfuscate import TECHNIQUES, homoglyphs, obfuscate, spaced_urls, zero_width
from bench.quality.corpora import comment, duplicate_key, labels
from bench.quality.splits import chronological, grouped_kfold, time_order


def _rows(n: int) -> list[dict[str, object]]:
    texts = ["buy cheap followers now", "lovely song", "check my channel", "great video thanks"]
    return [
        {
            "id": f"r{i}",
            "content": texts[i % 4] + ("" if i % 3 else f" #{i}"),
            "label": "spam" if i % 2 else "ham",
        }
        for i in range(n)
    ]


def test_grouped_kfold_partitions_rows_and_keeps_duplicates_together() -> None:
    rows = _rows(120)
    y = labels(rows)
    folds = grouped_kfold(rows, y, k=5)
    tested = np.concatenate([f.test for f in folds])
    assert sorted(tested.tolist()) == list(range(120))
    for fold in folds:
        assert not set(fold.train) & set(fold.test)
        train_keys = {duplicate_key(str(rows[i]["content"])) for i in fold.train}
        assert not train_keys & {duplicate_key(str(rows[i]["content"])) for i in fold.test}


def test_time_order_reads_newest_first_files_backwards_and_keeps_undated_rows_in_place() -> None:
    rows = [
        {"id": "a", "date": "2015-03-01"},
        {"id": "b", "date": ""},  # undated, between March and February
        {"id": "c", "date": "2015-02-01"},
        {"id": "d", "date": "2015-01-01"},
    ]
    assert [rows[i]["id"] for i in time_order(rows, [0, 1, 2, 3])] == ["d", "c", "b", "a"]


def test_chronological_trains_on_the_earliest_rows_of_each_source() -> None:
    rows = [
        {"id": f"{s}{i}", "source": s, "date": f"2015-01-{i + 1:02d}", "content": "x", "label": "ham"}
        for s in ("v1", "v2")
        for i in range(10)
    ]
    for split in chronological(rows):
        train_dates = [rows[i]["date"] for i in split.train]
        test_dates = [rows[i]["date"] for i in split.test]
        assert (len(train_dates), len(test_dates)) == (7, 3)
        assert max(train_dates) < min(test_dates)
        assert {rows[i]["source"] for i in (*split.train, *split.test)} == {split.name}


def test_only_comment_fields_reach_a_system() -> None:
    row = {
        "id": "x",
        "label": "spam",
        "source": "youtube:abc",
        "date": "2015",
        "content": "hi",
        "author": "a",
    }
    assert comment(row) == {"content": "hi", "author": "a"}


@pytest.mark.parametrize("technique", list(TECHNIQUES))
def test_obfuscation_changes_the_text_deterministically(technique: str) -> None:
    spam = {
        "content": "Check out my channel at www.example.com and subscribe for free money",
        "author": "Promo",
    }
    first = obfuscate(spam, technique)
    assert first == obfuscate(spam, technique)
    assert first["content"] != spam["content"]
    assert spam["content"].startswith("Check")  # the input is not modified


def test_character_tricks_leave_urls_working() -> None:
    text = "subscribe to www.example.com/channel today"
    for transform in (homoglyphs, zero_width):
        out = transform(text, random.Random(1))
        assert "www.example.com/channel" in out


def test_homoglyphs_are_not_plain_ascii_but_look_alike() -> None:
    out = homoglyphs("free bitcoin offer", random.Random(3), rate=1.0)
    assert all(ord(ch) > 127 for ch in out if ch != " ")
    assert len(out) == len("free bitcoin offer")
    assert unicodedata.normalize("NFKC", out) != "free bitcoin offer"  # not all undone by NFKC alone


def test_zero_width_characters_are_invisible_format_characters() -> None:
    out = zero_width("subscribe channel", random.Random(2), rate=1.0)
    hidden = [ch for ch in out if ch not in "subscribe channel"]
    assert hidden
    assert all(unicodedata.category(ch) == "Cf" for ch in hidden)


def test_spaced_urls_break_the_domain_pattern() -> None:
    out = spaced_urls("visit http://www.example.com now", random.Random(0))
    assert "example.com" not in out
    assert "example" in out
    assert "http://" not in out


@pytest.mark.skipif(not spamassassin.available(), reason="the Debian spamassassin package is not installed")
@pytest.mark.slow
def test_spamassassin_cross_validation_by_forgetting_equals_training_on_the_rest() -> None:
    """The fast path (learn all, forget a fold) must give the very scores of training on the rest."""
    spam = [f"cheap pills offer {i} buy now www.pills{i % 3}.example.com" for i in range(12)]
    ham = [f"nice article about the city council meeting number {i}" for i in range(12)]
    comments = [{"content": t} for t in spam + ham] + [{"content": spam[0]}]  # one duplicate text
    y = [1] * 12 + [0] * 12 + [1]
    test_fold = [0, 5, 13, 20, 24]
    train = [i for i in range(len(comments)) if i not in test_fold]
    system = spamassassin.SpamAssassinBayes()
    extra = [{"content": "buy cheap pills now"}]
    (by_forgetting,) = system.fit_score_folds(comments, y, [(test_fold, extra)])
    direct = system.fit_score(
        [comments[i] for i in train], [y[i] for i in train], [comments[i] for i in test_fold] + extra
    )
    np.testing.assert_array_equal(by_forgetting, direct)
    assert by_forgetting[0] > 0.9  # spam is recognised: training really happened
    assert by_forgetting[3] < 0.1


@pytest.mark.skipif(
    shutil.which("sa-learn") is None, reason="the Debian spamassassin package is not installed"
)
def test_emails_are_unique_per_row_even_for_duplicate_texts() -> None:
    """SpamAssassin skips messages it has 'seen'; identical comments must still be separate mails."""
    a = spamassassin.to_email({"content": "same text"}, 1)
    b = spamassassin.to_email({"content": "same text"}, 2)
    assert a != b
    assert b"Message-ID: <1@" in a
    assert a.split(b"\n\n", 1)[1] == b.split(b"\n\n", 1)[1]


def test_site_layer_base_never_holds_a_collection_text_and_strict_drops_the_shared_videos() -> None:
    from bench.quality import site_layer

    keys = site_layer.collection_keys()
    for strict in (False, True):
        sources, dropped = site_layer.base_sources(strict=strict)
        assert site_layer.COLLECTION not in sources
        assert dropped["youtube_spam_extra"] > 0  # the extra set repeats a few collection texts
        for rows in sources.values():
            assert not {duplicate_key(str(r.get("content") or "")) for r in rows} & keys
        shared = [
            r for r in sources["youtube_spam_extra"] if r["source"].startswith(site_layer.SHARED_VIDEOS)
        ]
        assert bool(shared) is not strict


def test_site_layer_learns_the_training_rows_of_the_split() -> None:
    from bench.quality.site_layer import BasePlusSite
    from rejoinder.spam import SpamModel

    base = SpamModel(bits=14, epochs=4).fit(
        [{"content": "buy cheap pills now"}, {"content": "a fine article, thanks"}] * 10, [1, 0] * 10
    )
    campaign = [
        {"content": f"subscribe to my channel for daily gaming videos, friend number {i}"} for i in range(8)
    ]
    test = [{"content": "subscribe to my channel for daily gaming videos, friend number 99"}]
    before = BasePlusSite(base=base).fit_score([], [], test)
    after = BasePlusSite(base=base).fit_score(campaign, [1] * len(campaign), test)
    assert after[0] > before[0] + 0.3
    assert (
        BasePlusSite(base=base).fit_score(campaign, [1] * len(campaign), test)[0] == after[0]
    )  # fresh per split


def _site_rows() -> list[dict[str, object]]:
    """Two videos, interleaved in time; v2 has an undated row between two dated neighbours."""
    rows: list[dict[str, object]] = []
    for day in range(1, 11):
        for video in ("v1", "v2"):
            undated = video == "v2" and day == 9
            date = "" if undated else f"2015-01-{day:02d}T{12 if video == 'v1' else 13}:00:00"
            rows.append(
                {"id": f"{video}-{day}", "source": video, "date": date, "content": "x", "label": "ham"}
            )
    return rows


def test_site_times_give_an_undated_row_its_later_neighbours_time() -> None:
    from datetime import datetime

    from bench.quality.splits import site_times

    rows = _site_rows()
    times = site_times(rows)
    undated = next(i for i, r in enumerate(rows) if not r["date"])
    assert times[undated] == datetime(2015, 1, 10, 13)


def test_site_in_time_order_trains_only_on_rows_older_than_the_test_window() -> None:
    from bench.quality.site_chrono import SiteInTimeOrder

    rows = _site_rows()
    system = SiteInTimeOrder(rows, chronological(rows))
    for split in system.splits:
        train = system.train_indices(split)
        start = system.window_start(split)
        assert set(split.train) <= set(train.tolist())
        assert not set(train.tolist()) & set(split.test.tolist())
        others = [i for i in train if i not in set(split.train.tolist())]
        assert others
        assert all(system.times[i] < start for i in others)
    v2 = next(s for s in system.splits if s.name == "v2")
    # v2's window opens on day 8 at 13:00: v1's row of that day (12:00) trains, day 9's does not
    assert {rows[i]["id"] for i in system.train_indices(v2)} >= {"v1-8"}
    assert "v1-9" not in {rows[i]["id"] for i in system.train_indices(v2)}


def test_site_in_time_order_refuses_a_training_row_from_inside_the_window() -> None:
    from bench.quality.site_chrono import LeakError, SiteInTimeOrder

    rows = _site_rows()
    system = SiteInTimeOrder(rows, chronological(rows))
    split = system.splits[0]
    late = next(i for i, r in enumerate(rows) if r["id"] == "v2-10")
    with pytest.raises(LeakError):
        system.check(split, np.append(system.train_indices(split), late))
    with pytest.raises(LeakError):
        system.check(split, np.append(system.train_indices(split), split.test[0]))


def test_a_system_that_chooses_its_training_rows_gets_them_and_the_splits_test_rows() -> None:
    from bench.quality.experiment import Experiment, run
    from bench.quality.site_chrono import SiteInTimeOrder

    class Recording(SiteInTimeOrder):
        def fit_score(self, train, y, test):  # type: ignore[no-untyped-def]
            self.seen.append((len(train), len(test)))
            return np.full(len(test), 0.5)

    rows = _site_rows()
    for r, label in zip(rows, ["spam", "ham"] * 10, strict=True):
        r["label"] = label
    chrono = chronological(rows)
    system = Recording(rows, chrono)
    system.seen = []
    experiment = Experiment("t", "t", rows, chrono, robustness=False, extra_systems=(system,))
    run([experiment], [], jobs=1)
    expected = sorted((len(system.train_indices(s)), len(s.test)) for s in chrono)
    assert sorted(system.seen) == expected
    assert all(n_train > 7 for n_train, _ in system.seen)  # more than the video's own 7 training rows


def test_lost_copies_lists_only_the_spam_whose_verdict_the_disguise_changed() -> None:
    from bench.quality.lost_copies import flips

    spam = [{"content": "cheap casino"}, {"content": "free bonus"}, {"content": "buy now"}]
    copies = [{"content": "ch34p c4sin0"}, {"content": "fr33 b0nus"}, {"content": "buy n0w"}]
    found = flips("v", spam, copies, np.array([0.9, 0.4, 0.8]), np.array([0.3, 0.7, 0.6]))
    assert [(f.clean, f.lost) for f in found] == [("cheap casino", True), ("free bonus", False)]
    assert found[0].disguised == "ch34p c4sin0"
    assert found[0].reading == "cheap casino"  # the engine's reading of the disguise


def test_readings_list_the_disguised_copies_read_differently_from_their_spam() -> None:
    """``lost_copies --readings``: a copy is listed when its link hosts or hashed words differ from
    the clean spam's, with the words it lost and gained; ham and copies the disguise left as they
    were are not. ".se" is in no top-level domain list of the engine, so its disguise is never read
    back, whichever reading of links the engine has (before or after session 6's proposal)."""
    from collections import Counter

    from bench.quality.experiment import Experiment
    from bench.quality.lost_copies import hashed_words, misreadings
    from bench.quality.splits import Split

    rows = [
        {"content": "free films at http://thepiratebay.se/torrent/123", "label": "spam"},
        {"content": "free films at http://thepiratebay.se/torrent/123", "label": "ham"},
        {"content": "no link in this spam", "label": "spam"},
    ]
    experiment = Experiment("e", "e", rows, [Split("s", np.array([], dtype=np.int64), np.arange(3))])
    found, changed = misreadings(experiment)
    assert changed == 1  # the spam without a link is the same after the disguise
    (misread,) = found
    assert misread.clean == rows[0]["content"]
    assert misread.disguised != misread.clean
    clean_words, clean_hosts = hashed_words(misread.clean)
    read_words, read_hosts = hashed_words(misread.disguised)
    assert (clean_words, clean_hosts) != (read_words, read_hosts)
    assert (misread.clean_hosts, misread.read_hosts) == (clean_hosts, read_hosts)
    assert Counter(misread.lost_words) == Counter(clean_words) - Counter(read_words)
    assert Counter(misread.extra_words) == Counter(read_words) - Counter(clean_words)


def test_the_defaults_table_spells_out_every_setting_and_its_chosen_row_is_spammodels_defaults() -> None:
    """Each row of ``bench.quality.defaults`` must measure what it says even after a default changes
    (so every row names every setting a default ever moved), and ``SpamModel()`` must be the row
    bench/RESULTS.md says was chosen (session 7: ``short_shrink`` = 250)."""
    from bench.quality.defaults import CANDIDATES
    from rejoinder.spam import SpamModel

    moved = {"unit_rows", "nb_scaling", "balanced", "sublinear", "short_shrink", "link_words", "char_min"}
    assert all(moved <= set(params) for params in CANDIDATES.values())
    chosen = next(p for label, p in CANDIDATES.items() if "d < 250 entries" in label)
    defaults = SpamModel().get_params()
    assert {k: defaults[k] for k in chosen} == chosen


def test_misses_count_near_identical_comments_whose_labels_disagree() -> None:
    """``bench.quality.misses``: a near twin is found across case and HTML escapes, and only
    pairs that say the same thing *and* carry different labels count as conflicting."""
    from bench.quality.misses import conflicting_pairs, similarity_matrix

    rows = [
        {"content": "Thumbs up if you are watching in 2015"},
        {"content": "thumbs up if you&#39;re watching in 2015"},
        {"content": "Check out my channel for free gift cards"},
        {"content": "check out my channel for free gift cards!"},
    ]
    similarity = similarity_matrix(rows)
    assert np.argmax(similarity[0]) == 1
    assert np.argmax(similarity[2]) == 3
    assert similarity[0, 0] == 0.0  # a comment is never its own twin
    assert conflicting_pairs(np.array([0, 1, 1, 1]), similarity, 0.6) == (1, 2)
    assert conflicting_pairs(np.array([1, 1, 0, 0]), similarity, 0.6) == (0, 2)
