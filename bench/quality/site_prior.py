"""``python -m bench.quality.site_prior``: ``SiteModel``'s ``penalty_marks`` chosen on validation data only.

``penalty_marks`` sets how fast a site's own marks outweigh the base model: the layer's L2 penalty is
``penalty_marks / n`` for ``n`` marks. Until session 11 the penalty was ``(prior_marks / n) ** 2`` with
``prior_marks = 30``, chosen on the YouTube time-ordered split's *test* windows (bench/RESULTS.md,
session 10, helper Q), which this project's rule forbids: a setting chosen where it is measured makes
that measurement optimistic. This module chose the shape and the value again where no benchmark tests
(session 10, helper V: ``3 / n``), and keeps checking them there:

- *YouTube, validation windows*: per video, only its training window (the earliest 70%, as
  ``splits.chronological`` cuts it) is read; its earliest 70% are the moderator marks and the rest,
  still in time order, is scored. The test windows (latest 30%) are never scored or learnt. The base
  model is the one ``--site-rows`` uses (``site_layer.base_model``: the shipped recipe trained on every
  corpus but the collection).
- *A news site*: the hand-written news comments (``training/data/handwritten``, training data no
  benchmark tests on) as a scratch site's marks, in 5 fixed random folds (they carry no dates): each
  fold is scored by a layer that learnt the other four. Its base is the shipped recipe trained on every
  input but those comments, so the marks teach it something it has not seen.

A value is a ``penalty_marks`` ("3": penalty 3 / n), or the old squared schedule as a named row for
comparison ("(30/n)^2": penalty (30 / n) ** 2, which the class reaches when each fit gets
``penalty_marks = 30 ** 2 / n`` for its n marks).

Each source is scored at several ages of the site (its first 10, 30 and 100 marks, and all of them),
because the penalty matters most to a young site. Reported per cell: log loss, accuracy at the
default pending threshold (0.5), ham held for a moderator (>= 0.5) and ham sent to the spam folder
(>= 0.9): a site owner minds a genuine comment withheld more than a spam let through, and log loss
does not weigh them that way. The paired bootstrap on the log loss says whether a difference from the
shipped default is more than the luck of which comments were scored.
"""

from __future__ import annotations

import argparse
import inspect
import math
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np

from bench.quality import corpora, site_layer, splits

PENALTY_MARKS = ("0.5", "1", "2", "3", "5", "10", "30")  # penalty c / n
# The schedule shipped until session 11 (prior_marks = 30) and a weaker one, for comparison.
SQUARED = ("(15/n)^2", "(30/n)^2")
AGES: tuple[int | None, ...] = (10, 30, 100, None)  # the first k marks of each site; None: all
MARK_SHARE = 0.7  # of a video's training window, the earliest share are marks
NEWS = "news_comments"
NEWS_FOLDS = 5
SEED = splits.SEED
PENDING, SPAM_FOLDER = 0.5, 0.9  # rejoinder.spam.context.Thresholds' defaults
EPS = 1e-6


@dataclass(frozen=True)
class Site:
    """One site's marks (in the order a moderator made them) and the comments scored after them."""

    source: str
    name: str
    marks: list[dict[str, Any]]
    mark_labels: list[bool]
    validation: list[dict[str, Any]]
    y: np.ndarray


def validation_windows(rows: list[corpora.Row]) -> list[tuple[str, list[int], list[int]]]:
    """Per video (name, marks, validation): its training window (``splits.chronological``'s earliest
    70%) cut ``MARK_SHARE`` / rest in time order. Nothing of a test window is returned."""
    out = []
    for split in splits.chronological(rows):
        window = [int(i) for i in split.train]  # in time order
        cut = round(len(window) * MARK_SHARE)
        out.append((split.name, window[:cut], window[cut:]))
    return out


def youtube_sites() -> list[Site]:
    """The collection's videos as sites, marks and validation from ``validation_windows``."""
    rows = corpora.load(site_layer.COLLECTION)
    labels = corpora.labels(rows)
    return [
        Site(
            "YouTube",
            name,
            [corpora.comment(rows[i]) for i in marks],
            [bool(labels[i]) for i in marks],
            [corpora.comment(rows[i]) for i in validation],
            labels[validation],
        )
        for name, marks, validation in validation_windows(rows)
    ]


def news_rows() -> list[corpora.Row]:
    """The hand-written news comments, as ``training.train`` reads them (training data, never a test set)."""
    return corpora.load(NEWS, site_layer.ROOT / "training" / "data" / "handwritten")


def news_sites() -> list[Site]:
    """The hand-written news comments in ``NEWS_FOLDS`` fixed random folds; the marks keep a fixed
    random order too, so "the first k marks" is a random young site."""
    rows = news_rows()
    labels = corpora.labels(rows)
    order = np.random.default_rng(SEED).permutation(len(rows))
    folds = np.array_split(order, NEWS_FOLDS)
    out = []
    for n, fold in enumerate(folds):
        held = set(fold.tolist())
        marks = [int(i) for i in order if int(i) not in held]
        out.append(
            Site(
                "news",
                f"fold {n + 1}",
                [corpora.comment(rows[i]) for i in marks],
                [bool(labels[i]) for i in marks],
                [corpora.comment(rows[int(i)]) for i in fold],
                labels[fold],
            )
        )
    return out


@cache
def news_base() -> Any:
    """The shipped recipe fitted on every input but the hand-written news comments."""
    from rejoinder.spam import SpamModel
    from rejoinder.spam.corpus import build, read_jsonl
    from rejoinder.spam.trainer import SEED as TRAIN_SEED
    from rejoinder.spam.trainer import SOURCE_WEIGHTS
    from training.train import input_files

    files = input_files()
    if NEWS not in {name for name, _ in files}:  # renamed: the base would learn the site's own comments
        raise SystemExit(f"training.train has no input named {NEWS}: update bench/quality/site_prior.py")
    sources = {name: read_jsonl(path) for name, path in files if name != NEWS}
    data = build(sources, SOURCE_WEIGHTS, TRAIN_SEED)
    return SpamModel(seed=TRAIN_SEED, **site_layer.shipped_recipe()).fit(
        data.comments, data.labels, data.weights
    )


def current() -> str:
    """``SiteModel``'s default ``penalty_marks``, as a value of the sweep (the bootstrap's reference)."""
    from rejoinder.spam import SiteModel

    return f"{inspect.signature(SiteModel).parameters['penalty_marks'].default:g}"


def penalty_marks_for(value: str, n: int) -> float:
    """``SiteModel``'s ``penalty_marks`` for ``value`` ("3", or "(30/n)^2": the old squared schedule)
    in a fit of ``n`` marks."""
    if value.startswith("(") and value.endswith("/n)^2"):
        return float(value[1:-5]) ** 2 / max(n, 1)
    return float(value)


def layer(base: Any, value: str, keep: int) -> Any:
    """An empty ``SiteModel`` over ``base`` whose penalty follows ``value`` once it holds ``keep`` marks."""
    from rejoinder.spam import SiteModel

    return SiteModel(base, penalty_marks=penalty_marks_for(value, keep))


def scores(base: Any, site: Site, value: str, age: int | None) -> np.ndarray:
    """The validation comments' scores after the site's first ``age`` marks (all when None)."""
    from rejoinder.spam import Engine

    engine = Engine(base)
    keep = len(site.marks) if age is None else age
    site_model = layer(base, value, keep)
    site_model.learn_many(site.marks[:keep], site.mark_labels[:keep])
    verdicts = engine.check_many(site.validation, site_model=site_model)
    return np.array([v.score for v in verdicts], dtype=np.float64)


def losses(y: np.ndarray, p: np.ndarray) -> np.ndarray:
    """Each comment's log loss (scores clipped to ``EPS``: a hand-set prior can reach 0 or 1)."""
    p = np.clip(p, EPS, 1.0 - EPS)
    return np.asarray(-(y * np.log(p) + (1 - y) * np.log(1.0 - p)))


@dataclass
class Cell:
    """One source at one age under one penalty: the pooled validation comments."""

    y: np.ndarray
    p: np.ndarray

    def row(self) -> tuple[float, float, int, int, int, int]:
        ham, spam = self.y == 0, self.y == 1
        return (
            float(losses(self.y, self.p).mean()),
            float(np.mean((self.p >= PENDING) == (self.y == 1))),
            int(np.sum(self.p[ham] >= PENDING)),
            int(np.sum(self.p[ham] >= SPAM_FOLDER)),
            int(np.sum(self.p[spam] < PENDING)),
            int(ham.sum()),
        )


def bootstrap(y: np.ndarray, a: np.ndarray, b: np.ndarray, draws: int = 2000) -> tuple[float, float]:
    """A 95% interval of mean log loss (a) minus (b), resampling the same comments for both."""
    diff = losses(y, a) - losses(y, b)
    rng = np.random.default_rng(SEED)
    means = diff[rng.integers(0, len(diff), (draws, len(diff)))].mean(axis=1)
    return float(np.quantile(means, 0.025)), float(np.quantile(means, 0.975))


def age_name(age: int | None) -> str:
    return "all marks" if age is None else f"first {age}"


def run(sources: Sequence[str], values: Sequence[str]) -> str:
    """Every cell, as the Markdown tables of bench/RESULTS.md."""
    sites: dict[str, tuple[Any, list[Site]]] = {}
    if "youtube" in sources:
        sites["YouTube"] = (site_layer.base_model(False), youtube_sites())
    if "news" in sources:
        sites["news"] = (news_base(), news_sites())
    cells: dict[tuple[str, str, str], Cell] = {}
    for source, (base, members) in sites.items():
        for age in AGES:
            for value in values:
                started = time.perf_counter()
                ys, ps = [], []
                for site in members:
                    if age is not None and age > len(site.marks):
                        raise ValueError(f"{site.source} {site.name} has only {len(site.marks)} marks")
                    ys.append(site.y)
                    ps.append(scores(base, site, value, age))
                cells[(source, age_name(age), value)] = Cell(np.concatenate(ys), np.concatenate(ps))
                print(
                    f"{source} {age_name(age)} penalty {value}: {time.perf_counter() - started:.1f} s",
                    file=sys.stderr,
                )
    lines = []
    for source, (_, members) in sites.items():
        marks = sorted({len(s.marks) for s in members})
        n = sum(len(s.y) for s in members)
        lines += [
            f"**{source}** ({len(members)} sites, {marks[0]}-{marks[-1]} marks each, "
            f"{n} validation comments); cells: log loss / accuracy % at 0.5 / ham held (>= 0.5) / "
            "ham to the spam folder (>= 0.9):",
            "",
            "| penalty_marks | " + " | ".join(age_name(a) for a in AGES) + " | mean log loss |",
            "| ---: | " + " | ".join("---" for _ in AGES) + " | ---: |",
        ]
        for value in values:
            row = [cells[(source, age_name(a), value)].row() for a in AGES]
            text = [f"{r[0]:.4f} / {100 * r[1]:.2f} / {r[2]} / {r[3]}" for r in row]
            mean = float(np.mean([r[0] for r in row]))
            lines.append(f"| {value} | " + " | ".join(text) + f" | {mean:.4f} |")
        hams = cells[(source, age_name(None), values[0])].row()[5]
        lines += ["", f"({hams} ham among the validation comments.)", ""]
    shipped = current()
    lines += summary(cells, list(sites), values, shipped)
    if shipped in values:
        lines += [
            f"Log loss minus that of the shipped penalty_marks = {shipped}, with a 95% paired bootstrap "
            "interval (same comments):",
            "",
            "| source, age | " + " | ".join(v for v in values if v != shipped) + " |",
            "| --- | " + " | ".join("---" for v in values if v != shipped) + " |",
        ]
        for source in sites:
            for age in AGES:
                now = cells[(source, age_name(age), shipped)]
                out = []
                for value in values:
                    if value == shipped:
                        continue
                    other = cells[(source, age_name(age), value)]
                    low, high = bootstrap(now.y, other.p, now.p)
                    delta = float(losses(now.y, other.p).mean() - losses(now.y, now.p).mean())
                    out.append(f"{delta:+.4f} [{low:+.4f}, {high:+.4f}]")
                lines.append(f"| {source}, {age_name(age)} | " + " | ".join(out) + " |")
    return "\n".join(lines)


def summary(
    cells: dict[tuple[str, str, str], Cell], sources: list[str], values: Sequence[str], shipped: str
) -> list[str]:
    """Both sources together, and the value the selection rule of ``bench.quality.defaults`` picks:
    the lowest mean log loss (over sources and ages) among the values that hold no more ham, in all,
    than the shipped default."""
    rows = []
    for value in values:
        per_source = [
            float(np.mean([cells[(s, age_name(a), value)].row()[0] for a in AGES])) for s in sources
        ]
        held = sum(cells[(s, age_name(a), value)].row()[2] for s in sources for a in AGES)
        folder = sum(cells[(s, age_name(a), value)].row()[3] for s in sources for a in AGES)
        rows.append((value, per_source, float(np.mean(per_source)), held, folder))
    lines = [
        "Summary (log loss averaged over the ages; ham counted over every source and age):",
        "",
        "| penalty_marks | "
        + " | ".join(f"{s} log loss" for s in sources)
        + " | mean | ham held | ham to spam folder |",
        "| ---: | " + " | ".join("---:" for _ in sources) + " | ---: | ---: | ---: |",
    ]
    for value, per_source, mean, held, folder in rows:
        cells_text = " | ".join(f"{x:.4f}" for x in per_source)
        lines.append(f"| {value} | {cells_text} | {mean:.4f} | {held} | {folder} |")
    limit = next((r[3] for r in rows if r[0] == shipped), None)
    allowed = [r for r in rows if limit is None or r[3] <= limit]
    best = min(allowed, key=lambda r: r[2])
    lines += [
        "",
        f"Rule's choice: penalty_marks = {best[0]} (mean log loss {best[2]:.4f}, {best[3]} ham held).",
        "",
    ]
    return lines


def _value(text: str) -> str:
    """argparse's check of a ``--values`` entry: a positive number, or "(p/n)^2" with a positive p."""
    try:
        ok = math.isfinite(penalty_marks_for(text, 1)) and penalty_marks_for(text, 1) > 0.0
    except ValueError:
        ok = False
    if not ok:
        raise argparse.ArgumentTypeError(
            f"{text!r}: give a positive penalty_marks (3: penalty 3 / n) or a squared schedule ((30/n)^2)"
        )
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", nargs="+", choices=("youtube", "news"), default=["youtube", "news"])
    parser.add_argument(
        "--values",
        nargs="+",
        type=_value,
        default=[*PENALTY_MARKS, *SQUARED],
        help='penalty_marks (the penalty is c / n), or "(p/n)^2" for the old squared schedule',
    )
    args = parser.parse_args(argv)
    print(run(args.sources, args.values))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
