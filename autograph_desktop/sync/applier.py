"""Where remote operations land: the open editor's session when the diagram is open, else the library.

The sync worker runs on its own thread; a GUI hands it an applier that runs `apply` on the GUI thread
against the open tab's `DocumentSession` (so the canvas updates live and the undo history stays coherent).
Headless use (the CLI, tests) applies straight to the library.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from autograph_desktop.store import Library
from autograph_desktop.store.session import DocumentSession
from autograph_desktop.sync.rebase import Conflict, Pending, rebase


@dataclass
class Applied:
    conflicts: list[Conflict] = field(default_factory=list)
    kept_local: int = 0
    changed: bool = False
    versioned: bool = False


class RemoteApplier(Protocol):
    def apply(self, diagram_id: str, operations: list[dict[str, Any]], *, authored: Pending | None) -> Applied: ...


def apply_to_session(session: DocumentSession, operations: list[dict[str, Any]], *,
                     authored: Pending | None) -> Applied:
    """Rebase the remote operations on the session's document and apply them as one remote transaction.

    The session is saved first, so its unsaved edits are in the outbox and count as pending. When the
    remote state replaces values of ours that its author had not seen (`authored`, from the server's
    overwritten records), the present is recorded as a version first, so each of them is recoverable.
    """
    session.save()
    pending = Pending.from_json(session.library.outbox.pending_for(session.diagram_id))
    rebased = rebase(session.doc, operations, pending, authored=authored)
    if not rebased.transaction:
        return Applied(rebased.conflicts, rebased.kept_local)
    version = bool(rebased.conflicts)
    session.apply_remote(rebased.transaction, version=version)
    return Applied(rebased.conflicts, rebased.kept_local, True, version)


class LibraryApplier:
    """Applies to the library file; `open_session` lets a GUI supply its open tab's session instead."""

    def __init__(self, library: Library,
                 open_session: Callable[[str], DocumentSession | None] | None = None) -> None:
        self.library = library
        self._open_session = open_session

    def apply(self, diagram_id: str, operations: list[dict[str, Any]], *, authored: Pending | None) -> Applied:
        live = self._open_session(diagram_id) if self._open_session is not None else None
        if live is not None and not live.closed:
            return apply_to_session(live, operations, authored=authored)
        session = DocumentSession.open(self.library, diagram_id, mark_opened=False)
        try:
            return apply_to_session(session, operations, authored=authored)
        finally:
            session.close()
