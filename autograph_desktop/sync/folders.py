"""Which folders sync: all of them (the default), or a chosen set and their subfolders.

Kept in the library's settings (`sync.folders`): None for everything, else folder ids, with "" for the
diagrams that are in no folder. Diagrams outside the choice stay on this computer only; choosing their
folder later queues them for their first upload (see `seed.py`).
"""

from __future__ import annotations

from collections.abc import Callable

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
        return self.filter()(diagram_id)

    def filter(self) -> Callable[[str], bool]:
        """`includes` for many diagrams at once: the choice and the folders are read once."""
        allowed = self._expanded()
        if allowed is None:
            return lambda _diagram_id: True
        with self.library.read() as conn:
            where = {r.id: r.folder_id or TOP for r in conn.execute(select(diagrams.c.id, diagrams.c.folder_id))}
        return lambda diagram_id: diagram_id not in where or where[diagram_id] in allowed

    def key(self) -> str:
        """Changes whenever the choice does (sync looks for diagrams to upload then)."""
        chosen = self.chosen()
        return "all" if chosen is None else repr(sorted(chosen))
