"""Full-text search over titles, element labels and tags (SQLite FTS5, ranked by bm25).

User input never reaches FTS5's query language: words are extracted and each is quoted, so quotes,
parentheses, `NEAR`, `AND`, `-`, `:` and `*` typed by a user are just text. The last word matches as a
prefix, so results follow the user's typing ("auth" finds "authentication").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, text

from autograph_desktop.store.base import INFO_SQL, DiagramInfo, LibraryBase, info_from_row

#: Column weights for bm25: (diagram_id, title, labels, tags). A title hit beats a label hit.
WEIGHTS = (0.0, 10.0, 1.0, 5.0)
MAX_QUERY_WORDS = 16
MAX_WORD_CHARS = 64
_WORD = re.compile(r"\w+", re.UNICODE)
SORTS = {
    "name": "d.title COLLATE NOCASE ASC, d.id",
    "created": "d.created DESC, d.id",
    "updated": "d.updated DESC, d.id",
    "opened": "d.last_opened IS NULL, d.last_opened DESC, d.id",
}


@dataclass(frozen=True, slots=True)
class SearchHit:
    info: DiagramInfo
    score: float
    snippet: str


def fts_query(query: str) -> str | None:
    """The FTS5 MATCH expression for what a user typed, or None when there is nothing to search for."""
    words = _WORD.findall(query)[:MAX_QUERY_WORDS]
    words = [w[:MAX_WORD_CHARS] for w in words]
    if not words:
        return None
    terms = [f'"{w}"' for w in words]
    # Still typing the last word (or asked for a prefix with `*`): match it as a prefix.
    if query.endswith("*") or _WORD.fullmatch(query[-1]):
        terms[-1] += "*"
    return " ".join(terms)


def index_diagram(conn: Connection, diagram_id: str, labels: Iterable[str] | None = None) -> None:
    """(Re)write a diagram's search row. Without `labels` the current labels are kept (title/tag change),
    or taken from the element rows when the diagram has no row yet."""
    label_text: str | None = None if labels is None else " ".join(labels)
    if label_text is None:
        old = conn.execute(text("SELECT labels FROM diagram_fts WHERE diagram_id = :d"), {"d": diagram_id}).fetchone()
        label_text = old[0] if old is not None else labels_from_rows(conn, diagram_id)
    conn.execute(text("DELETE FROM diagram_fts WHERE diagram_id = :d"), {"d": diagram_id})
    conn.execute(
        text("INSERT INTO diagram_fts (diagram_id, title, labels, tags) "
             "SELECT d.id, d.title, :labels, COALESCE((SELECT group_concat(t.name, ' ') FROM diagram_tags dt "
             "JOIN tags t ON t.id = dt.tag_id WHERE dt.diagram_id = d.id), '') FROM diagrams d WHERE d.id = :d"),
        {"d": diagram_id, "labels": label_text},
    )


def unindex_diagram(conn: Connection, diagram_id: str) -> None:
    conn.execute(text("DELETE FROM diagram_fts WHERE diagram_id = :d"), {"d": diagram_id})


def labels_from_rows(conn: Connection, diagram_id: str) -> str:
    row = conn.execute(text(
        "SELECT group_concat(t, ' ') FROM ("
        " SELECT json_extract(e.props, '$.text') AS t FROM elements e WHERE e.diagram_id = :d AND e.deleted = 0"
        " UNION ALL SELECT json_extract(j.value, '$.text') FROM elements e, json_each(e.props, '$.labels') j"
        " WHERE e.diagram_id = :d AND e.deleted = 0) WHERE t IS NOT NULL AND t != ''"), {"d": diagram_id}).fetchone()
    return str(row[0]) if row and row[0] else ""


def filter_sql(folder: str | None, starred: bool | None, tag: str | None, trash: bool,
               params: dict[str, Any]) -> str:
    """WHERE clauses (joined by AND) for the list and search filters; fills `params`."""
    clauses = ["d.deleted_at IS NOT NULL" if trash else "d.deleted_at IS NULL"]
    if folder is not None:
        if folder == "":
            clauses.append("d.folder_id IS NULL")
        else:
            clauses.append("d.folder_id = :folder")
            params["folder"] = folder
    if starred is not None:
        clauses.append("d.starred = :starred")
        params["starred"] = 1 if starred else 0
    if tag is not None:
        clauses.append("EXISTS (SELECT 1 FROM diagram_tags dt JOIN tags t ON t.id = dt.tag_id "
                       "WHERE dt.diagram_id = d.id AND t.name = :tag)")
        params["tag"] = tag
    return " AND ".join(clauses)


class SearchMixin(LibraryBase):
    def search(self, query: str, *, limit: int = 50, folder: str | None = None, starred: bool | None = None,
               tag: str | None = None, trash: bool = False) -> list[SearchHit]:
        """Best matches first. `folder=""` means "not in any folder"; None means anywhere."""
        match = fts_query(query)
        if match is None:
            return []
        params: dict[str, Any] = {"q": match, "limit": max(1, min(int(limit), 1000))}
        where = filter_sql(folder, starred, tag, trash, params)
        w = ", ".join(str(x) for x in WEIGHTS)
        sql = (f"SELECT {INFO_SQL}, bm25(diagram_fts, {w}) AS score, "
               "snippet(diagram_fts, 2, '[', ']', '…', 8) AS snip "
               "FROM diagram_fts JOIN diagrams d ON d.id = diagram_fts.diagram_id "
               f"WHERE diagram_fts MATCH :q AND {where} ORDER BY score LIMIT :limit")
        with self.read() as conn:
            rows = conn.execute(text(sql), params).fetchall()
        return [SearchHit(info_from_row(r), float(r.score), r.snip or "") for r in rows]

    def list_diagrams(self, *, sort: str = "updated", folder: str | None = None, starred: bool | None = None,
                      tag: str | None = None, trash: bool = False, limit: int | None = None) -> list[DiagramInfo]:
        if sort not in SORTS:
            raise ValueError(f"unknown sort {sort!r}; use one of {', '.join(SORTS)}")
        params: dict[str, Any] = {}
        where = filter_sql(folder, starred, tag, trash, params)
        sql = f"SELECT {INFO_SQL} FROM diagrams d WHERE {where} ORDER BY {SORTS[sort]}"
        if limit is not None:
            sql += " LIMIT :limit"
            params["limit"] = int(limit)
        with self.read() as conn:
            return [info_from_row(r) for r in conn.execute(text(sql), params)]
