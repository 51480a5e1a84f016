"""The metric functions against numbers worked out by hand and against scikit-learn's."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn import metrics as skm

from rejoinder.spam import metrics as m

# 10 comments: 4 spam, 6 ham. At threshold 0.5: TP 3 (0.9, 0.8, 0.6), FN 1 (0.3),
# FP 1 (0.7), TN 5.
Y = [1, 1, 0, 1, 0, 1, 0, 0, 0, 0]
S = [0.9, 0.8, 0.7, 0.6, 0.4, 0.3, 0.2, 0.1, 0.1, 0.0]
PRED = [1, 1, 1, 1, 0, 0, 0, 0, 0, 0]


def test_confusion_counts_by_hand() -> None:
    assert m.confusion(Y, PRED) == m.Confusion(tp=3, fp=1, tn=5, fn=1)


def test_threshold_metrics_by_hand() -> None:
    assert m.accuracy(Y, PRED) == pytest.approx(8 / 10)
    assert m.precision(Y, PRED) == pytest.approx(3 / 4)
    assert m.recall(Y, PRED) == pytest.approx(3 / 4)
    assert m.f1(Y, PRED) == pytest.approx(0.75)
    # (3*5 - 1*1) / sqrt(4 * 4 * 6 * 6) = 14 / 24
    assert m.mcc(Y, PRED) == pytest.approx(14 / 24)


def test_roc_auc_by_hand() -> None:
    # spam/ham pairs ranked correctly: 0.9 and 0.8 beat all 6 ham (12), 0.6 beats 5 ham,
    # 0.3 beats 4 ham -> 21 of 24 pairs.
    assert m.roc_auc(Y, S) == pytest.approx(21 / 24)


def test_roc_auc_counts_ties_as_half() -> None:
    assert m.roc_auc([1, 0], [0.5, 0.5]) == pytest.approx(0.5)
    assert m.roc_auc([1, 1, 0], [0.5, 0.9, 0.5]) == pytest.approx(0.75)


def test_fpr_at_recall_by_hand() -> None:
    # 95% of 4 spam needs all 4, so the threshold drops to 0.3: ham at 0.7 and 0.4 are flagged.
    assert m.fpr_at_recall(Y, S, 0.95) == pytest.approx(2 / 6)
    # 75% needs 3 spam: threshold 0.6, only the ham at 0.7 is flagged.
    assert m.fpr_at_recall(Y, S, 0.75) == pytest.approx(1 / 6)
    # 50% needs 2: threshold 0.8, no ham.
    assert m.fpr_at_recall(Y, S, 0.5) == 0.0


def test_fpr_at_recall_flags_ham_tied_with_the_threshold() -> None:
    assert m.fpr_at_recall([1, 0, 0], [0.5, 0.5, 0.1], 1.0) == pytest.approx(0.5)


def test_report_gathers_everything() -> None:
    r = m.report(Y, S, threshold=0.5)
    assert (r.n, r.n_spam) == (10, 4)
    assert r.accuracy == pytest.approx(0.8)
    assert r.ham_flagged == pytest.approx(1 / 6)
    assert r.fpr_at_95 == pytest.approx(2 / 6)
    assert r.fpr_at_99 == pytest.approx(2 / 6)
    assert r.as_dict()["roc_auc"] == pytest.approx(21 / 24)


def test_report_threshold_is_inclusive() -> None:
    assert m.report([1, 0], [0.5, 0.2], threshold=0.5).recall == 1.0
    assert m.report([1, 0], [0.5, 0.2], threshold=0.51).recall == 0.0


def test_undefined_ratios_are_zero_like_sklearn() -> None:
    assert m.precision([1, 0], [0, 0]) == 0.0
    assert m.f1([0, 0], [0, 0]) == 0.0
    assert m.mcc([1, 1], [1, 1]) == 0.0


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: m.roc_auc([1, 1], [0.2, 0.3]), "both spam and ham"),
        (lambda: m.roc_curve([0, 0], [0.2, 0.3]), "both spam and ham"),
        (lambda: m.fpr_at_recall([1, 1], [0.2, 0.3], 0.95), "both spam and ham"),
        (lambda: m.fpr_at_recall(Y, S, 0.0), "target recall"),
        (lambda: m.accuracy([1, 2], [1, 0]), "0 \\(ham\\) or 1 \\(spam\\)"),
        (lambda: m.accuracy([1, 0], [1]), "expected 2 predictions"),
        (lambda: m.roc_auc([1, 0], [0.1, float("nan")]), "finite"),
        (lambda: m.roc_auc([1, 0], [0.1]), "expected 2 scores"),
        (lambda: m.pr_curve([0, 0], [0.1, 0.2]), "needs spam"),
    ],
)
def test_bad_input_says_what_is_wrong(call: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()  # type: ignore[operator]


labelled_scores = st.integers(min_value=2, max_value=60).flatmap(
    lambda n: st.tuples(
        st.lists(st.integers(0, 1), min_size=n, max_size=n).filter(lambda y: 0 < sum(y) < len(y)),
        # few distinct values on purpose: ties are where implementations disagree
        st.lists(st.sampled_from([0.0, 0.1, 0.25, 0.5, 0.5, 0.75, 0.9, 1.0]), min_size=n, max_size=n),
    )
)


@settings(max_examples=200, deadline=None)
@given(labelled_scores)
def test_agrees_with_sklearn(data: tuple[list[int], list[float]]) -> None:
    y, s = data
    pred = [int(v >= 0.5) for v in s]
    assert m.accuracy(y, pred) == pytest.approx(skm.accuracy_score(y, pred))
    assert m.precision(y, pred) == pytest.approx(skm.precision_score(y, pred, zero_division=0))
    assert m.recall(y, pred) == pytest.approx(skm.recall_score(y, pred, zero_division=0))
    assert m.f1(y, pred) == pytest.approx(skm.f1_score(y, pred, zero_division=0))
    assert m.mcc(y, pred) == pytest.approx(skm.matthews_corrcoef(y, pred), abs=1e-12)
    assert m.roc_auc(y, s) == pytest.approx(skm.roc_auc_score(y, s))

    fpr, tpr, thr = m.roc_curve(y, s)
    sk_fpr, sk_tpr, sk_thr = skm.roc_curve(y, s, drop_intermediate=False)
    np.testing.assert_allclose(fpr, sk_fpr)
    np.testing.assert_allclose(tpr, sk_tpr)
    np.testing.assert_allclose(thr[1:], sk_thr[1:])
    assert math.isinf(thr[0])

    prec, rec, pthr = m.pr_curve(y, s)
    sk_prec, sk_rec, sk_pthr = skm.precision_recall_curve(y, s)
    np.testing.assert_allclose(prec, sk_prec)
    np.testing.assert_allclose(rec, sk_rec)
    np.testing.assert_allclose(pthr, sk_pthr)


@settings(max_examples=200, deadline=None)
@given(labelled_scores, st.sampled_from([0.5, 0.8, 0.95, 0.99, 1.0]))
def test_fpr_at_recall_matches_the_roc_curve(data: tuple[list[int], list[float]], target: float) -> None:
    """The lowest FPR among ROC points that reach the target recall, read off scikit-learn's curve."""
    y, s = data
    sk_fpr, sk_tpr, _ = skm.roc_curve(y, s, drop_intermediate=False)
    expected = min(f for f, t in zip(sk_fpr, sk_tpr, strict=True) if t >= target - 1e-12)
    assert m.fpr_at_recall(y, s, target) == pytest.approx(expected)
