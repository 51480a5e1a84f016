"""``make train``: rebuild ``src/rejoinder/spam/models/default/`` exactly from the training data.

Inputs, in a fixed order:

* ``training/data/*.jsonl``: the corpora whose licences let us copy them (see data/README.md);
* ``training/data/handwritten/*.jsonl``: our own realistic news-site comments, when present;
* ``../shared/data/{youtube_spam_extra,datacamp_blog_comments}.jsonl``: corpora without a
  licence, read where they are and never copied. Their sha256 must match ``UNCOPIED`` below
  (the same checksums are written into the model manifest); when absent they are skipped with a
  warning, and the rebuilt model then differs from the shipped one.

Seeds are fixed and every step is deterministic, so two runs give arrays with equal sha256.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Any

from rejoinder.spam.corpus import read_jsonl, sha256_of
from rejoinder.spam.trainer import SEED, train

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "training" / "data"
SHARED = ROOT.parent / "shared" / "data"
OUT = ROOT / "src" / "rejoinder" / "spam" / "models" / "default"
UNCOPIED = {
    "youtube_spam_extra": "22e43bb6f850cc434fb74cdf867e38e41cab810177632dd0e37625d70a73e3b3",
    "datacamp_blog_comments": "5eeca7e0327d969330be8d4e813f94004998a2bc6783431841bf65c2bbb803ef",
}


def input_files(shared: Path = SHARED) -> list[tuple[str, Path]]:
    """(source name, path) of every input that exists, in a fixed order."""
    files = [(p.stem, p) for p in sorted(DATA.glob("*.jsonl"))]
    files += [(p.stem, p) for p in sorted((DATA / "handwritten").glob("*.jsonl"))]
    for name, expected in UNCOPIED.items():
        path = shared / f"{name}.jsonl"
        if not path.exists():
            print(f"warning: {path} is absent; training without it", file=sys.stderr)
            continue
        actual = sha256_of(path)
        if actual != expected:
            raise SystemExit(
                f"{path} has sha256 {actual}, expected {expected}: not the data this model was built from"
            )
        files.append((name, path))
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help="model directory to write")
    parser.add_argument("--shared", type=Path, default=SHARED, help="where the uncopied corpora are")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    files = input_files(args.shared)
    sources = {name: read_jsonl(path) for name, path in files}
    inputs: dict[str, Any] = {
        name: {
            "path": os.path.relpath(path, ROOT),
            "sha256": sha256_of(path),
            "rows": len(sources[name]),
        }
        for name, path in files
    }
    print(f"training on {sum(len(r) for r in sources.values())} rows from {len(files)} files")
    model, report = train(sources)
    model.save(args.out, extra={"training": {"seed": SEED, "inputs": inputs, **report.to_json()}})
    print(f"wrote {args.out} in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
