"""Image bytes by content hash: a folder of files named by their SHA-256, uploaded when first pushed and
downloaded only when an image is shown (see `SyncEngine.fetch_blob`)."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from autograph_desktop.wire import is_sha256


class BlobCache:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def put(self, data: bytes, mime: str) -> str:
        sha = hashlib.sha256(data).hexdigest()
        path = self.folder / sha
        if not path.exists():
            self.folder.mkdir(parents=True, exist_ok=True)
            temp = path.with_suffix(".tmp")
            temp.write_bytes(data)
            os.replace(temp, path)
            path.with_suffix(".mime").write_text(mime, encoding="utf-8")
        return sha

    def get(self, sha256: str) -> tuple[bytes, str] | None:
        """The bytes (verified against their name) and their type, or None."""
        if not is_sha256(sha256):
            return None
        path = self.folder / sha256
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        if hashlib.sha256(data).hexdigest() != sha256:
            return None
        try:
            mime = path.with_suffix(".mime").read_text(encoding="utf-8").strip() or "application/octet-stream"
        except FileNotFoundError:
            mime = "application/octet-stream"
        return data, mime


def image_hashes(operations: Iterable[dict[str, Any]]) -> set[str]:
    """The image hashes that these operations make elements refer to."""
    out: set[str] = set()
    for op in operations:
        kind = op.get("op")
        if kind == "transaction":
            out |= image_hashes(op.get("operations", ()))
        elif kind == "add" and is_sha256(op["element"].get("sha256")):
            out.add(op["element"]["sha256"])
        elif kind == "update" and is_sha256(op.get("after", {}).get("sha256")):
            out.add(op["after"]["sha256"])
    return out
