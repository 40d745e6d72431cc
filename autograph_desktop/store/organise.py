"""Organising the library: nested folders (no cycles), moving and starring diagrams, tags, the trash."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Connection, text

from autograph_desktop.model import InvalidInput, Problem, new_id
from autograph_desktop.store.base import FolderInfo, LibraryBase
from autograph_desktop.store.rows import DiagramNotFound
from autograph_desktop.store.search import index_diagram, unindex_diagram

MAX_NAME_CHARS = 200
TRASH_DAYS = 30


class FolderNotFound(KeyError):
    """No folder with that id."""


def clean_name(name: str, what: str) -> str:
    """A trimmed, single-line name, or InvalidInput saying why it cannot be one."""
    cleaned = " ".join(str(name).split())
    if not cleaned:
        raise InvalidInput([Problem(f"a {what} name cannot be empty")])
    if len(cleaned) > MAX_NAME_CHARS:
        raise InvalidInput([Problem(f"a {what} name is limited to {MAX_NAME_CHARS} characters")])
    return cleaned


def require_diagram(conn: Connection, diagram_id: str) -> None:
    if conn.execute(text("SELECT 1 FROM diagrams WHERE id = :d"), {"d": diagram_id}).fetchone() is None:
        raise DiagramNotFound(diagram_id)


def require_folder(conn: Connection, folder_id: str) -> None:
    if conn.execute(text("SELECT 1 FROM folders WHERE id = :f"), {"f": folder_id}).fetchone() is None:
        raise FolderNotFound(folder_id)


class OrganiseMixin(LibraryBase):
    # ------------------------------------------------------------------ folders
    def create_folder(self, name: str, parent_id: str | None = None, color: str = "") -> str:
        folder_id = new_id()
        with self.write() as conn:
            if parent_id is not None:
                require_folder(conn, parent_id)
            conn.execute(text("INSERT INTO folders (id, name, parent_id, color, created) "
                              "VALUES (:id, :name, :p, :c, :now)"),
                         {"id": folder_id, "name": clean_name(name, "folder"), "p": parent_id, "c": color,
                          "now": self.clock()})
        return folder_id

    def rename_folder(self, folder_id: str, name: str) -> None:
        self._update_folder(folder_id, "name", clean_name(name, "folder"))

    def set_folder_color(self, folder_id: str, color: str) -> None:
        self._update_folder(folder_id, "color", color)

    def _update_folder(self, folder_id: str, column: str, value: str) -> None:
        with self.write() as conn:
            require_folder(conn, folder_id)
            conn.execute(text(f"UPDATE folders SET {column} = :v WHERE id = :f"), {"v": value, "f": folder_id})

    def move_folder(self, folder_id: str, parent_id: str | None) -> None:
        """Move a folder under another (None: to the top). Moving it into itself or its own subtree fails."""
        with self.write() as conn:
            require_folder(conn, folder_id)
            if parent_id is not None:
                require_folder(conn, parent_id)
                ancestors = conn.execute(text(
                    "WITH RECURSIVE up(id, parent_id) AS (SELECT id, parent_id FROM folders WHERE id = :p "
                    "UNION SELECT f.id, f.parent_id FROM folders f JOIN up ON f.id = up.parent_id) "
                    "SELECT id FROM up"), {"p": parent_id}).fetchall()
                if folder_id in {r[0] for r in ancestors}:
                    raise InvalidInput([Problem("a folder cannot be moved into itself or one of its subfolders")])
            conn.execute(text("UPDATE folders SET parent_id = :p WHERE id = :f"), {"p": parent_id, "f": folder_id})

    def delete_folder(self, folder_id: str) -> int:
        """Delete a folder with its subfolders; their diagrams go to the trash. Returns how many."""
        now = self.clock()
        with self.write() as conn:
            require_folder(conn, folder_id)
            ids = [r[0] for r in conn.execute(text(
                "WITH RECURSIVE sub(id) AS (SELECT :f UNION SELECT f.id FROM folders f JOIN sub "
                "ON f.parent_id = sub.id) SELECT d.id FROM diagrams d JOIN sub ON d.folder_id = sub.id"),
                {"f": folder_id})]
            for diagram_id in ids:
                conn.execute(text("UPDATE diagrams SET deleted_at = COALESCE(deleted_at, :now), folder_id = NULL "
                                  "WHERE id = :d"), {"now": now, "d": diagram_id})
            conn.execute(text("DELETE FROM folders WHERE id = :f"), {"f": folder_id})
        return len(ids)

    def folders(self) -> list[FolderInfo]:
        """Every folder, with its children's ids, sorted by name (a tree view builds from this)."""
        with self.read() as conn:
            rows = conn.execute(text("SELECT id, name, parent_id, color, created FROM folders "
                                     "ORDER BY name COLLATE NOCASE, id")).fetchall()
        children: dict[str, list[str]] = {}
        for r in rows:
            if r.parent_id is not None:
                children.setdefault(r.parent_id, []).append(r.id)
        return [FolderInfo(r.id, r.name, r.parent_id, r.color, r.created, tuple(children.get(r.id, ())))
                for r in rows]

    # ------------------------------------------------------------------ diagrams in folders
    def move_diagram(self, diagram_id: str, folder_id: str | None) -> None:
        with self.write() as conn:
            require_diagram(conn, diagram_id)
            if folder_id is not None:
                require_folder(conn, folder_id)
            conn.execute(text("UPDATE diagrams SET folder_id = :f WHERE id = :d"), {"f": folder_id, "d": diagram_id})

    def star(self, diagram_id: str, starred: bool = True) -> None:
        with self.write() as conn:
            require_diagram(conn, diagram_id)
            conn.execute(text("UPDATE diagrams SET starred = :s WHERE id = :d"), {"s": int(starred), "d": diagram_id})

    # ------------------------------------------------------------------ tags
    def add_tag(self, diagram_id: str, name: str) -> None:
        tag = clean_name(name, "tag")
        with self.write() as conn:
            require_diagram(conn, diagram_id)
            conn.execute(text("INSERT INTO tags (name) VALUES (:n) ON CONFLICT (name) DO NOTHING"), {"n": tag})
            conn.execute(text("INSERT OR IGNORE INTO diagram_tags (diagram_id, tag_id) "
                              "SELECT :d, id FROM tags WHERE name = :n"), {"d": diagram_id, "n": tag})
            index_diagram(conn, diagram_id)

    def remove_tag(self, diagram_id: str, name: str) -> None:
        with self.write() as conn:
            conn.execute(text("DELETE FROM diagram_tags WHERE diagram_id = :d AND tag_id IN "
                              "(SELECT id FROM tags WHERE name = :n)"), {"d": diagram_id, "n": name})
            conn.execute(text("DELETE FROM tags WHERE id NOT IN (SELECT tag_id FROM diagram_tags)"))
            index_diagram(conn, diagram_id)

    def tags(self) -> list[tuple[str, int]]:
        """Every tag with how many diagrams (not in the trash) carry it."""
        with self.read() as conn:
            rows = conn.execute(text(
                "SELECT t.name, COUNT(d.id) FROM tags t LEFT JOIN diagram_tags dt ON dt.tag_id = t.id "
                "LEFT JOIN diagrams d ON d.id = dt.diagram_id AND d.deleted_at IS NULL "
                "GROUP BY t.id ORDER BY t.name COLLATE NOCASE")).fetchall()
        return [(r[0], int(r[1])) for r in rows]

    # ------------------------------------------------------------------ trash
    def trash(self, diagram_id: str) -> None:
        with self.write() as conn:
            require_diagram(conn, diagram_id)
            conn.execute(text("UPDATE diagrams SET deleted_at = :now WHERE id = :d AND deleted_at IS NULL"),
                         {"now": self.clock(), "d": diagram_id})

    def restore(self, diagram_id: str) -> None:
        """Take a diagram out of the trash (back to its folder, or to the top if that folder is gone)."""
        with self.write() as conn:
            require_diagram(conn, diagram_id)
            conn.execute(text("UPDATE diagrams SET deleted_at = NULL WHERE id = :d"), {"d": diagram_id})

    def delete_permanently(self, diagram_id: str) -> None:
        """Remove a diagram with its elements, snapshot and versions. Its pending outbox entries stay so
        sync can tell the server; a tombstone operation records the deletion."""
        with self.write() as conn:
            require_diagram(conn, diagram_id)
            self._delete_rows(conn, [diagram_id])

    def empty_trash(self) -> int:
        with self.write() as conn:
            ids = [r[0] for r in conn.execute(text("SELECT id FROM diagrams WHERE deleted_at IS NOT NULL"))]
            self._delete_rows(conn, ids)
        return len(ids)

    def purge_trash(self, days: int = TRASH_DAYS) -> int:
        """Permanently delete what has been in the trash for more than `days` days (run at open)."""
        now = datetime.strptime(self.clock(), "%Y-%m-%dT%H:%M:%S.%fZ")
        cutoff = (now - timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        with self.write() as conn:
            ids = [r[0] for r in conn.execute(
                text("SELECT id FROM diagrams WHERE deleted_at IS NOT NULL AND deleted_at < :c"), {"c": cutoff})]
            self._delete_rows(conn, ids)
        return len(ids)

    def _delete_rows(self, conn: Connection, ids: list[str]) -> None:
        now = self.clock()
        for diagram_id in ids:
            unindex_diagram(conn, diagram_id)
            conn.execute(text("INSERT INTO outbox (diagram_id, seq, op, created_at) VALUES (:d, -1, :op, :now)"),
                         {"d": diagram_id, "op": '{"op":"delete_diagram"}', "now": now})
            conn.execute(text("DELETE FROM diagrams WHERE id = :d"), {"d": diagram_id})
        if ids:
            conn.execute(text("DELETE FROM tags WHERE id NOT IN (SELECT tag_id FROM diagram_tags)"))
