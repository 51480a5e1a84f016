"""``bench/RESULTS.md`` is shared: each benchmark owns one block between its own markers.

Writing a block replaces only the text between that benchmark's markers, so a run of one benchmark
never disturbs another's section; a block seen for the first time is appended under its heading.
"""

from __future__ import annotations

from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def write_block(block: str, *, begin: str, end: str, heading: str, path: Path = RESULTS) -> None:
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    wrapped = f"{begin}\n{block.rstrip()}\n{end}"
    if begin in text and end in text:
        head, rest = text.split(begin, 1)
        _, tail = rest.split(end, 1)
        text = head + wrapped + tail
    else:
        text = text.rstrip() + f"\n\n## {heading}\n\n" + wrapped + "\n"
    path.write_text(text, encoding="utf-8")
