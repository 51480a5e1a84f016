"""``make bench``: run every benchmark script that exists, one after another, and report failures.

Benchmarks are owned by different people and land at different times, so the list names modules
and skips the ones not written yet instead of failing. A script that offers ``--write-results``
gets it, so its section of ``bench/RESULTS.md`` is refreshed; one failing script does not stop the
others, but the exit code is non-zero if any failed.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import time
from pathlib import Path

BENCHMARKS = (
    "bench.quality",
    "bench.engine_speed",
    "bench.learning_loop",
    "bench.storage_speed",
    "bench.akismet_load",
    "bench.api_vs_isso",
    "bench.rate_limits",
    "bench.widget_render",
    "bench.thread_shape",
)


def source_of(module: str) -> Path | None:
    try:
        spec = importlib.util.find_spec(module)
    except ModuleNotFoundError:
        return None
    if spec is None or spec.origin is None:
        return None
    origin = Path(spec.origin)
    main = origin.with_name("__main__.py")
    return main if origin.name == "__init__.py" and main.exists() else origin


def main() -> int:
    failed: list[str] = []
    for module in BENCHMARKS:
        source = source_of(module)
        if source is None:
            print(f"run_all: skipping {module} (not written yet)", file=sys.stderr)
            continue
        args = ["--write-results"] if "--write-results" in source.read_text(encoding="utf-8") else []
        print(f"run_all: python -m {module} {' '.join(args)}", file=sys.stderr)
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", module, *args], check=False)
        print(f"run_all: {module} finished in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        if done.returncode != 0:
            failed.append(f"{module} (exit {done.returncode})")
    if failed:
        print(f"run_all: failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
