"""Regenerate ``src/rejoinder/spam/confusables_table.py`` from the ``confusable-homoglyphs`` package.

    .venv/bin/python -m training.build_confusables

Parsing the package's 900 kB JSON takes tens of milliseconds at every start-up; the generated
module imports in about one. ``tests/spam/test_normalise.py`` checks the two still agree, so a
package upgrade that changes the data fails the tests until this script is rerun.
"""

from __future__ import annotations

import json
from importlib import metadata, resources
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "rejoinder" / "spam" / "confusables_table.py"


def build() -> dict[int, str]:
    """Map each non-ASCII look-alike to the ASCII letter or digit it imitates (first match wins)."""
    source = resources.files("confusable_homoglyphs").joinpath("confusables.json").read_text("utf-8")
    table: dict[int, str] = {}
    for char, homoglyphs in json.loads(source).items():
        if len(char) != 1 or char.isascii():
            continue
        for glyph in homoglyphs:
            target = glyph["c"]
            if len(target) == 1 and target.isascii() and target.isalnum():
                table[ord(char)] = target
                break
    return dict(sorted(table.items()))


def main() -> int:
    table = build()
    version = metadata.version("confusable-homoglyphs")
    rows = [f"    0x{code:X}: {json.dumps(target)}," for code, target in table.items()]
    OUT.write_text(
        '"""Look-alike characters -> the ASCII letter or digit they imitate (generated; do not edit).\n\n'
        f"Built by ``python -m training.build_confusables`` from confusable-homoglyphs {version}\n"
        '(Unicode confusables data). See ``normalise.prepare``.\n"""\n\n'
        "TABLE: dict[int, str] = {\n" + "\n".join(rows) + "\n}\n",
        encoding="utf-8",
    )
    print(f"wrote {len(table)} entries to {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
