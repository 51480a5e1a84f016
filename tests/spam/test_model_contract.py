"""The ``SpamModel`` contract every model honours: shapes, determinism, files, refusals."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from rejoinder.spam import ModelFileError, SpamModel
from rejoinder.spam.artifact import ARRAYS, MANIFEST

SPAM = [
    {"content": "Win a free iPhone now, click http://bit.ly/win"},
    {"content": "Cheap pills, best prices, visit pills-shop.xyz"},
    {"content": "Make $500 a day from home, message me on whatsapp"},
    {"content": "Check out my channel and subscribe!!!"},
] * 5
HAM = [
    {"content": "I think the council got this one right, the bridge was unsafe."},
    {"content": "My grandmother lived on that street in the fifties."},
    {"content": "The article misses the point about rents, though."},
    {"content": "Thanks for the clear explanation of the budget."},
] * 5
X = SPAM + HAM
Y = [1] * len(SPAM) + [0] * len(HAM)


def small(**params: object) -> SpamModel:
    return SpamModel(bits=14, epochs=5, **params)  # type: ignore[arg-type]


def test_fit_returns_self_and_proba_has_two_columns() -> None:
    model = small()
    assert model.fit(X, Y) is model
    proba = model.predict_proba(X)
    assert proba.shape == (len(X), 2)
    assert np.allclose(proba.sum(axis=1), 1.0)
    assert ((proba >= 0) & (proba <= 1)).all()
    assert model.predict(X).tolist() == Y  # separable toy data is learned


def test_empty_input_gives_empty_output() -> None:
    assert small().fit(X, Y).predict_proba([]).shape == (0, 2)


def test_unfitted_model_says_so() -> None:
    with pytest.raises(RuntimeError, match="not fitted"):
        SpamModel().predict_proba(X)


def test_bad_labels_are_refused() -> None:
    with pytest.raises(ValueError, match="labels"):
        small().fit(X, [2] * len(X))
    with pytest.raises(ValueError, match="comments but"):
        small().fit(X, Y[:-1])


def test_training_is_deterministic() -> None:
    a, b = small().fit(X, Y), small().fit(X, Y)
    assert np.array_equal(a.coef_, b.coef_)
    assert a.intercept_ == b.intercept_
    assert not np.array_equal(small(seed=1).fit(X, Y).coef_, a.coef_)


def test_partial_fit_continues_from_fit() -> None:
    model = small().fit(X, Y)
    before = model.predict_proba([{"content": "subscribe to my channel"}])[0, 1]
    for _ in range(3):
        model.partial_fit([{"content": "subscribe to my channel"}], [0])
    assert model.predict_proba([{"content": "subscribe to my channel"}])[0, 1] < before


def test_partial_fit_from_scratch_works() -> None:
    model = small().partial_fit(X, Y)
    assert model.predict_proba(X).shape == (len(X), 2)


def test_sample_weights_matter() -> None:
    plain = small(unit_rows=False).fit(X, Y)
    weighted = small().fit(X, Y, sample_weight=[5.0] * len(SPAM) + [1.0] * len(HAM))
    assert weighted.intercept_ > plain.intercept_


def test_save_load_round_trip(tmp_path: Path) -> None:
    model = small().fit(X, Y)
    model.save(tmp_path / "m", extra={"note": "test"})
    loaded = SpamModel.load(tmp_path / "m")
    assert np.array_equal(model.predict_proba(X), loaded.predict_proba(X))
    assert loaded.get_params() == model.get_params()
    assert loaded.manifest_["note"] == "test"


def test_changed_array_is_refused(tmp_path: Path) -> None:
    small().fit(X, Y).save(tmp_path)
    with np.load(tmp_path / ARRAYS) as data:
        arrays = {name: data[name] for name in data.files}
    arrays["coef"][0] += 1.0
    np.savez(tmp_path / ARRAYS, **arrays)
    with pytest.raises(ModelFileError, match="sha256"):
        SpamModel.load(tmp_path)


def test_pickled_arrays_are_never_loaded(tmp_path: Path) -> None:
    small().fit(X, Y).save(tmp_path)
    np.savez(tmp_path / ARRAYS, coef=np.array([object()]), intercept=np.zeros(1), sum_sq=np.zeros(1))
    with pytest.raises(ModelFileError):
        SpamModel.load(tmp_path)


def test_missing_or_foreign_files_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ModelFileError, match="cannot read"):
        SpamModel.load(tmp_path)
    (tmp_path / MANIFEST).write_text(json.dumps({"format": "something-else"}))
    with pytest.raises(ModelFileError, match="not a"):
        SpamModel.load(tmp_path)


def test_truncated_archive_is_refused(tmp_path: Path) -> None:
    small().fit(X, Y).save(tmp_path)
    data = (tmp_path / ARRAYS).read_bytes()
    (tmp_path / ARRAYS).write_bytes(data[: len(data) // 2])
    with pytest.raises(ModelFileError):
        SpamModel.load(tmp_path)


def test_shipped_model_manifest_records_its_inputs() -> None:
    from rejoinder.spam.engine import DEFAULT_MODEL

    manifest = json.loads((DEFAULT_MODEL / MANIFEST).read_text())
    inputs = manifest["training"]["inputs"]
    assert {"youtube_spam_collection", "wordpress_queue_spam", "sms_spam_collection"} <= set(inputs)
    assert all(len(entry["sha256"]) == 64 for entry in inputs.values())
    assert (DEFAULT_MODEL / ARRAYS).stat().st_size < 5_000_000


def test_link_words_count_as_words() -> None:
    from rejoinder.spam.features import Config, extract

    comment = [{"content": "see www.casino-bonus-palace.com today"}]
    with_links = extract(comment, Config(bits=14))
    without = extract(comment, Config(bits=14, link_words=False))
    assert len(with_links.cols) > len(without.cols)  # "casino", "bonus", "palace" and their n-grams


def test_author_name_weight_is_a_setting() -> None:
    from rejoinder.spam.features import Config, extract

    comment = [{"content": "Nice piece.", "author": "cheap car insurance quotes"}]
    none = extract(comment, Config(bits=14, author_scale=0.0))
    half = extract(comment, Config(bits=14, author_scale=0.5))
    # the name's character and word n-grams: two groups, each of length 0.5
    assert (half.vals**2).sum() - (none.vals**2).sum() == pytest.approx(2 * 0.5**2)


def test_a_model_saved_before_link_words_scores_as_it_was_trained(tmp_path: Path) -> None:
    old = small(link_words=False, author_scale=1.0, unit_rows=False).fit(X, Y)
    old.save(tmp_path)
    manifest = json.loads((tmp_path / MANIFEST).read_text())
    for key in ("link_words", "author_scale", "unit_rows"):
        del manifest["params"][key]  # as written by the versions before these settings
    (tmp_path / MANIFEST).write_text(json.dumps(manifest))
    loaded = SpamModel.load(tmp_path)
    assert (loaded.link_words, loaded.author_scale, loaded.unit_rows) == (False, 1.0, False)
    assert np.array_equal(loaded.predict_proba(X), old.predict_proba(X))


def test_unit_rows_give_each_comment_unit_length_text_features() -> None:
    """The default since session 3 (bench.quality.defaults); models saved before it keep it off."""
    from rejoinder.spam.features import extract

    model = small(unit_rows=True, short_shrink=0.0).fit(X, Y)  # the shrink has its own tests below
    comments = [{"content": "short"}, {"content": "a much longer comment " * 20, "author": "Ann"}]
    batch = extract(comments, model.config)
    vals = model.scaled(batch.rows, batch.cols, batch.vals, batch.n)
    hashed = batch.cols < model.config.n_hashed
    for i in range(batch.n):
        mine = hashed & (batch.rows == i)
        summed = np.bincount(batch.cols[mine], vals[mine])  # repeated columns add up
        assert np.linalg.norm(summed) == pytest.approx(1.0)
    assert np.array_equal(vals[~hashed], batch.vals[~hashed])  # learned signals keep their values
    assert not np.allclose(vals, batch.vals)
    assert (
        small(unit_rows=False, short_shrink=0.0).scaled(batch.rows, batch.cols, batch.vals, batch.n)
        is batch.vals
    )


def test_unit_rows_are_saved_and_score_as_trained(tmp_path: Path) -> None:
    model = small(unit_rows=True).fit(X, Y)
    assert model.predict(X).tolist() == Y
    loaded = SpamModel.load(model.save(tmp_path / "m"))
    assert loaded.unit_rows is True
    assert np.array_equal(loaded.predict_proba(X), model.predict_proba(X))
    plain = small(unit_rows=False).fit(X, Y)
    assert not np.allclose(plain.predict_proba(X), model.predict_proba(X))


def test_nb_ratios_say_which_class_an_ngram_comes_with() -> None:
    from rejoinder.spam.features import extract

    model = small(nb_scaling=True).fit(X, Y)
    ratios = model.ratios()
    spam_only = extract([{"content": "pills-shop.xyz"}], model.config)
    ham_only = extract([{"content": "grandmother"}], model.config)
    hashed = spam_only.cols[spam_only.cols < model.config.n_hashed]
    assert ratios[hashed].mean() > 1.0
    hashed = ham_only.cols[ham_only.cols < model.config.n_hashed]
    assert ratios[hashed].mean() < -1.0
    assert model.predict(X).tolist() == Y


def test_nb_counts_add_up_exactly_over_partial_fits() -> None:
    """partial_fit adds a batch's counts to the saved ones, so the ratios follow every batch learned."""
    whole = small(nb_scaling=True).fit(X, Y)
    parts = small(nb_scaling=True).fit(SPAM[:4] + HAM[:4], [1] * 4 + [0] * 4)
    parts.partial_fit(SPAM[4:] + HAM[4:], [1] * 16 + [0] * 16)
    assert np.allclose(parts.nb_counts_, whole.nb_counts_)
    assert parts.nb_counts_[1].sum() > 0
    assert parts.nb_counts_[0].sum() > 0


def test_nb_scaling_changes_the_scores_and_is_saved(tmp_path: Path) -> None:
    model = small(nb_scaling=True).fit(X, Y)
    loaded = SpamModel.load(model.save(tmp_path / "m"))
    assert (loaded.nb_scaling, loaded.nb_alpha) == (True, 0.1)
    assert np.array_equal(loaded.nb_counts_, model.nb_counts_)
    assert np.array_equal(loaded.predict_proba(X), model.predict_proba(X))
    plain = small(nb_scaling=False).fit(X, Y)
    assert not np.allclose(plain.predict_proba(X), model.predict_proba(X))
    manifest = json.loads((plain.save(tmp_path / "plain") / MANIFEST).read_text())
    assert sorted(manifest["arrays"]) == ["coef", "intercept", "sum_sq"]  # no new array: old models unchanged


def test_a_model_with_nb_scaling_but_no_counts_is_refused(tmp_path: Path) -> None:
    folder = small(nb_scaling=False).fit(X, Y).save(tmp_path / "m")
    manifest = json.loads((folder / MANIFEST).read_text())
    manifest["params"]["nb_scaling"] = True
    (folder / MANIFEST).write_text(json.dumps(manifest))
    with pytest.raises(ModelFileError, match="nb_counts"):
        SpamModel.load(folder)


def test_the_engine_scores_an_nb_scaled_model_as_the_model_does() -> None:
    """The engine reads weights through ``contributions``, so the ratios reach its scores and reasons."""
    from rejoinder.spam import Engine

    model = small(nb_scaling=True).fit(X, Y)
    verdicts = Engine(model).check_many(X)
    assert np.allclose([v.score for v in verdicts], model.predict_proba(X)[:, 1])
    assert any(r.text.startswith("words:") for r in verdicts[0].reasons)


def test_balanced_classes_weigh_the_same_and_partial_fit_keeps_the_weights(tmp_path: Path) -> None:
    few_spam = SPAM[:4] + HAM  # 4 spam, 20 ham
    labels = [1] * 4 + [0] * 20
    model = small(balanced=True).fit(few_spam, labels)
    assert model.class_weights_ == pytest.approx((24 / 40, 24 / 8))
    model.partial_fit(SPAM[:2], [1, 1])
    assert model.class_weights_ == pytest.approx((24 / 40, 24 / 8))
    loaded = SpamModel.load(model.save(tmp_path / "m"))
    assert loaded.class_weights_ == pytest.approx(model.class_weights_)
    assert np.array_equal(loaded.predict_proba(X), model.predict_proba(X))
    plain = small(balanced=False).fit(few_spam, labels)
    assert plain.class_weights_ == (1.0, 1.0)
    assert model.predict_proba(SPAM)[:, 1].mean() > plain.predict_proba(SPAM)[:, 1].mean()


def test_sublinear_counts_an_ngram_repeated_k_times_as_one_plus_ln_k() -> None:
    """The default since session 5 (bench.quality.defaults): TF-IDF's sublinear_tf, then unit length."""
    from rejoinder.spam.features import extract

    model = SpamModel(sublinear=True, short_shrink=0.0)  # scaling needs no fitted state
    batch = extract([{"content": "vote vote vote katy please"}, {"content": "once"}], model.config)
    vals = model.scaled(batch.rows, batch.cols, batch.vals, batch.n)
    hashed = batch.cols < model.config.n_hashed
    most_repeated = []
    for i in range(batch.n):
        mine = hashed & (batch.rows == i)
        _, inverse, repeats = np.unique(batch.cols[mine], return_inverse=True, return_counts=True)
        summed = np.bincount(inverse, vals[mine])
        raw = np.bincount(inverse, batch.vals[mine]) / repeats  # one entry's value, per column
        assert np.linalg.norm(summed) == pytest.approx(1.0)
        ratio = summed / ((1.0 + np.log(repeats)) * raw)
        assert np.allclose(ratio, ratio[0])  # every column scaled alike once repeats are damped
        most_repeated.append(int(repeats.max()))
    assert most_repeated[0] >= 3  # "vote" and its n-grams, three times
    linear = SpamModel(sublinear=False, short_shrink=0.0).scaled(batch.rows, batch.cols, batch.vals, batch.n)
    assert not np.allclose(vals, linear)


def test_a_model_saved_before_sublinear_scores_as_it_was_trained(tmp_path: Path) -> None:
    old = small(unit_rows=True, sublinear=False).fit(X, Y)
    old.save(tmp_path)
    manifest = json.loads((tmp_path / MANIFEST).read_text())
    del manifest["params"]["sublinear"]  # as written before the setting existed
    (tmp_path / MANIFEST).write_text(json.dumps(manifest))
    loaded = SpamModel.load(tmp_path)
    assert loaded.sublinear is False
    assert np.array_equal(loaded.predict_proba(X), old.predict_proba(X))
    damped = small(unit_rows=True, sublinear=True).fit(X, Y)
    assert not np.allclose(damped.predict_proba(X), old.predict_proba(X))


def test_short_shrink_scales_a_short_comments_hashed_block_by_sqrt_d_over_k() -> None:
    """Session 7 (bench.quality.defaults): a few n-grams are little evidence, so a comment with
    d < K hashed entries keeps sqrt(d / K) of its unit-length block; long comments and priors are
    untouched."""
    from rejoinder.spam.features import extract

    comments = [{"content": "645"}, {"content": "The council got the bridge wrong, and the rents too. " * 4}]
    plain, shrunk = SpamModel(short_shrink=0.0), SpamModel(short_shrink=150.0)
    batch = extract(comments, plain.config)
    before = plain.scaled(batch.rows, batch.cols, batch.vals, batch.n)
    after = shrunk.scaled(batch.rows, batch.cols, batch.vals, batch.n)
    hashed = batch.cols < plain.config.n_hashed
    entries = np.bincount(batch.rows[hashed], minlength=batch.n)
    assert entries[0] < 150 <= entries[1]
    short = hashed & (batch.rows == 0)
    assert np.allclose(after[short], before[short] * np.sqrt(entries[0] / 150.0))
    assert np.linalg.norm(after[short]) < 1.0
    assert np.array_equal(after[batch.rows == 1], before[batch.rows == 1])  # long enough: unchanged
    assert np.array_equal(after[~hashed], before[~hashed])  # prior-free columns keep their values


def test_short_shrink_lowers_a_short_texts_confidence_and_is_saved(tmp_path: Path) -> None:
    plain = small(short_shrink=0.0).fit(X, Y)
    shrunk = small(short_shrink=150.0).fit(X, Y)
    short = [{"content": "free"}, {"content": "thanks"}]
    assert (np.abs(learned(shrunk, short)) < np.abs(learned(plain, short))).all()
    loaded = SpamModel.load(shrunk.save(tmp_path / "m"))
    assert loaded.short_shrink == 150.0
    assert np.array_equal(loaded.predict_proba(X + short), shrunk.predict_proba(X + short))


def learned(model: SpamModel, comments: list[dict[str, str]]) -> np.ndarray:
    """Each comment's learned log-odds: the hashed text's and signals' part, without intercept or priors."""
    from rejoinder.spam.features import extract

    batch = extract(comments, model.config)
    return np.bincount(batch.rows, model.contributions(batch), minlength=batch.n)


def test_a_model_saved_before_short_shrink_loads_with_it_off(tmp_path: Path) -> None:
    old = small(short_shrink=0.0).fit(X, Y)
    old.save(tmp_path)
    manifest = json.loads((tmp_path / MANIFEST).read_text())
    del manifest["params"]["short_shrink"]  # as written before the setting existed
    (tmp_path / MANIFEST).write_text(json.dumps(manifest))
    loaded = SpamModel.load(tmp_path)
    assert loaded.short_shrink == 0.0
    assert np.array_equal(loaded.predict_proba(X), old.predict_proba(X))
    assert not np.allclose(small(short_shrink=150.0).fit(X, Y).predict_proba(X), old.predict_proba(X))
