"""A saved model on disk: arrays in ``weights.npz`` plus ``manifest.json`` that names them.

Never pickle: a model directory may come from anywhere (``REJOINDER_MODEL_PATH``), and loading
a pickle runs code. ``np.load(..., allow_pickle=False)`` only reads plain arrays, and the
manifest records a sha256 of each array's dtype, shape and bytes, checked on every load, so a
truncated or tampered file is refused instead of silently scoring garbage.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

FORMAT = "rejoinder-spam-model"
VERSION = 1
ARRAYS = "weights.npz"
MANIFEST = "manifest.json"


class ModelFileError(ValueError):
    """The model directory is missing, unreadable, of another format, or fails its checksums."""


def array_sha256(array: npt.NDArray[Any]) -> str:
    digest = hashlib.sha256()
    digest.update(f"{array.dtype.str}|{array.shape}|".encode())
    digest.update(np.ascontiguousarray(array).tobytes())
    return digest.hexdigest()


def save(directory: str | Path, arrays: dict[str, npt.NDArray[Any]], manifest: dict[str, Any]) -> Path:
    """Write the arrays and a manifest (with their checksums) into ``directory``."""
    path = Path(directory)
    path.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)  # type: ignore[arg-type]
    (path / ARRAYS).write_bytes(buffer.getvalue())
    full = {
        "format": FORMAT,
        "version": VERSION,
        **manifest,
        "arrays": {
            name: {"sha256": array_sha256(a), "dtype": a.dtype.str, "shape": list(a.shape)}
            for name, a in sorted(arrays.items())
        },
    }
    (path / MANIFEST).write_text(json.dumps(full, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return path


def load(directory: str | Path) -> tuple[dict[str, npt.NDArray[Any]], dict[str, Any]]:
    """Read and verify a model directory; raise ``ModelFileError`` saying what is wrong."""
    path = Path(directory)
    try:
        manifest = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelFileError(f"cannot read {path / MANIFEST}: {exc}") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ModelFileError(f"{path / MANIFEST} is not a {FORMAT} manifest")
    if manifest.get("version") != VERSION:
        raise ModelFileError(f"{path} has model format version {manifest.get('version')}, expected {VERSION}")
    expected = manifest.get("arrays")
    if not isinstance(expected, dict):
        raise ModelFileError(f"{path / MANIFEST} lists no arrays")
    try:
        with np.load(path / ARRAYS, allow_pickle=False) as data:
            arrays = {name: data[name] for name in data.files}
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as exc:
        raise ModelFileError(f"cannot read {path / ARRAYS}: {exc}") from exc
    if sorted(arrays) != sorted(expected):
        raise ModelFileError(f"{path / ARRAYS} holds {sorted(arrays)}, the manifest lists {sorted(expected)}")
    for name, array in arrays.items():
        entry = expected[name]
        if not isinstance(entry, dict) or entry.get("sha256") != array_sha256(array):
            raise ModelFileError(
                f"array {name!r} in {path / ARRAYS} does not match its sha256 in the manifest"
            )
    return arrays, manifest
