"""An XY chart built from Mermaid back to `xychart-beta` text: axes, categories and every series' values."""

from __future__ import annotations

from autograph_desktop.mermaid.chartexport import Marks, by_index, finish, index_of, number, title_line
from autograph_desktop.mermaid.chartsyntax import num_text, quote
from autograph_desktop.model.document import Diagram


def to_mermaid(diagram: Diagram) -> str:
    marks = Marks(diagram, "xychart")
    horizontal = marks.setting("orientation") == "horizontal"
    lines = ["xychart-beta horizontal" if horizontal else "xychart-beta", *title_line(marks.title())]
    x_title = marks.first_text("x-title")
    x_part = f" {quote(x_title)}" if x_title else ""
    if marks.setting("categorical"):
        names = [quote(e.text.strip()) for e in by_index(marks.role("category"))]
        lines.append(f"    x-axis{x_part} [{', '.join(names)}]")
    elif marks.setting("x_range"):
        low, _, high = marks.setting("x_range").partition(",")
        lines.append(f"    x-axis{x_part} {low} --> {high}")
    elif x_part:
        lines.append(f"    x-axis{x_part}")
    y_title = marks.first_text("y-title")
    y_part = f" {quote(y_title)}" if y_title else ""
    if marks.setting("y_range"):
        low, _, high = marks.setting("y_range").partition(",")
        lines.append(f"    y-axis{y_part} {low} --> {high}")
    elif y_part:
        lines.append(f"    y-axis{y_part}")
    kinds = {int(m.get("series")): "bar" if m.get("role") == "bar" else "line"
             for m in marks.role("bar", "line") if m.get("series").isdigit()}  # an ungrouped chart still has these
    index = 0
    while marks.setting(f"series{index}") or index in kinds:
        kind = marks.setting(f"series{index}") or kinds[index]
        name = marks.setting(f"series{index}_title")
        if kind == "bar":
            bars = [b for b in marks.role("bar") if b.get("series") == str(index)]
            count = max((index_of(b) + 1 for b in bars), default=0)
            values = [0.0] * count
            for bar in bars:
                values[index_of(bar)] = number(bar.get("value"))
        else:
            found = [p for p in marks.role("line") if p.get("series") == str(index)]
            values = [number(v) for v in found[0].get("values").split(",")] if found else []
        if values:
            label = f" {quote(name)}" if name else ""
            lines.append(f"    {kind}{label} [{', '.join(num_text(v) for v in values)}]")
        index += 1
        while index not in kinds and index < max(kinds, default=-1) and not marks.setting(f"series{index}"):
            index += 1  # a series the user deleted entirely
    return finish(lines)
