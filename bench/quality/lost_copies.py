"""``python -m bench.quality.lost_copies``: which disguised test spam Rejoinder loses, and how it read it.

The robustness cells of ``bench.quality`` say *how many* obfuscated copies of the test spam are caught;
this says *which* ones flip and why. Per split of one experiment it trains ``SpamModel()`` on the
split's training rows (as the benchmark does), scores each test spam clean and disguised by one
technique, and prints every spam whose verdict differs between the two, with the disguised text and the
engine's folded reading of it ("foliow" for "F0l1ow" is the engine misreading the disguise). Session 5
found the leetspeak misses this way. ``--readings`` (session 6) trains nothing: it lists every
disguised copy whose reading (link hosts, hashed content words) differs from the clean spam's,
which is how the spaced-URL reading was checked. A diagnosis on a test split: what it shows may guide a change
of the engine's *reading*, never a setting chosen on these rows.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from bench.obfuscate import TECHNIQUES, obfuscate
from bench.quality.corpora import comment
from bench.quality.experiment import Experiment

THRESHOLD = 0.5


@dataclass(frozen=True)
class Flip:
    """A test spam whose verdict changed under the disguise."""

    split: str
    clean_score: float
    disguised_score: float
    clean: str
    disguised: str
    reading: str  # the engine's folded words of the disguised text

    @property
    def lost(self) -> bool:
        return self.clean_score >= THRESHOLD > self.disguised_score


def flips(
    split: str,
    spam: Sequence[dict[str, Any]],
    disguised: Sequence[dict[str, Any]],
    clean_scores: np.ndarray,
    disguised_scores: np.ndarray,
) -> list[Flip]:
    """The spam caught on one side of the threshold and not on the other, in test order."""
    from rejoinder.spam.normalise import fold, prepare

    out = []
    for original, copy, a, b in zip(spam, disguised, clean_scores, disguised_scores, strict=True):
        if (a >= THRESHOLD) != (b >= THRESHOLD):
            text = str(copy.get("content") or "")
            out.append(
                Flip(
                    split,
                    float(a),
                    float(b),
                    str(original.get("content") or ""),
                    text,
                    fold(prepare(text).text),
                )
            )
    return out


def diagnose(experiment: Experiment, technique: str) -> tuple[list[Flip], int, int, int]:
    """Every flip of ``experiment`` under ``technique``; and test spam, caught clean, caught disguised."""
    from rejoinder.spam import SpamModel

    found: list[Flip] = []
    total = caught = caught_disguised = 0
    for split in experiment.splits:
        y = experiment.y
        model = SpamModel().fit([comment(experiment.rows[i]) for i in split.train], y[split.train])
        spam = [comment(experiment.rows[i]) for i in split.test if y[i] == 1]
        copies = [obfuscate(c, technique) for c in spam]
        clean = model.predict_proba(spam)[:, 1] if spam else np.zeros(0)
        disguised = model.predict_proba(copies)[:, 1] if spam else np.zeros(0)
        total += len(spam)
        caught += int((clean >= THRESHOLD).sum())
        caught_disguised += int((disguised >= THRESHOLD).sum())
        found += flips(split.name, spam, copies, clean, disguised)
    return found, total, caught, caught_disguised


@dataclass(frozen=True)
class Misread:
    """A disguised copy of a test spam that the engine does not read as it reads the clean spam."""

    split: str
    clean: str
    disguised: str
    clean_hosts: tuple[str, ...]
    read_hosts: tuple[str, ...]
    lost_words: tuple[str, ...]  # content words hashed for the clean spam, not for the copy
    extra_words: tuple[str, ...]  # and the other way round


def hashed_words(text: str) -> tuple[list[str], tuple[str, ...]]:
    """The content words the engine hashes for ``text`` (``features.extract``'s choice: the whole
    text when it holds a link, the text around the links otherwise) and the link hosts it found.
    Works on engines before and after links were read as host and path (``Links.read``)."""
    from rejoinder.spam.normalise import fold, prepare
    from rejoinder.spam.urls import find_links

    prepared = prepare(text)
    found = find_links(prepared.text)
    hashed = getattr(found, "read", prepared.text) if found.count else found.stripped
    return fold(hashed).split(), found.hosts


def misreadings(experiment: Experiment, technique: str = "spaced_urls") -> tuple[list[Misread], int]:
    """Every disguised copy of a test spam read differently from its clean spam (hosts or hashed
    words; the "disguised" signal itself is meant to differ), and how many copies changed at all."""
    from collections import Counter

    found: list[Misread] = []
    changed = 0
    y = experiment.y
    for split in experiment.splits:
        for i in split.test:
            if y[i] != 1:
                continue
            original = comment(experiment.rows[i])
            copy = obfuscate(original, technique)
            clean, disguised = str(original.get("content") or ""), str(copy.get("content") or "")
            if clean == disguised:
                continue
            changed += 1
            (clean_words, clean_hosts), (read_words, read_hosts) = (
                hashed_words(clean),
                hashed_words(disguised),
            )
            if clean_words == read_words and clean_hosts == read_hosts:
                continue
            lost, extra = (
                Counter(clean_words) - Counter(read_words),
                Counter(read_words) - Counter(clean_words),
            )
            found.append(
                Misread(
                    split.name,
                    clean,
                    disguised,
                    clean_hosts,
                    read_hosts,
                    tuple(sorted(lost.elements())),
                    tuple(sorted(extra.elements())),
                )
            )
    return found, changed


def _print_misreadings(key: str, technique: str, found: list[Misread], changed: int) -> None:
    from collections import Counter

    for m in found:
        print(f"--- misread ({m.split})")
        print(f"  clean:     {m.clean[:200]}")
        print(f"  disguised: {m.disguised[:200]}")
        print(f"  hosts:     {', '.join(m.clean_hosts) or '-'}  ->  {', '.join(m.read_hosts) or '-'}")
        print(f"  words:     lost {' '.join(m.lost_words) or '-'}; extra {' '.join(m.extra_words) or '-'}")
    words = Counter(w for m in found for w in m.lost_words)
    extra = Counter(w for m in found for w in m.extra_words)
    hosts = sum(m.clean_hosts != m.read_hosts for m in found)
    print(
        f"\n{key}, {technique}: {changed} test spam changed by the disguise, {len(found)} read differently "
        f"({hosts} with other hosts); words lost most: {words.most_common(6)}; extra: {extra.most_common(6)}"
    )


def main(argv: list[str]) -> int:
    from bench.quality.__main__ import experiments

    parser = argparse.ArgumentParser(prog="python -m bench.quality.lost_copies", description=__doc__)
    parser.add_argument("--experiment", default="youtube-chrono", help="youtube-chrono, youtube-cv or sms-cv")
    parser.add_argument("--technique", default="leetspeak", choices=sorted(TECHNIQUES))
    parser.add_argument("--folds", type=int, default=10)
    parser.add_argument(
        "--readings",
        action="store_true",
        help="no training: list every disguised copy the engine reads differently from its clean spam",
    )
    args = parser.parse_args(argv)
    chosen = [e for e in experiments(args.folds) if e.key == args.experiment]
    if not chosen:
        parser.error(f"unknown experiment {args.experiment!r}")
    if args.readings:
        _print_misreadings(args.experiment, args.technique, *misreadings(chosen[0], args.technique))
        return 0
    found, total, caught, caught_disguised = diagnose(chosen[0], args.technique)
    for flip in found:
        verb = "LOST" if flip.lost else "gained"
        print(
            f"--- {verb} ({flip.split}): clean {flip.clean_score:.2f}, disguised {flip.disguised_score:.2f}"
        )
        print(f"  clean:     {flip.clean[:200]}")
        print(f"  disguised: {flip.disguised[:200]}")
        print(f"  read as:   {flip.reading[:200]}")
    share = caught_disguised / caught if caught else float("nan")
    print(
        f"\n{args.experiment}, {args.technique}: {total} test spam, {caught} caught clean, "
        f"{caught_disguised} caught disguised ({100 * share:.1f}% of clean)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
