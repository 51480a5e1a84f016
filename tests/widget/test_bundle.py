"""The shipped widget bundles: within budget, built from the sources in the repository, and
talking to no one but their own server.

The rebuild check needs ``widget/node_modules`` (``make widget`` or ``npm ci`` in ``widget/``);
without it the check is skipped locally and fails in CI (``CI=true``), where ``.ci/run`` installs it.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WIDGET = ROOT / "widget"
STATIC = ROOT / "src" / "rejoinder" / "web" / "static"
BUNDLES = ("embed.js", "count.js")
# the same inputs, in the same order, as sourcesDigest() in widget/build.mjs
SOURCE_FILES = ("build.mjs", "package.json", "package-lock.json", "tsconfig.json")

# gzipped, styles and six languages included; 10 KiB until readers' likes and reports (+0.8 kB)
EMBED_BUDGET = 11 * 1024
COUNT_BUDGET = 1536


def gzipped_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=9, mtime=0))


def sources_digest() -> str:
    files = [WIDGET / name for name in SOURCE_FILES] + [p for p in (WIDGET / "src").rglob("*") if p.is_file()]
    paths = sorted(p.relative_to(WIDGET).as_posix() for p in files)
    lines = "".join(f"{path}\0{hashlib.sha256((WIDGET / path).read_bytes()).hexdigest()}\n" for path in paths)
    return hashlib.sha256(lines.encode()).hexdigest()


def need_node_modules() -> None:
    if (WIDGET / "node_modules" / "esbuild").is_dir() and shutil.which("node"):
        return
    message = "widget/node_modules is missing: run `make widget` (or `npm ci` in widget/)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)


def node(script: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run one of the widget's Node tools in widget/ (skipped, or failed in CI, without node_modules)."""
    need_node_modules()
    return subprocess.run(["node", script, *args], cwd=WIDGET, capture_output=True, text=True, timeout=180)


def test_embed_js_is_at_most_11_kb_gzipped() -> None:
    size = gzipped_size(STATIC / "embed.js")
    assert size <= EMBED_BUDGET, f"embed.js is {size} bytes gzipped; the budget is {EMBED_BUDGET}"


def test_count_js_is_at_most_1_5_kb_gzipped() -> None:
    size = gzipped_size(STATIC / "count.js")
    assert size <= COUNT_BUDGET, f"count.js is {size} bytes gzipped; the budget is {COUNT_BUDGET}"


def test_manifest_names_the_shipped_bytes() -> None:
    manifest = json.loads((STATIC / "manifest.json").read_text())
    for name in BUNDLES:
        body = (STATIC / name).read_bytes()
        assert manifest["files"][name] == {"sha256": hashlib.sha256(body).hexdigest(), "bytes": len(body)}


def test_manifest_was_built_from_the_current_sources() -> None:
    """Cheap and Node-free: an edited source without a rebuild fails here, in every environment."""
    manifest = json.loads((STATIC / "manifest.json").read_text())
    assert manifest["sources_sha256"] == sources_digest(), "widget/src changed: run `make widget` and commit"


def test_rebuilding_from_sources_gives_the_same_bytes(tmp_path: Path) -> None:
    built = node("build.mjs", str(tmp_path))
    assert built.returncode == 0, built.stdout + built.stderr
    for name in (*BUNDLES, "manifest.json"):
        assert (tmp_path / name).read_bytes() == (STATIC / name).read_bytes(), (
            f"{name} differs from a rebuild"
        )


def test_sources_pass_the_type_checker() -> None:
    """Also proves every translation has exactly one string per key (``Dict`` is a fixed-length tuple)."""
    result = node("node_modules/typescript/bin/tsc", "--noEmit", "-p", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_sources_are_formatted() -> None:
    result = node("node_modules/prettier/bin/prettier.cjs", "--check", "src", "build.mjs")
    assert result.returncode == 0, f"run `npm run format` in widget/:\n{result.stdout}{result.stderr}"


@pytest.mark.parametrize("name", BUNDLES)
def test_bundles_reach_no_third_party_and_set_no_cookie(name: str) -> None:
    source = (STATIC / name).read_text(encoding="utf-8")
    urls = set(re.findall(r"https?://[^\s\"'`)]+", source)) - {"http://www.w3.org/2000/svg", "https://…"}
    assert not urls, f"{name} names outside addresses: {urls}"
    assert "cookie" not in source.lower()
    assert 'credentials:"omit"' in source.replace(" ", "")


def test_every_language_is_inside_the_bundle() -> None:
    source = (STATIC / "embed.js").read_text(encoding="utf-8")
    for phrase in (
        "Your comment is awaiting moderation.",
        "Dein Kommentar wartet auf Freischaltung.",
        "Votre commentaire est en attente de modération.",
        "Tu comentario está pendiente de moderación.",
        "Ваш комментарий ожидает проверки модератором.",
        "आपकी टिप्पणी मॉडरेशन की प्रतीक्षा में है।",
    ):
        assert phrase in source
