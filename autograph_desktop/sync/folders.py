"""Which folders sync: all of them (the default), or a chosen set and their subfolders.

Kept in the library's settings (`sync.folders`): None for everything, else folder ids, with "" for the
diagrams that are in no folder. Diagrams outside the choice stay on this computer only; choosing their
folder later queues them for their first upload (see `seed.py`).
"""

from __future__ import annotations

from sqlalchemy import select

from autograph_desktop.store import Library
from autograph_desktop.store.schema import diagrams

KEY = "sync.folders"
TOP = ""


class SyncFolders:
    def __init__(self, library: Library) -> None:
        self.library = library

    def chosen(self) -> set[str] | None:
        value = self.library.settings.get(KEY)
        return set(value) if isinstance(value, list) else None

    def choose(self, folder_ids: set[str] | None) -> None:
        self.library.settings.set(KEY, None if folder_ids is None else sorted(folder_ids))

    def _expanded(self) -> set[str] | None:
        chosen = self.chosen()
        if chosen is None:
            return None
        out = set(chosen)
        folders = {f.id: f for f in self.library.folders.all()}
        for folder in folders.values():
            parent = folder.parent_id
            seen: set[str] = set()
            while parent is not None and parent not in seen:
                if parent in chosen:
                    out.add(folder.id)
                    break
                seen.add(parent)
                parent = folders[parent].parent_id if parent in folders else None
        return out

    def includes(self, diagram_id: str) -> bool:
        """Whether a diagram's changes are sent (diagrams no longer here: yes, so their deletion is)."""
        allowed = self._expanded()
        if allowed is None:
            return True
        with self.library.read() as conn:
            row = conn.execute(select(diagrams.c.folder_id).where(diagrams.c.id == diagram_id)).first()
        if row is None:
            return True
        return (row.folder_id or TOP) in allowed
