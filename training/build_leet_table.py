"""Regenerate ``src/rejoinder/spam/leet_table.py``: where a leetspeak "1" reads as "l" rather than "i".

    .venv/bin/python -m training.build_leet_table

"1" stands for both letters ("fo11ow", "v1agra"), and a fold that always picks one misspells half
the words it meets. English decides by the neighbours: between "p" and "e" it is almost always
"l" ("please", "people"), between "v" and "d" always "i" ("video"). We count, in the comments of
``training/data`` that no benchmark tests on (Instagram scams, the WordPress spam queue, the
hand-written news comments), how often each pair of neighbours (a space at a word's edge) holds
"i" and how often "l", and keep the pairs where "l" wins. An unseen pair reads "i", as before.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "rejoinder" / "spam" / "leet_table.py"
SOURCES = (
    "training/data/instagram_scam_comments.jsonl",
    "training/data/wordpress_queue_spam.jsonl",
    "training/data/handwritten/news_comments.jsonl",
)
_WORD = re.compile(r"[a-z]+")


def count(texts: list[str]) -> Counter[tuple[str, str]]:
    """(neighbours, letter) -> occurrences of "i" or "l" between those neighbours."""
    counts: Counter[tuple[str, str]] = Counter()
    for text in texts:
        for word in _WORD.findall(text.lower()):
            padded = f" {word} "
            for k in range(1, len(padded) - 1):
                if padded[k] in "il":
                    counts[(padded[k - 1] + padded[k + 1], padded[k])] += 1
    return counts


def build() -> frozenset[str]:
    texts = []
    for source in SOURCES:
        with (ROOT / source).open(encoding="utf-8") as fh:
            texts += [str(json.loads(line).get("content") or "") for line in fh if line.strip()]
    counts = count(texts)
    pairs = {pair for pair, _ in counts}
    return frozenset(p for p in pairs if counts[(p, "l")] > counts[(p, "i")])


def main() -> int:
    pairs = sorted(p.replace(" ", "_") for p in build())
    lines = [" ".join(pairs[k : k + 16]) for k in range(0, len(pairs), 16)]
    body = "\n".join(f'    "{line} "' for line in lines)
    OUT.write_text(
        '"""Neighbour pairs between which a leetspeak "1" reads as "l" (generated; do not edit).\n\n'
        "Built by ``python -m training.build_leet_table`` from the comments named there. Each entry is\n"
        'the character before and the character after the "1" (a space at a word\'s edge; "_" here).\n'
        '"""\n\n'
        "from __future__ import annotations\n\n"
        "_PAIRS = (\n" + body + "\n)\n"
        'L_CONTEXTS: frozenset[str] = frozenset(p.replace("_", " ") for p in _PAIRS.split())\n',
        encoding="utf-8",
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
