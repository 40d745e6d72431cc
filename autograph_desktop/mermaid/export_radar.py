"""A radar chart built from Mermaid back to `radar-beta` text: axes, curves with their values, options."""

from __future__ import annotations

import re

from autograph_desktop.mermaid.chartexport import Marks, by_index, finish, index_of, number, title_line
from autograph_desktop.mermaid.chartsyntax import num_text, quote
from autograph_desktop.model.document import Diagram

_ID = re.compile(r"[A-Za-z_][\w-]*")


def _ident(wanted: str, fallback: str, used: set[str]) -> str:
    ident = wanted if _ID.fullmatch(wanted) and wanted not in used else fallback
    while ident in used:
        ident += "_"
    used.add(ident)
    return ident


def to_mermaid(diagram: Diagram) -> str:
    marks = Marks(diagram, "radar")
    lines = ["radar-beta", *title_line(marks.title())]
    used: set[str] = set()
    axes: list[str] = []
    for n, axis in enumerate(by_index(marks.role("axis-label"))):
        aid = _ident(axis.get("id"), f"a{n + 1}", used)
        axes.append(f"{aid}[{quote(axis.text.strip())}]")
    if axes:
        lines.append("    axis " + ", ".join(axes))
    legend = {index_of(e): e.text.strip() for e in marks.role("legend-label")}
    used = set[str]()  # curve ids are a namespace of their own
    for n, curve in enumerate(by_index(marks.role("curve"))):
        cid = _ident(curve.get("id"), f"c{n + 1}", used)
        label = legend.get(index_of(curve), curve.get("label"))
        values = ", ".join(num_text(number(v)) for v in curve.get("values").split(",") if v.strip())
        lines.append(f"    curve {cid}[{quote(label)}]{{{values}}}")
    if marks.group is not None:
        for key, value in marks.group.data:
            if key.startswith("option:"):
                lines.append(f"    {key[len('option:'):]} {value}")
    return finish(lines)
