"""The built widget bundles shipped in the package (``web/static``), with their cache identity.

``manifest.json`` (written by ``widget/build.mjs``) records each bundle's sha256; its first 12
hex digits are the *version* in the immutable URL ``/embed.<version>.js`` and the strong ETag
of the plain ``/embed.js``. Read once per process: the files change only with a new release.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

STATIC = Path(__file__).resolve().parents[1] / "static"
NAMES = ("embed", "count")


@dataclass(frozen=True, slots=True)
class Bundle:
    name: str  # "embed" or "count"
    body: bytes
    sha256: str

    @property
    def version(self) -> str:
        return self.sha256[:12]

    @property
    def etag(self) -> str:
        return f'"{self.sha256[:32]}"'

    @property
    def versioned_path(self) -> str:
        return f"/{self.name}.{self.version}.js"


@cache
def bundle(name: str) -> Bundle:
    """The bundle named ``name``; the hash is recomputed from the bytes so it can never lie."""
    if name not in NAMES:
        raise KeyError(name)
    body = (STATIC / f"{name}.js").read_bytes()
    return Bundle(name, body, hashlib.sha256(body).hexdigest())


def manifest() -> dict[str, object]:
    data: dict[str, object] = json.loads((STATIC / "manifest.json").read_text())
    return data
