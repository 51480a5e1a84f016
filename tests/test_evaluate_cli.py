"""``rejoinder evaluate`` end to end: a real subprocess, a real model directory, real PNG files.

The printed numbers are checked against the same model scored in-process and measured with
scikit-learn, so the command cannot print a plausible-looking but wrong table.
"""

from __future__ import annotations

import json
import re
import struct
import subprocess
import sys
from pathlib import Path

import pytest
from sklearn import metrics as skm

from rejoinder.spam import Engine, SpamModel

SPAM = [
    "Check out my channel and subscribe! http://cheap-views.example.com",
    "Make $500 a day from home, click www.easy-money.example.biz now",
    "subscribe to me please I will subscribe back!!!",
    "FREE iPhone giveaway visit bit.ly/free-phone-now",
    "Buy followers cheap at www.followers.example.net best price",
    "I'm paying $5k to the first 5 people who message me on whatsapp",
    "Hey guys check out my new video, like and subscribe",
    "Cheap viagra pills online no prescription www.pills.example.ru",
    "Earn bitcoin fast, DM me for the investment plan, 300% returns",
    "Visit my site for the best printer support phone number 1-800-000-0000",
    "Win a free cruise! Text WIN to 80082 now, limited offer",
    "Click here for free gift cards www.gift.example.tk",
]
HAM = [
    "This song takes me back to summer 2012, love it",
    "Great article, the part about the budget was very clear.",
    "I disagree with the author's point on taxes, the numbers don't add up.",
    "Thanks for the tutorial, the pandas example finally made sense to me.",
    "Who else is listening to this in 2015?",
    "The mayor's response seems reasonable given the flooding last year.",
    "My grandmother used to sing this, beautiful voice.",
    "Could you explain the second step? I got an error on line 3.",
    "The referee made a terrible call in the second half.",
    "Lovely photos of the harbour, where was the last one taken?",
    "I read the report too; the survey sample looks small.",
    "Best live performance I have seen of this track.",
]


def _rows() -> list[dict[str, object]]:
    rows: list[dict[str, object]] = [{"content": t, "label": "spam", "author": "promo"} for t in SPAM]
    rows += [{"content": t, "label": "ham", "author": "reader"} for t in HAM]
    return rows


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small model trained on a few comments, saved like ``rejoinder train`` saves one."""
    rows = _rows()
    comments = [{"content": r["content"], "author": r["author"]} for r in rows]
    y = [1 if r["label"] == "spam" else 0 for r in rows]
    path = tmp_path_factory.mktemp("model") / "small"
    SpamModel(bits=16, epochs=3).fit(comments, y).save(path)
    return path


@pytest.fixture
def data_file(tmp_path: Path) -> Path:
    # held-out style: perturbed copies so the scores are not all 0 or 1
    rows = [{**r, "content": f"{r['content']} (reposted)"} for r in _rows()]
    path = tmp_path / "labelled.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def run_evaluate(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "rejoinder", "evaluate", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=240,
        check=False,
    )


def png_size(path: Path) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk, after checking the signature."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    assert data.rstrip(b"\x00")[-8:-4] == b"IEND", f"{path} is truncated"
    return width, height


def expected_metrics(model_dir: Path, data_file: Path) -> dict[str, float]:
    """The same model scored in-process, measured by scikit-learn (not by our metrics module)."""
    rows = [json.loads(line) for line in data_file.read_text().splitlines()]
    comments = [{"content": r["content"], "author": r["author"]} for r in rows]
    y = [1 if r["label"] == "spam" else 0 for r in rows]
    scores = [v.score for v in Engine.load(model_dir).check_many(comments)]
    pred = [int(s >= 0.5) for s in scores]
    return {
        "accuracy": skm.accuracy_score(y, pred),
        "precision": skm.precision_score(y, pred, zero_division=0),
        "recall": skm.recall_score(y, pred, zero_division=0),
        "F1": skm.f1_score(y, pred, zero_division=0),
        "MCC": skm.matthews_corrcoef(y, pred),
        "ROC-AUC": skm.roc_auc_score(y, scores),
    }


def test_prints_metrics_and_writes_both_curves(model_dir: Path, data_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "plots"
    done = run_evaluate("--data", data_file, "--model", model_dir, "--out", out, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    printed = dict(re.findall(r"^(.+?)\s{2,}(\S+)", done.stdout, flags=re.MULTILINE))
    for name, value in expected_metrics(model_dir, data_file).items():
        assert float(printed[name]) == pytest.approx(value, abs=5e-5), name
    for name in (
        "ham flagged at 95% spam recall",
        "ham flagged at 99% spam recall",
        "ham flagged at threshold",
    ):
        assert 0.0 <= float(printed[name]) <= 1.0
    assert printed["comments"] == "24"
    assert "scoring" in done.stderr  # the progress bar
    for name in ("roc.png", "pr.png"):
        assert png_size(out / name) == (600, 500)


def test_json_output_matches_the_table(model_dir: Path, data_file: Path, tmp_path: Path) -> None:
    done = run_evaluate("--data", data_file, "--model", model_dir, "--out", tmp_path, "--json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    expected = expected_metrics(model_dir, data_file)
    assert result["f1"] == pytest.approx(expected["F1"])
    assert result["mcc"] == pytest.approx(expected["MCC"])
    assert (result["n"], result["n_spam"]) == (24, 12)
    assert png_size(Path(result["roc_png"])) == (600, 500)
    assert png_size(Path(result["pr_png"])) == (600, 500)


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (['{"content": "hi", "label": "ham"}', "not json"], "line 2 is not JSON"),
        (['{"content": "hi", "label": "maybe"}'], "line 1 has label 'maybe'"),
        (['{"text": "hi", "label": "ham"}'], 'line 1 needs a "content" string'),
        (['{"content": "a", "label": "ham"}', '{"content": "b", "label": 0}'], "both spam and ham"),
        ([""], "no comments"),
    ],
)
def test_bad_data_is_a_usage_error_that_says_what_to_fix(
    lines: list[str], message: str, model_dir: Path, tmp_path: Path
) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = run_evaluate("--data", path, "--model", model_dir, "--out", tmp_path, cwd=tmp_path)
    assert done.returncode == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "roc.png").exists()


def test_a_file_that_is_not_utf8_is_a_usage_error(model_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "latin1.jsonl"
    path.write_bytes('{"content": "caf\u00e9", "label": "ham"}\n'.encode("latin-1"))
    done = run_evaluate("--data", path, "--model", model_dir, "--out", tmp_path, cwd=tmp_path)
    assert done.returncode == 2
    assert "not UTF-8" in done.stderr
    assert "Traceback" not in done.stderr


def test_missing_data_file_is_a_usage_error(tmp_path: Path) -> None:
    done = run_evaluate("--data", tmp_path / "nope.jsonl", cwd=tmp_path)
    assert done.returncode == 2
    assert "does not exist" in done.stderr


def test_a_directory_that_is_not_a_model_is_refused_plainly(data_file: Path, tmp_path: Path) -> None:
    not_a_model = tmp_path / "empty"
    not_a_model.mkdir()
    done = run_evaluate("--data", data_file, "--model", not_a_model, "--out", tmp_path, cwd=tmp_path)
    assert done.returncode == 1
    assert "cannot load the model" in done.stderr
    assert "Traceback" not in done.stderr
