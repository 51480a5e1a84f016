"""The engine compiled by mypyc (``make compile``) and the plain Python source give the same answers.

The rest of ``tests/spam`` runs on whichever build this process imports: the compiled one after
``make compile`` (``make test`` and CI build it first). So that neither can drift, the golden and
equivalence tests are run once more here, in a child process, on a copy of the source without the
compiled modules. CI sets ``REJOINDER_EXPECT_COMPILED=1`` so a build that silently fell back to pure
Python fails there rather than passing slower.
"""

from __future__ import annotations

import importlib
import importlib.machinery
import os
import shutil
import subprocess
import sys
import weakref
from pathlib import Path
from types import ModuleType

import pytest

import rejoinder.spam
from rejoinder.spam import Engine
from rejoinder.spam.features import extract
from tests.spam.conftest import handwritten

ROOT = Path(__file__).resolve().parents[2]
SPAM = Path(rejoinder.spam.__path__[0])
GUARD_RAILS = [
    "tests/spam/test_speed_equivalence.py",
    "tests/spam/test_engine_equivalence.py",
    "tests/spam/test_batch_equivalence.py",
    "tests/spam/test_compiled_build.py::test_this_process_runs_the_build_it_was_asked_for",
]


def _is_compiled(module: ModuleType) -> bool:
    return str(module.__file__).endswith(tuple(importlib.machinery.EXTENSION_SUFFIXES))


def _compiled_modules() -> dict[str, ModuleType]:
    names = sorted(path.stem for path in SPAM.glob("*.py") if path.stem != "__init__")
    modules = {name: importlib.import_module(f"rejoinder.spam.{name}") for name in names}
    return {name: module for name, module in modules.items() if _is_compiled(module)}


def _compiled_names_from_setup() -> set[str]:
    text = (ROOT / "setup.py").read_text(encoding="utf-8")
    listed = text.split("COMPILED = (", 1)[1].split(")", 1)[0]
    return {line.strip().strip('",') for line in listed.splitlines() if line.strip()}


def test_this_process_runs_the_build_it_was_asked_for() -> None:
    compiled = set(_compiled_modules())
    if os.environ.get("REJOINDER_EXPECT_PURE") == "1":
        assert compiled == set()
    elif os.environ.get("REJOINDER_EXPECT_COMPILED") == "1":
        assert compiled == _compiled_names_from_setup()
    else:
        assert compiled in (set(), _compiled_names_from_setup()), "a partial build: run make compile"


def test_the_compiled_modules_are_not_older_than_their_sources() -> None:
    """Python imports a ``.so`` before the ``.py`` beside it, so an edit that was not compiled
    would be silently ignored; ``make`` rebuilds when a source changes. The code is in the one
    shared library (``rejoinder/spam__mypyc*.so``); each module's own ``.so`` only points to it."""
    compiled = _compiled_modules()
    if not compiled:
        pytest.skip("no compiled modules: the engine runs as pure Python")
    (library,) = SPAM.parent.glob("spam__mypyc*")
    built = library.stat().st_mtime
    stale = [name for name in compiled if (SPAM / f"{name}.py").stat().st_mtime > built]
    assert stale == [], f"compiled before their source last changed: {stale}; run make compile"


@pytest.mark.slow
def test_the_pure_python_source_passes_the_guard_rails_too(tmp_path: Path) -> None:
    if not _compiled_modules():
        pytest.skip("this process already runs the pure-Python engine")
    source = tmp_path / "src"
    shutil.copytree(
        SPAM.parent, source / "rejoinder", ignore=shutil.ignore_patterns("*.so", "*.pyd", "__pycache__")
    )
    env = {**os.environ, "PYTHONPATH": str(source), "REJOINDER_EXPECT_PURE": "1"}
    env.pop("REJOINDER_EXPECT_COMPILED", None)
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *GUARD_RAILS],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert " passed" in run.stdout


def test_a_dropped_feature_batch_frees_every_array_it_held(engine: Engine) -> None:
    """Compiled by mypyc 1.18, a dataclass field typed as a fixed-size tuple of arrays was never
    freed: 3 MB more per 1,000 comments checked, for ever. Every array must go with its batch."""
    comments = (handwritten("ham") + handwritten("spam")) * 8
    batch = extract(comments, engine.model.config)
    arrays = [
        batch.rows,
        batch.cols,
        batch.vals,
        batch.offset,
        batch.bigram_rows,
        batch.bigram_cols,
        batch.bigram_vals,
        batch.words.row,
        *batch.shingles,
    ]
    alive = [weakref.ref(array) for array in arrays]
    del batch, arrays
    assert sum(ref() is not None for ref in alive) == 0
