"""A venn diagram built from Mermaid back to `venn-beta` text: sets, unions, their text nodes, styles."""

from __future__ import annotations

import re

from autograph_desktop.mermaid.chartexport import Marks, by_index, finish, index_of, title_line
from autograph_desktop.mermaid.chartsyntax import quote
from autograph_desktop.model.document import Diagram
from autograph_desktop.model.elements import Element


def _ident(text: str) -> str:
    return text if re.fullmatch(r"[^\s,\[\]\":]+", text) else quote(text)


def to_mermaid(diagram: Diagram) -> str:
    marks = Marks(diagram, "venn")
    lines = ["venn-beta", *title_line(marks.title())]
    labels = {index_of(e): e.text.strip() for e in marks.role("set-label")}
    texts: dict[str, list[Element]] = {}
    for node in by_index(marks.role("text-node")):
        texts.setdefault(node.get("owner"), []).append(node)

    def text_lines(owner: str) -> list[str]:
        return [f"        text {_ident(t.get('id'))}[{quote(t.text.strip())}]" for t in texts.get(owner, [])]

    for circle in by_index(marks.role("set")):
        i = index_of(circle)
        size = f":{circle.get('size')}" if circle.get("size") else ""
        label = labels.get(i) or circle.get("id")
        lines.append(f"    set {_ident(circle.get('id'))}[{quote(label)}]{size}")
        lines.extend(text_lines(f"set:{i}"))
    for union in by_index(marks.role("union-label")):
        ids = ",".join(_ident(s) for s in union.get("sets").split("\t"))
        label = f"[{quote(union.text.strip())}]" if union.text.strip() else ""
        size = f":{union.get('size')}" if union.get("size") else ""
        lines.append(f"    union {ids}{label}{size}")
        lines.extend(text_lines(f"union:{index_of(union)}"))
    if marks.group is not None:
        for key, value in sorted(marks.group.data, key=lambda kv: int(kv[0][6:]) if kv[0][6:].isdigit() else 0):
            if key.startswith("style:"):
                targets, _, decls = value.partition("\n")
                lines.append(f"    style {','.join(_ident(t) for t in targets.split(chr(9)))} {decls}")
    return finish(lines)
