"""Diagram thumbnails by hash: uploaded when they change here, downloaded only when a view asks.

The library marks a diagram when its thumbnail is stored (`Diagrams.set_thumbnail`, in the same
transaction); a round uploads the PNG as a blob and points the server's diagram at it (a metadata PATCH
with the version the server last had: on 409 it retries once with the current one). Another computer
calls `fetch` when it wants to show a diagram that has no thumbnail of its own yet.
"""

from __future__ import annotations

import hashlib

from sqlalchemy import delete, select

from autograph_desktop.store import Library
from autograph_desktop.store.diagrams import THUMBNAIL_SCOPE
from autograph_desktop.store.schema import sync_state
from autograph_desktop.sync.account import Account
from autograph_desktop.sync.errors import Refused, parse, raise_for
from autograph_desktop.wire import DiagramConflict, DiagramInfo, DiagramPatch

_JSON = {"Content-Type": "application/json"}


def pending_thumbnails(library: Library) -> list[str]:
    with library.read() as conn:
        scopes = conn.execute(select(sync_state.c.scope)
                              .where(sync_state.c.scope.startswith(THUMBNAIL_SCOPE))).scalars().all()
    return [s[len(THUMBNAIL_SCOPE):] for s in scopes]


def _clear(library: Library, diagram_id: str) -> None:
    with library.write() as conn:
        conn.execute(delete(sync_state).where(sync_state.c.scope == THUMBNAIL_SCOPE + diagram_id))


class Thumbnails:
    def __init__(self, library: Library, account: Account) -> None:
        self.library = library
        self.account = account

    def upload_pending(self, uploaded: set[str]) -> int:
        """Upload the marked thumbnails of diagrams the server has; returns how many went up."""
        done = 0
        for diagram_id in pending_thumbnails(self.library):
            if diagram_id not in uploaded:
                continue  # the diagram itself goes first; its thumbnail follows in a later round
            if not self.library.diagrams.exists(diagram_id):
                _clear(self.library, diagram_id)
                continue
            png = self.library.diagrams.thumbnail(diagram_id)
            if png is not None:
                try:
                    self._upload(diagram_id, png)
                    done += 1
                except Refused:
                    pass  # e.g. a diagram shared read-only: its preview stays here
            _clear(self.library, diagram_id)
        return done

    def _upload(self, diagram_id: str, png: bytes) -> None:
        sha = hashlib.sha256(png).hexdigest()
        raise_for(self.account.request("PUT", f"/v1/blobs/{sha}", content=png, headers={"Content-Type": "image/png"}))
        response = self.account.request("GET", f"/v1/diagrams/{diagram_id}")
        raise_for(response)
        version = parse(DiagramInfo, response).version
        for _ in range(2):
            body = DiagramPatch(expected_version=version, thumbnail_sha256=sha).model_dump_json(exclude_defaults=True)
            response = self.account.request("PATCH", f"/v1/diagrams/{diagram_id}", content=body.encode(),
                                            headers=_JSON)
            if response.status_code != 409:
                raise_for(response)
                return
            version = parse(DiagramConflict, response).current.version  # changed meanwhile: once more
        raise_for(response)

    def fetch(self, diagram_id: str) -> bytes | None:
        """The diagram's thumbnail: the local one, else the server's (downloaded once and kept here)."""
        if not self.library.diagrams.exists(diagram_id):
            return None
        local = self.library.diagrams.thumbnail(diagram_id)
        if local is not None:
            return local
        response = self.account.request("GET", f"/v1/diagrams/{diagram_id}")
        if response.status_code == 404:
            return None
        raise_for(response)
        sha = parse(DiagramInfo, response).thumbnail_sha256
        if not sha:
            return None
        blob = self.account.request("GET", f"/v1/blobs/{sha}")
        if blob.status_code == 404:
            return None
        raise_for(blob)
        png = blob.content
        if hashlib.sha256(png).hexdigest() != sha:
            return None
        try:
            self.library.diagrams.set_thumbnail(diagram_id, png, record=False)
        except ValueError:
            return None  # not a PNG we would keep
        return png
