"""A sankey built from Mermaid back to `sankey-beta` CSV rows, with node names as their labels now read."""

from __future__ import annotations

from autograph_desktop.mermaid.chartexport import Marks, by_index, finish, front_matter
from autograph_desktop.model.document import Diagram


def csv_field(text: str) -> str:
    """A CSV field, quoted (quotes doubled) when it holds a comma, a quote or outer spaces."""
    if any(c in text for c in ',"') or text != text.strip() or "%%" in text:
        return '"' + text.replace('"', '""') + '"'
    return text


def to_mermaid(diagram: Diagram) -> str:
    marks = Marks(diagram, "sankey")
    names: dict[str, str] = {}
    for label in marks.role("node-label"):
        shown = label.text.split("\n")[0] if marks.setting("show_values") else label.text.replace("\n", " ")
        if shown.strip():
            names[label.get("name")] = shown.strip()
    lines = [*front_matter(marks.title()), "sankey-beta"]
    for link in by_index(marks.role("link")):
        source = names.get(link.get("source"), link.get("source"))
        target = names.get(link.get("target"), link.get("target"))
        lines.append(f"{csv_field(source)},{csv_field(target)},{link.get('value', '0')}")
    return finish(lines)
