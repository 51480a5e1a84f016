"""Run every system on every split of every experiment, including obfuscated copies of the test spam.

One *job* is (experiment, split, system): train on the split's training rows, then score the clean
test rows and, in the same call, the obfuscated copies of the test spam (so SpamAssassin starts
Perl once per job, not once per variant). SpamAssassin jobs spend their time in subprocesses, so
they run on a thread pool beside the Python systems; ``jobs`` bounds how many run at once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from tqdm import tqdm

from bench.obfuscate import TECHNIQUES, obfuscate
from bench.quality.corpora import Row, comment, labels
from bench.quality.splits import Split
from bench.quality.systems import System


@dataclass(frozen=True)
class Experiment:
    key: str
    title: str
    rows: list[Row]
    splits: list[Split]
    per_split: bool = False  # report each split on its own too (the per-video table)
    cross_validation: bool = False  # the test sets partition the rows; each trains on all the others
    robustness: bool = True
    notes: tuple[str, ...] = ()
    extra_systems: tuple[System, ...] = ()  # run on this experiment only, beside the common systems

    @property
    def y(self) -> np.ndarray:
        return labels(self.rows)


HAM_SAMPLE = 100  # obfuscated ham per split: enough to see a shortcut, cheap for SpamAssassin


@dataclass
class Outcome:
    """One system's scores on one split's test rows (file order within the split)."""

    split: str
    y: np.ndarray
    scores: np.ndarray
    obfuscated: dict[str, np.ndarray] = field(default_factory=dict)  # technique -> scores of test spam
    ham_positions: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    obfuscated_ham: np.ndarray = field(default_factory=lambda: np.zeros(0))  # "combined" copies of those ham


Results = dict[str, dict[str, list[Outcome]]]  # experiment key -> system name -> outcomes


@dataclass(frozen=True)
class _Batch:
    """What one split sends to a system: clean test rows, then obfuscated spam, then obfuscated ham."""

    test: list[dict[str, Any]]
    spam_variants: list[dict[str, Any]]
    n_spam: int
    ham_positions: np.ndarray
    ham_variants: list[dict[str, Any]]

    @property
    def extra(self) -> list[dict[str, Any]]:
        return self.spam_variants + self.ham_variants

    @property
    def size(self) -> int:
        return len(self.test) + len(self.extra)


def _batch(experiment: Experiment, split: Split) -> _Batch:
    """Obfuscated copies of every test spam (each technique) and of up to ``HAM_SAMPLE`` test ham.

    Obfuscated ham answers whether a system is robust or merely treats odd characters as spam.
    """
    rows, y = experiment.rows, experiment.y[split.test]
    test = [comment(rows[i]) for i in split.test]
    if not experiment.robustness:
        return _Batch(test, [], 0, np.zeros(0, dtype=np.int64), [])
    spam = [c for c, label in zip(test, y, strict=True) if label == 1]
    spam_variants = [obfuscate(c, technique) for technique in TECHNIQUES for c in spam]
    ham_all = np.flatnonzero(y == 0)
    ham_positions = ham_all[:: max(1, -(-ham_all.size // HAM_SAMPLE))]
    ham_variants = [obfuscate(test[i], "combined") for i in ham_positions]
    return _Batch(test, spam_variants, len(spam), ham_positions, ham_variants)


def _outcome(experiment: Experiment, split: Split, scores: np.ndarray) -> Outcome:
    batch = _batch(experiment, split)
    if scores.shape != (batch.size,):
        raise RuntimeError(f"got {scores.shape} scores for {batch.size} comments")
    n_test, n_spam = len(batch.test), batch.n_spam
    clean, rest = scores[:n_test], scores[n_test:]
    techniques = list(TECHNIQUES) if experiment.robustness else []
    obfuscated = {t: rest[n * n_spam : (n + 1) * n_spam] for n, t in enumerate(techniques)}
    ham = rest[len(techniques) * n_spam :]
    return Outcome(split.name, experiment.y[split.test], clean, obfuscated, batch.ham_positions, ham)


def _job(experiment: Experiment, split: Split, system: System) -> list[Outcome]:
    """One split for one system. A system with ``train_indices(split)`` chooses its own training rows
    (the site-wide time-order row); the test rows are always the split's."""
    chooser = getattr(system, "train_indices", None)
    indices = split.train if chooser is None else chooser(split)
    train = [comment(experiment.rows[i]) for i in indices]
    batch = _batch(experiment, split)
    scores = system.fit_score(train, experiment.y[indices].tolist(), batch.test + batch.extra)
    return [_outcome(experiment, split, np.asarray(scores, dtype=np.float64))]


def _cv_job(experiment: Experiment, system: Any, tick: Callable[[int], object]) -> list[Outcome]:
    """All folds in one call, for systems that can share work between folds (SpamAssassin)."""
    comments = [comment(r) for r in experiment.rows]
    folds = [(split.test.tolist(), _batch(experiment, split).extra) for split in experiment.splits]
    scores = system.fit_score_folds(comments, experiment.y.tolist(), folds, progress=lambda: tick(1))
    return [_outcome(experiment, split, s) for split, s in zip(experiment.splits, scores, strict=True)]


def run(experiments: Sequence[Experiment], systems: Sequence[System], jobs: int = 2) -> Results:
    """Every (experiment, system, split), external-process systems beside the in-process ones.

    SpamAssassin's jobs go biggest first, so its workers finish at about the same time.
    """
    results: Results = {e.key: {s.name: [] for s in (*systems, *e.extra_systems)} for e in experiments}
    order = {
        (e.key, s.name, sp.name): n
        for e in experiments
        for s in (*systems, *e.extra_systems)
        for n, sp in enumerate(e.splits)
    }
    external = [s for s in systems if s.name.startswith("SpamAssassin")]
    internal = [s for s in systems if s not in external]
    biggest_first = sorted(experiments, key=lambda e: len(e.rows), reverse=True)
    futures: dict[Future[list[Outcome]], tuple[str, str, bool]] = {}
    with (
        tqdm(total=len(order), desc="quality", unit="split") as bar,
        ThreadPoolExecutor(max_workers=max(1, jobs - 1), thread_name_prefix="external") as outside,
        ThreadPoolExecutor(max_workers=1, thread_name_prefix="python") as inside,
    ):
        for pool, group, plan in ((outside, external, biggest_first), (inside, internal, experiments)):
            for experiment in plan:
                for system in group if pool is outside else (*group, *experiment.extra_systems):
                    if experiment.cross_validation and hasattr(system, "fit_score_folds"):
                        future = pool.submit(_cv_job, experiment, system, bar.update)
                        futures[future] = (experiment.key, system.name, True)
                        continue
                    for split in experiment.splits:
                        future = pool.submit(_job, experiment, split, system)
                        futures[future] = (experiment.key, system.name, False)
        for future in as_completed(futures):
            key, name, counted = futures[future]
            outcomes = future.result()
            results[key][name].extend(outcomes)
            bar.set_postfix_str(f"{key}: {name} {outcomes[-1].split}", refresh=False)
            if not counted:
                bar.update(len(outcomes))
    for key, by_system in results.items():
        for name, outcomes in by_system.items():
            outcomes.sort(key=lambda o, k=key, n=name: order[(k, n, o.split)])
    return results
