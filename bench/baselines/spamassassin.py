"""SpamAssassin's Bayes filter as a baseline: real ``sa-learn`` and ``spamassassin``, Bayes rules only.

Each comment becomes a minimal e-mail (author in ``From``, author URL in a header, the text as a
``text/plain`` body). Training runs ``sa-learn --spam`` / ``--ham`` on an mbox into a throwaway
Bayes database; scoring runs ``spamassassin --mbox`` once over the whole test mbox (one Perl start-up
instead of one per comment, which is what makes this finish in seconds rather than minutes) and reads
the Bayes probability that ``add_header all Bayes _BAYES_`` writes into every message.

The configuration is ours alone: ``--configpath`` points at a directory holding only the BAYES_*
rules (copied from the installed ``23_bayes.cf``) and ``--siteconfigpath`` at one loading only the
Bayes plugin, so no network test, DNS blocklist or hand-written body rule takes part. This measures
SpamAssassin's learner, not its rule set, which was written for e-mail and would be unfair either way.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from email.header import Header
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import numpy as np

EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
RULES_SOURCE = Path("/usr/share/spamassassin/23_bayes.cf")
_BAYES_HEADER = re.compile(rb"^X-Spam-Bayes: *([0-9.]+)", re.MULTILINE)
_MARKER = re.compile(rb"^X-Comment-Index: *(\d+)", re.MULTILINE)

RULE_FILES = ("23_bayes.cf", "20_aux_tlds.cf")  # the Bayes rules, and the TLD list the URI parser needs
SITE_PRE = "loadplugin Mail::SpamAssassin::Plugin::Check\nloadplugin Mail::SpamAssassin::Plugin::Bayes\n"

LOCAL_CF = """\
use_bayes 1
use_bayes_rules 1
bayes_auto_learn 0
bayes_auto_expire 0
bayes_min_ham_num 1
bayes_min_spam_num 1
bayes_learn_to_journal 0
use_network_rules 0
skip_rbl_checks 1
report_safe 0
required_score 5.0
add_header all Bayes _BAYES_
bayes_ignore_header X-Comment-Index
bayes_ignore_header Message-ID
bayes_ignore_header Date
bayes_ignore_header Subject
bayes_ignore_header To
"""


def available() -> bool:
    """True when the Debian ``spamassassin`` package (and its Bayes rules) is installed."""
    return all(shutil.which(cmd) for cmd in ("sa-learn", "spamassassin")) and RULES_SOURCE.exists()


def to_email(comment: Mapping[str, Any], index: int) -> bytes:
    """Wrap one comment as an mbox message; ``From `` lines in the body are escaped per mboxrd.

    ``index`` must be unique within a run: SpamAssassin remembers learned messages by Message-ID
    and by a hash of Date and body, and silently skips (or, across classes, *relearns*) a message
    it thinks it has seen. A distinct Message-ID and Date per row keep duplicate comment texts as
    separate training examples, as they are for the other systems; neither header is tokenised.
    """
    author = str(comment.get("author") or "anonymous")
    address = str(comment.get("author_email") or "anonymous@example.invalid")
    date = format_datetime(EPOCH + timedelta(seconds=index))
    headers = [
        "From comments@example.invalid Sat Jan  1 00:00:00 2000",
        f"From: {Header(author, 'utf-8').encode()} <{address}>",
        "To: comments@example.invalid",
        "Subject: comment",
        f"Date: {date}",
        f"Message-ID: <{index}@comments.example.invalid>",
        f"X-Comment-Index: {index}",
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=utf-8",
        "Content-Transfer-Encoding: 8bit",
    ]
    url = str(comment.get("author_url") or "")
    if url:
        headers.append(f"X-Author-URL: {url}")
    body = str(comment.get("content") or "").replace("\r\n", "\n").replace("\r", "\n")
    body = re.sub(r"^(>*From )", r">\1", body, flags=re.MULTILINE)
    return ("\n".join(headers) + "\n\n" + body + "\n\n").encode("utf-8", "replace")


def _write_mbox(path: Path, items: Iterable[tuple[int, Mapping[str, Any]]]) -> Path:
    with path.open("wb") as fh:
        for index, comment in items:
            fh.write(to_email(comment, index))
    return path


class SpamAssassinBayes:
    """Train on one split and score another, all inside a temporary directory."""

    name = "SpamAssassin Bayes"

    def __init__(self, workdir: Path | None = None) -> None:
        self.workdir = workdir

    def fit_score(
        self, train: Sequence[Mapping[str, Any]], y: Sequence[int], test: Sequence[Mapping[str, Any]]
    ) -> np.ndarray:
        with tempfile.TemporaryDirectory(prefix="sa-bayes-", dir=self.workdir) as tmp:
            root = Path(tmp)
            args = self._configure(root)
            self._learn(root, args, root / "bayes", list(enumerate(train)), y)
            return self._score(root, args, test, first_index=len(train))

    def fit_score_folds(
        self,
        comments: Sequence[Mapping[str, Any]],
        y: Sequence[int],
        folds: Sequence[tuple[Sequence[int], Sequence[Mapping[str, Any]]]],
        progress: Callable[[], object] | None = None,
    ) -> list[np.ndarray]:
        """Cross-validation in a fraction of the time: learn every row once, then per fold
        ``sa-learn --forget`` that fold's test rows from a copy of the database and score them.

        Bayes keeps plain token counts, and forgetting subtracts exactly what learning added, so
        each fold's database equals one trained on the other folds only (checked by
        ``tests/bench/test_spamassassin.py``); learning 10 x 90% of the rows would take 4.5 times as long.
        ``folds`` holds each fold's test row indices and the extra comments to score with them;
        ``progress`` is called after each fold.
        """
        with tempfile.TemporaryDirectory(prefix="sa-bayes-", dir=self.workdir) as tmp:
            root = Path(tmp)
            args = self._configure(root)
            full = root / "full"
            self._learn(root, args, full, list(enumerate(comments)), y)
            results = []
            for test_indices, extra in folds:
                shutil.rmtree(root / "bayes")
                shutil.copytree(full, root / "bayes")
                forget = _write_mbox(root / "forget.mbox", ((i, comments[i]) for i in test_indices))
                _run(["sa-learn", *args, "--dbpath", str(root / "bayes"), "--forget", "--mbox", str(forget)])
                test = [comments[i] for i in test_indices] + list(extra)
                results.append(self._score(root, args, test, first_index=len(comments)))
                if progress is not None:
                    progress()
            return results

    @staticmethod
    def _learn(
        root: Path, args: list[str], db: Path, items: list[tuple[int, Mapping[str, Any]]], y: Sequence[int]
    ) -> None:
        db.mkdir(exist_ok=True)
        for flag, wanted in (("--spam", 1), ("--ham", 0)):
            subset = [item for item, label in zip(items, y, strict=True) if label == wanted]
            mbox = _write_mbox(root / f"train{flag}.mbox", subset)
            _run(["sa-learn", *args, "--dbpath", str(db), flag, "--mbox", str(mbox)])

    @staticmethod
    def _score(
        root: Path, args: list[str], test: Sequence[Mapping[str, Any]], first_index: int
    ) -> np.ndarray:
        """Score ``test`` with the database in ``root/bayes``; indices never collide with training rows."""
        mbox = _write_mbox(root / "test.mbox", ((first_index + i, c) for i, c in enumerate(test)))
        with mbox.open("rb") as stdin:
            out = _run(["spamassassin", *args, "--mbox"], stdin=stdin)
        return _parse_scores(out, first_index, len(test))

    @staticmethod
    def _configure(root: Path) -> list[str]:
        rules, site = root / "rules", root / "site"
        rules.mkdir()
        site.mkdir()
        for name in RULE_FILES:
            text = (RULES_SOURCE.parent / name).read_text().replace("@@VERSION@@", "4.000001")
            (rules / name).write_text(text)
        (root / "user_prefs").write_text("")
        (site / "bayes.pre").write_text(SITE_PRE)
        (site / "local.cf").write_text(LOCAL_CF + f"bayes_path {root / 'bayes' / 'bayes'}\n")
        (root / "bayes").mkdir()
        return [
            "--configpath",
            str(rules),
            "--siteconfigpath",
            str(site),
            "-p",
            str(root / "user_prefs"),
            "-L",
        ]


def _run(cmd: list[str], stdin: Any = None) -> bytes:
    done = subprocess.run(cmd, stdin=stdin, capture_output=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{cmd[0]} failed ({done.returncode}): {done.stderr.decode()[-500:]}")
    return done.stdout


def _parse_scores(out: bytes, first_index: int, n: int) -> np.ndarray:
    """Read ``X-Comment-Index`` / ``X-Spam-Bayes`` pairs; a message without a Bayes score is an error."""
    scores = np.full(n, np.nan)
    for chunk in re.split(rb"^From comments@example\.invalid ", out, flags=re.MULTILINE):
        marker = _MARKER.search(chunk)
        bayes = _BAYES_HEADER.search(chunk)
        if marker and bayes:
            scores[int(marker.group(1)) - first_index] = float(bayes.group(1))
    if np.isnan(scores).any():
        missing = int(np.isnan(scores).sum())
        raise RuntimeError(f"spamassassin returned no Bayes score for {missing} of {n} comments")
    return scores
