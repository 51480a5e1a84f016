"""Training: weighting and augmentation rules, and that ``make train`` rebuilds the shipped model exactly."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

from rejoinder.spam.augment import augment
from rejoinder.spam.corpus import build, in_holdout, label_of, read_jsonl
from rejoinder.spam.engine import DEFAULT_MODEL
from rejoinder.spam.trainer import CANDIDATES, UNSEEN_SITE, auc, train

ROOT = Path(__file__).resolve().parents[2]


def test_labels() -> None:
    assert [label_of({"label": x}) for x in ("spam", "HAM", 1, 0, True, "maybe")] == [1, 0, 1, 0, 1, None]
    assert label_of({}) is None


def test_read_jsonl_skips_broken_and_unlabelled_lines(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    path.write_text(
        '{"content": "a", "label": "spam"}\nbroken\n{"content": "b"}\n[1]\n{"content": "c", "label": 0}\n'
    )
    assert [r["content"] for r in read_jsonl(path)] == ["a", "c"]


def test_build_balances_classes_and_is_deterministic() -> None:
    sources = {
        "big": [{"id": str(i), "content": f"ham {i}", "label": "ham"} for i in range(90)],
        "small": [{"id": str(i), "content": f"spam {i}", "label": "spam"} for i in range(10)],
    }
    data = build(sources, {"big": 1.0}, seed=1)
    spam = sum(w for w, y in zip(data.weights, data.labels, strict=True) if y)
    ham = sum(w for w, y in zip(data.weights, data.labels, strict=True) if not y)
    assert spam == pytest.approx(ham)
    assert build(sources, {"big": 1.0}, seed=1).comments == data.comments


def test_augmentation_gives_identities_to_both_classes_alike() -> None:
    rng = random.Random(0)
    rows = [augment({"content": "x"}, label, "sms", rng) for label in (0, 1) for _ in range(400)]
    named = [sum(1 for r in rows[i * 400 : (i + 1) * 400] if r.get("author")) for i in (0, 1)]
    assert abs(named[0] - named[1]) < 60  # "has a name" must not predict the class
    assert all("@" in r["author_email"] for r in rows if "author_email" in r)


def test_augmentation_drops_some_websites_from_wordpress_spam() -> None:
    rng = random.Random(0)
    rows = [
        augment({"content": "x", "author": "a", "author_url": "http://x.com"}, 1, "wordpress_queue_spam", rng)
        for _ in range(200)
    ]
    kept = sum(1 for r in rows if "author_url" in r)
    assert 100 < kept < 180


def test_holdout_is_stable() -> None:
    picks = [in_holdout(f"row:{i}", 15) for i in range(2000)]
    assert picks == [in_holdout(f"row:{i}", 15) for i in range(2000)]
    assert 200 < sum(picks) < 400


def test_auc() -> None:
    import numpy as np

    assert auc(np.array([0.0, 0.0, 1.0, 1.0]), np.array([0.1, 0.2, 0.3, 0.4])) == 1.0
    assert auc(np.array([0.0, 1.0]), np.array([0.5, 0.5])) == 0.5


@pytest.mark.slow
def test_make_train_rebuilds_the_shipped_model_exactly(tmp_path: Path) -> None:
    shipped = json.loads((DEFAULT_MODEL / "manifest.json").read_text())
    for name, entry in shipped["training"]["inputs"].items():
        if not (ROOT / entry["path"]).exists():
            pytest.skip(f"training input {name} is not on this machine")
    done = subprocess.run(
        [sys.executable, "-m", "training.train", "--out", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    rebuilt = json.loads((tmp_path / "manifest.json").read_text())
    assert rebuilt["arrays"] == shipped["arrays"]
    assert rebuilt["training"]["inputs"] == shipped["training"]["inputs"]


def _rows(prefix: str, texts: list[str], label: str) -> list[dict[str, str]]:
    return [{"id": f"{prefix}{i}", "content": t, "label": label} for i, t in enumerate(texts)]


SPAMMY = [
    "buy cheap pills at pills-shop.xyz now",
    "win a free phone, click bit.ly/win",
    "make $500 a day, dm me",
]
HAMMY = ["the council was right about the bridge", "my grandmother lived on that street", "rents rose again"]


def test_settings_are_judged_on_a_site_the_candidates_never_saw() -> None:
    sources = {
        "corpus": _rows("c", SPAMMY * 4, "spam") + _rows("h", HAMMY * 4, "ham"),
        UNSEEN_SITE: _rows("n", SPAMMY[:2], "spam") + _rows("m", HAMMY[:2], "ham"),
    }
    model, report = train(sources, log=lambda _: None)
    assert [r["judged_on"] for r in report.candidates] == [UNSEEN_SITE] * len(CANDIDATES)
    assert report.selected == min(report.candidates, key=lambda r: r["log_loss"])["params"]
    assert report.rows[UNSEEN_SITE] == {"spam": 2, "ham": 2}  # and the final model trains on it
    assert model.predict_proba([{"content": SPAMMY[0]}])[0, 1] > 0.5


def test_without_that_site_settings_are_judged_on_held_out_rows() -> None:
    sources = {"corpus": _rows("c", SPAMMY * 10, "spam") + _rows("h", HAMMY * 10, "ham")}
    _, report = train(sources, log=lambda _: None)
    assert {r["judged_on"] for r in report.candidates} == {"holdout"}
