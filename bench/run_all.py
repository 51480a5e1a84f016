"""``make bench``: run every benchmark script that exists, in order, and stop at the first failure.

Benchmarks are owned by different people and land at different times, so the list names modules
and skips the ones not written yet instead of failing.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import time

BENCHMARKS: list[tuple[str, list[str]]] = [
    ("bench.quality", ["--write-results"]),
    ("bench.engine_speed", []),
    ("bench.http_load", []),
    ("bench.storage_speed", []),
    ("bench.widget_size", []),
]


def exists(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


def main() -> int:
    for module, args in BENCHMARKS:
        if not exists(module):
            print(f"run_all: skipping {module} (not written yet)", file=sys.stderr)
            continue
        print(f"run_all: {module} {' '.join(args)}", file=sys.stderr)
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", module, *args], check=False)
        print(f"run_all: {module} finished in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        if done.returncode != 0:
            print(f"run_all: {module} failed with exit code {done.returncode}", file=sys.stderr)
            return done.returncode
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
