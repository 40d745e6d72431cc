"""Full-text search over titles, element labels and tags (SQLite FTS5, ranked by bm25).

User input never reaches FTS5's query language: words are extracted and each is quoted, so quotes,
parentheses, `NEAR`, `AND`, `-`, `:` and `*` typed by a user are just text. The last word matches as a
prefix, so results follow the user's typing ("auth" finds "authentication").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import (
    ColumnClause,
    Connection,
    Select,
    bindparam,
    delete,
    false,
    func,
    insert,
    literal_column,
    select,
    true,
    union_all,
)

from autograph_desktop.store.db import Database
from autograph_desktop.store.records import (
    INFO_COLUMNS,
    DiagramInfo,
    filter_clause,
    info_from_row,
    list_filter,
)
from autograph_desktop.store.schema import FTS_TABLE, diagram_fts, diagram_tags, diagrams, elements, tags

#: Column weights for bm25: (diagram_id, title, labels, tags). A title hit beats a label hit.
WEIGHTS = (0.0, 10.0, 1.0, 5.0)
MAX_QUERY_WORDS = 16
MAX_WORD_CHARS = 64
MAX_RESULTS = 1000
_WORD = re.compile(r"\w+", re.UNICODE)
#: The FTS5 table as the first argument of its own functions (`bm25(diagram_fts, ...)`) and of MATCH.
_FTS: ColumnClause[Any] = literal_column(FTS_TABLE)
_SCORE = func.bm25(_FTS, *(literal_column(repr(w)) for w in WEIGHTS)).label("score")
_SNIPPET = func.snippet(_FTS, 2, "[", "]", "…", 8).label("snip")

_TAG_WORDS = func.coalesce(
    select(func.group_concat(tags.c.name, " "))
    .select_from(diagram_tags.join(tags, tags.c.id == diagram_tags.c.tag_id))
    .where(diagram_tags.c.diagram_id == diagrams.c.id)
    .scalar_subquery(), "")
_REINDEX = insert(diagram_fts).from_select(
    ["diagram_id", "title", "labels", "tags"],
    select(diagrams.c.id, diagrams.c.title, bindparam("labels"), _TAG_WORDS).where(diagrams.c.id == bindparam("d")))
_UNINDEX = delete(diagram_fts).where(diagram_fts.c.diagram_id == bindparam("d"))
_OLD_LABELS = select(diagram_fts.c.labels).where(diagram_fts.c.diagram_id == bindparam("d"))


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
        old = conn.execute(_OLD_LABELS, {"d": diagram_id}).first()
        label_text = old[0] if old is not None else labels_from_rows(conn, diagram_id)
    conn.execute(_UNINDEX, {"d": diagram_id})
    conn.execute(_REINDEX, {"d": diagram_id, "labels": label_text})


def unindex_diagram(conn: Connection, diagram_id: str) -> None:
    conn.execute(_UNINDEX, {"d": diagram_id})


def labels_from_rows(conn: Connection, diagram_id: str) -> str:
    """The search words of a diagram read from its element rows (text and connector labels)."""
    live = (elements.c.diagram_id == diagram_id, elements.c.deleted == false())
    labels = func.json_each(elements.c.props, "$.labels").table_valued("value").alias("label")
    words = union_all(
        select(func.json_extract(elements.c.props, "$.text").label("t")).where(*live),
        select(func.json_extract(labels.c.value, "$.text")).select_from(elements.join(labels, true())).where(*live),
    ).subquery()
    found = conn.execute(select(func.group_concat(words.c.t, " ")).where(words.c.t.is_not(None), words.c.t != ""))
    return str(found.scalar() or "")


class Search:
    """Ranked full-text search over the library (`library.search`)."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def find(self, query: str, *, limit: int = 50, folder: str | None = None, starred: bool | None = None,
             tag: str | None = None, trash: bool = False) -> list[SearchHit]:
        """Best matches first. `folder=""` means "not in any folder"; None means anywhere."""
        match = fts_query(query)
        if match is None:
            return []
        where = list_filter(folder, starred, tag, trash)
        params = {**where.params, "q": match, "limit": max(1, min(int(limit), MAX_RESULTS))}
        with self._db.read() as conn:
            rows = conn.execute(_search_statement(where.shape), params).all()
        return [SearchHit(info_from_row(r), float(r.score), r.snip or "") for r in rows]


@cache
def _search_statement(shape: tuple[str, bool, bool, bool]) -> Select[Any]:
    """Built once per filter shape (the values are bound), so typing in the search box costs only SQLite."""
    return (select(*INFO_COLUMNS, _SCORE, _SNIPPET)
            .select_from(diagram_fts.join(diagrams, diagrams.c.id == diagram_fts.c.diagram_id))
            .where(_FTS.op("MATCH")(bindparam("q")), filter_clause(shape))
            .order_by(_SCORE).limit(bindparam("limit")))
