"""Compile the spam engine's hot modules with mypyc, in place: ``make compile`` runs

    REJOINDER_COMPILE=1 .venv/bin/python setup.py build_ext --inplace

Everything else about the package lives in ``pyproject.toml``. Without ``REJOINDER_COMPILE=1``
(``pip install -e .``, a wheel, a fresh checkout without a compiler) this adds nothing: the
engine is plain typed Python and runs as such, with the same answers, only slower. The compiled
modules are C extensions (``src/rejoinder/spam/*.so`` and their shared ``src/rejoinder/spam__mypyc*.so``)
that Python imports in place of the ``.py`` files beside them; they are git-ignored, and
``tests/spam/test_compiled_build.py`` checks they are not older than their sources.
"""

from __future__ import annotations

import os

from setuptools import setup

# The modules of a check, by the profile: text plumbing, signals, hashing, features, model,
# explainer and engine. Not the trainer, the model files' I/O or the corpora (run once, not per
# comment), nor the package's __init__ and the look-alike table (only read at import).
COMPILED = (
    "normalise",
    "urls",
    "fields",
    "signals",
    "columns",
    "lexicon",
    "phrase_search",
    "fold_batch",
    "links_batch",
    "leet_table",
    "hashing",
    "features",
    "explain",
    "engine",
    "model",
    "context",
    "site",
    "sketch",
)


def _engine_extensions() -> list:  # type: ignore[type-arg]
    if os.environ.get("REJOINDER_COMPILE") != "1":
        return []
    from mypyc.build import mypycify

    return mypycify([f"src/rejoinder/spam/{name}.py" for name in COMPILED], group_name="rejoinder.spam")


setup(ext_modules=_engine_extensions())
