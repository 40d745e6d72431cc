"""What the window needs from a library, as one typed protocol, and its adapter over `store.Library`.

The sidebar, the start screen, the palette and the document commands all go through `LibrarySource`, so they
can be shown and tested without a database and never probe for methods by name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from autograph_desktop.model import Diagram

if TYPE_CHECKING:
    from autograph_desktop.store import Library
    from autograph_desktop.store.records import DiagramInfo, FolderInfo
    from autograph_desktop.store.session import DocumentSession
    from autograph_desktop.store.templates import TemplateInfo


class LibrarySource(Protocol):
    """The library as the window uses it. `section` is "all", "recent", "starred", "trash", "folder" or "tag"
    (then `key` names the folder id or the tag)."""

    def folders(self) -> list[FolderInfo]: ...
    def list_diagrams(self, section: str, key: str | None = None) -> list[DiagramInfo]: ...
    def search(self, query: str, limit: int = 50) -> list[DiagramInfo]: ...
    def thumbnail(self, diagram_id: str) -> bytes | None: ...
    def update_thumbnail(self, diagram_id: str, doc: Diagram) -> None: ...
    def open_session(self, diagram_id: str) -> tuple[Diagram, DocumentSession]: ...
    def create_from(self, doc: Diagram) -> str: ...
    def rename(self, diagram_id: str, title: str) -> None: ...
    def set_starred(self, diagram_id: str, starred: bool) -> None: ...
    def tags(self) -> list[tuple[str, int]]: ...
    def add_tag(self, diagram_id: str, tag: str) -> None: ...
    def remove_tag(self, diagram_id: str, tag: str) -> None: ...
    def move_to_trash(self, diagram_id: str) -> None: ...
    def restore(self, diagram_id: str) -> None: ...
    def delete_permanently(self, diagram_id: str) -> None: ...
    def empty_trash(self) -> int: ...
    def templates(self) -> list[TemplateInfo]: ...
    def template_diagram(self, template_id: str) -> Diagram: ...


class StoreLibrarySource:
    """`LibrarySource` over `autograph_desktop.store.Library` (SQLite library with autosaving sessions)."""

    def __init__(self, library: Library) -> None:
        self.library = library

    def folders(self) -> list[FolderInfo]:
        return list(self.library.folders.all())

    def list_diagrams(self, section: str, key: str | None = None) -> list[DiagramInfo]:
        diagrams = self.library.diagrams
        if section == "recent":
            return [d for d in diagrams.all(sort="opened", limit=30) if d.last_opened]
        if section == "starred":
            return list(diagrams.all(starred=True))
        if section == "trash":
            return list(diagrams.all(trash=True))
        if section == "folder":
            return list(diagrams.all(folder=key))
        if section == "tag" and key:
            return list(diagrams.all(tag=key))
        return list(diagrams.all())

    def search(self, query: str, limit: int = 50) -> list[DiagramInfo]:
        return [hit.info for hit in self.library.search.find(query, limit=limit)]

    def thumbnail(self, diagram_id: str) -> bytes | None:
        return self.library.diagrams.thumbnail(diagram_id)

    def update_thumbnail(self, diagram_id: str, doc: Diagram) -> None:
        """Store a fresh thumbnail (drawn by the shared painter, icons included) for the list."""
        from autograph_desktop.gui.file_ops import canvas_icon_provider
        from autograph_desktop.render.thumbnail import thumbnail_png

        self.library.diagrams.set_thumbnail(diagram_id, thumbnail_png(doc, icon_provider=canvas_icon_provider))

    def open_session(self, diagram_id: str) -> tuple[Diagram, DocumentSession]:
        from autograph_desktop.store import DocumentSession

        session = DocumentSession.open(self.library, diagram_id)
        return session.doc, session

    def create_from(self, doc: Diagram) -> str:
        """A new library diagram holding this document (a new, imported or templated one)."""
        return self.library.diagrams.create(doc)

    def rename(self, diagram_id: str, title: str) -> None:
        self.library.diagrams.rename(diagram_id, title)

    def set_starred(self, diagram_id: str, starred: bool) -> None:
        self.library.diagrams.star(diagram_id, starred)

    def tags(self) -> list[tuple[str, int]]:
        return list(self.library.tags.all())

    def add_tag(self, diagram_id: str, tag: str) -> None:
        self.library.tags.add(diagram_id, tag)

    def remove_tag(self, diagram_id: str, tag: str) -> None:
        self.library.tags.remove(diagram_id, tag)

    def move_to_trash(self, diagram_id: str) -> None:
        self.library.trash.add(diagram_id)

    def restore(self, diagram_id: str) -> None:
        self.library.trash.restore(diagram_id)

    def delete_permanently(self, diagram_id: str) -> None:
        self.library.trash.delete(diagram_id)

    def empty_trash(self) -> int:
        return self.library.trash.empty()

    def templates(self) -> list[TemplateInfo]:
        return list(self.library.templates.all())

    def template_diagram(self, template_id: str) -> Diagram:
        return self.library.templates.diagram(template_id)


def describe_failure(exc: Exception) -> str:
    """A library error in a sentence for the user (the file is theirs: locked, full disk, damaged)."""
    return f"Library unavailable: {exc}"


__all__ = ["LibrarySource", "StoreLibrarySource", "describe_failure"]
