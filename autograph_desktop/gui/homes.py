"""Where an open document lives, and its one way of being saved: the library, a file, or nowhere yet.

Documents are library-first: a new diagram is created in the library and saves itself. A file opened from
disk is edited in place and Ctrl+S writes it back in its own format. A document with no home exists only
when the library cannot be opened; it is kept safe by the crash journal until the user saves it as a file.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

from autograph_desktop.model import Diagram, History

if TYPE_CHECKING:
    from autograph_desktop.store.session import DocumentSession

#: Formats a file can be edited in place in (and written back to on Ctrl+S); others open as a copy.
WRITABLE_IN_PLACE = {".autograph": "autograph", ".drawio": "drawio", ".dio": "drawio",
                     ".excalidraw": "excalidraw", ".mmd": "mermaid", ".mermaid": "mermaid"}


def in_place_format(path: str) -> str | None:
    """The format Ctrl+S writes back for this file, or None when it can only be opened as a copy."""
    return WRITABLE_IN_PLACE.get(os.path.splitext(path)[1].lower())


class LibraryHome:
    """A library diagram: its session saves every edit within a second and keeps the versions."""

    kind = "library"

    def __init__(self, session: DocumentSession) -> None:
        self.session = session

    @property
    def diagram_id(self) -> str:
        return self.session.diagram_id

    def history_for(self, _doc: Diagram) -> History:
        """The session owns the history, so that its version hooks see every transaction."""
        return self.session.history

    def describe(self) -> str:
        return "Library"


@dataclass
class FileHome:
    """A file on disk, edited in place: Ctrl+S writes the document back to `path` in `fmt`."""

    path: str
    fmt: str
    kind: str = "file"

    def history_for(self, doc: Diagram) -> History:
        return History(doc)

    def describe(self) -> str:
        return self.path


class ScratchHome:
    """Not saved anywhere yet (only when there is no library): the journal keeps it until Save As."""

    kind = "scratch"

    def history_for(self, doc: Diagram) -> History:
        return History(doc)

    def describe(self) -> str:
        return "Not saved yet"


Home = LibraryHome | FileHome | ScratchHome

__all__ = ["FileHome", "Home", "LibraryHome", "ScratchHome", "in_place_format"]
