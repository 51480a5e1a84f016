"""``rejoinder classify`` and ``rejoinder train`` as a user runs them: real subprocesses."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from rejoinder.spam import SpamModel

REJOINDER = [sys.executable, "-m", "rejoinder"]


def run(*args: str, stdin: str | bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    data = stdin.encode() if isinstance(stdin, str) else stdin
    return subprocess.run([*REJOINDER, *args], input=data, capture_output=True, timeout=120, check=False)


def lines(out: bytes) -> list[dict[str, object]]:
    return [json.loads(line) for line in out.decode().splitlines()]


def test_classify_from_stdin_keeps_order_and_echoes_ids() -> None:
    stdin = "\n".join(
        [
            json.dumps({"id": "a", "comment_content": "Thanks, a fair summary of the council meeting."}),
            json.dumps(
                {"id": 7, "content": "Cheap viagra at pills-shop.xyz, best prices!!!", "extra": [1, 2]}
            ),
            json.dumps({"content": "no id here"}),
        ]
    )
    done = run("classify", stdin=stdin)
    assert done.returncode == 0, done.stderr
    out = lines(done.stdout)
    assert [o["id"] for o in out] == ["a", 7, None]
    assert out[0]["decision"] == "ham"
    assert out[1]["decision"] != "ham"
    for o in out:
        assert 0 <= float(o["score"]) <= 1  # type: ignore[arg-type]
        assert isinstance(o["reasons"], list)


def test_bad_lines_get_an_error_and_the_run_goes_on() -> None:
    stdin = b'{"id": 1, "content": "ok"}\nnot json\n[1, 2]\n\n{"id": 2}\n\xff\xfe{"x"\n'
    done = run("classify", stdin=stdin)
    assert done.returncode == 0, done.stderr
    out = lines(done.stdout)
    assert len(out) == 6
    assert out[0]["id"] == 1
    assert "score" in out[0]
    assert out[1] == {"id": None, "line": 2, "error": out[1]["error"]}
    assert str(out[1]["error"]).startswith("not valid JSON")
    assert out[2]["error"] == "expected a JSON object, got list"
    assert out[3]["error"] == "empty line"
    assert out[4]["id"] == 2
    assert "score" in out[4]
    assert out[5]["line"] == 6


def test_classify_reads_a_file(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text(
        "".join(json.dumps({"id": i, "content": f"comment number {i}"}) + "\n" for i in range(2500))
    )
    done = run("classify", str(path))
    assert done.returncode == 0, done.stderr
    assert [o["id"] for o in lines(done.stdout)] == list(range(2500))


def test_unreadable_input_fails_with_a_message(tmp_path: Path) -> None:
    done = run("classify", str(tmp_path / "missing.jsonl"))
    assert done.returncode != 0
    assert b"missing.jsonl" in done.stderr


def test_a_broken_model_is_reported_not_a_traceback(tmp_path: Path) -> None:
    done = run("classify", "--model", str(tmp_path), stdin="{}\n")
    assert done.returncode == 1
    assert b"cannot read" in done.stderr
    assert b"Traceback" not in done.stderr


def test_classify_does_not_import_the_web_stack() -> None:
    code = (
        "import sys, io\n"
        "sys.stdin = io.TextIOWrapper(io.BytesIO(b'{}\\n'))\n"
        "sys.argv = ['rejoinder', 'classify']\n"
        "from rejoinder.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "web = ('fastapi', 'starlette', 'sqlalchemy', 'uvicorn')\n"
        "print('IMPORTED', [m for m in sys.modules if m.split('.')[0] in web])"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert "IMPORTED []" in done.stdout, done.stdout + done.stderr


@pytest.mark.slow
def test_train_writes_a_loadable_model(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "sub").mkdir(parents=True)
    spam = [
        {"id": f"s{i}", "content": f"buy cheap pills number {i} at pills.xyz", "label": "spam"}
        for i in range(40)
    ]
    ham = [
        {"id": f"h{i}", "content": f"the council meeting {i} ran late again", "label": "ham"}
        for i in range(40)
    ]
    (data / "spam.jsonl").write_text("".join(json.dumps(r) + "\n" for r in spam))
    (data / "sub" / "ham.jsonl").write_text("".join(json.dumps(r) + "\n" for r in ham) + "broken line\n")
    done = run("train", "--data", str(data), "--out", str(tmp_path / "model"))
    assert done.returncode == 0, done.stderr
    model = SpamModel.load(tmp_path / "model")
    assert set(model.manifest_["training"]["inputs"]) == {"spam", "sub/ham"}
    proba = model.predict_proba([{"content": "buy cheap pills"}, {"content": "the council meeting"}])[:, 1]
    assert proba[0] > 0.5 > proba[1]
    classified = run("classify", "--model", str(tmp_path / "model"), stdin='{"content": "buy cheap pills"}\n')
    assert lines(classified.stdout)[0]["decision"] != "ham"


def test_train_refuses_a_directory_without_data(tmp_path: Path) -> None:
    done = run("train", "--data", str(tmp_path), "--out", str(tmp_path / "m"))
    assert done.returncode == 2
    assert b"no .jsonl files" in done.stderr


def test_train_refuses_one_class_only(tmp_path: Path) -> None:
    (tmp_path / "x.jsonl").write_text(json.dumps({"content": "a", "label": "spam"}) + "\n")
    done = run("train", "--data", str(tmp_path), "--out", str(tmp_path / "m"))
    assert done.returncode == 1
    assert b"both spam and ham" in done.stderr
