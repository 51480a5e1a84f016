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
from collections.abc import Mapping, Sequence
from email.header import Header
from pathlib import Path
from typing import Any

import numpy as np

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
    """Wrap one comment as an mbox message; ``From `` lines in the body are escaped per mboxrd."""
    author = str(comment.get("author") or "anonymous")
    address = str(comment.get("author_email") or "anonymous@example.invalid")
    headers = [
        "From comments@example.invalid Sat Jan  1 00:00:00 2000",
        f"From: {Header(author, 'utf-8').encode()} <{address}>",
        "To: comments@example.invalid",
        "Subject: comment",
        "Date: Sat, 1 Jan 2000 00:00:00 +0000",
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


def _write_mbox(path: Path, comments: Sequence[Mapping[str, Any]], offset: int = 0) -> None:
    with path.open("wb") as fh:
        for i, comment in enumerate(comments):
            fh.write(to_email(comment, offset + i))


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
            spam = [c for c, label in zip(train, y, strict=True) if label == 1]
            ham = [c for c, label in zip(train, y, strict=True) if label == 0]
            for flag, subset in (("--spam", spam), ("--ham", ham)):
                mbox = root / f"train{flag}.mbox"
                _write_mbox(mbox, subset)
                _run(["sa-learn", *args, "--dbpath", str(root / "bayes"), flag, "--mbox", str(mbox)])
            test_mbox = root / "test.mbox"
            _write_mbox(test_mbox, test)
            with test_mbox.open("rb") as stdin:
                out = _run(["spamassassin", *args, "--mbox"], stdin=stdin)
            return _parse_scores(out, len(test))

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


def _parse_scores(out: bytes, n: int) -> np.ndarray:
    """Read ``X-Comment-Index`` / ``X-Spam-Bayes`` pairs; a message without a Bayes score is an error."""
    scores = np.full(n, np.nan)
    for chunk in re.split(rb"^From comments@example\.invalid ", out, flags=re.MULTILINE):
        marker = _MARKER.search(chunk)
        bayes = _BAYES_HEADER.search(chunk)
        if marker and bayes:
            scores[int(marker.group(1))] = float(bayes.group(1))
    if np.isnan(scores).any():
        missing = int(np.isnan(scores).sum())
        raise RuntimeError(f"spamassassin returned no Bayes score for {missing} of {n} comments")
    return scores
