"""``bench.quality.site_prior`` chooses ``penalty_marks`` without reading the benchmark's test windows.

If a test-window comment slipped into the marks or the validation, the choice would be tuned to the
numbers it is meant to leave honest, and no table would show it.
"""

from __future__ import annotations

import numpy as np

from bench.quality.site_prior import Cell, current, layer, news_sites, validation_windows
from bench.quality.splits import chronological


def _rows() -> list[dict[str, object]]:
    """Two videos of 40 and 23 dated comments, one stored newest first (as LMFAO is)."""
    rows: list[dict[str, object]] = []
    for video, n, descending in (("a", 40, False), ("b", 23, True)):
        days = range(n - 1, -1, -1) if descending else range(n)
        for k, day in enumerate(days):
            rows.append(
                {
                    "id": f"{video}{k}",
                    "source": video,
                    "date": f"2014-{1 + day // 28:02d}-{1 + day % 28:02d}T00:00:00",
                    "content": f"comment {video} {day}",
                    "label": "spam" if day % 3 == 0 else "ham",
                }
            )
    return rows


def test_validation_windows_split_only_the_training_window_in_time_order() -> None:
    rows = _rows()
    splits = {s.name: s for s in chronological(rows)}
    for name, marks, validation in validation_windows(rows):
        window = [int(i) for i in splits[name].train]
        assert marks + validation == window  # the training window, nothing else, time order kept
        assert not set(marks + validation) & {int(i) for i in splits[name].test}
        assert len(marks) == round(0.7 * len(window))
        assert max(str(rows[i]["date"]) for i in marks) < min(str(rows[i]["date"]) for i in validation)


def test_news_folds_score_each_comment_once_and_never_learn_it() -> None:
    sites = news_sites()
    scored = [c["content"] for s in sites for c in s.validation]
    assert (
        len(scored) == len(set(scored)) == sum(len(s.marks) + len(s.validation) for s in sites) // len(sites)
    )
    for site in sites:
        assert not {c["content"] for c in site.marks} & {c["content"] for c in site.validation}


def test_cell_counts_ham_held_and_sent_to_the_spam_folder() -> None:
    cell = Cell(np.array([0, 0, 0, 1, 1]), np.array([0.1, 0.6, 0.95, 0.4, 0.99]))
    loss, accuracy, held, folder, missed, ham = cell.row()
    assert (held, folder, missed, ham) == (2, 1, 1, 3)
    assert accuracy == 0.4
    assert loss > 0.0


def test_each_value_gives_the_layer_its_penalty_and_the_shipped_default_is_the_reference() -> None:
    """A linear value is the class's own ``penalty_marks``; a squared row reaches ``(p / n) ** 2`` at the
    fit's n marks, as the class shipped until session 11 did (both above the 0.001 floor here)."""
    from rejoinder.spam import Engine

    model = Engine.load().model
    for n in (1, 10, 320):
        comments = [{"comment_content": f"comment number {i} about the council budget"} for i in range(n)]
        labels = [i % 2 == 0 for i in range(n)]
        for value, penalty in (("3", 3 / n), ("(30/n)^2", (30 / n) ** 2), ("(15/n)^2", (15 / n) ** 2)):
            site = layer(model, value, n)
            site.learn_many(comments, labels)
            assert abs(site.l2() - penalty) <= 1e-12 * penalty, (value, n)
    assert current() == "3"
