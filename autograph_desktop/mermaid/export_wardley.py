"""A wardley map built from Mermaid back to `wardley-beta` text: positions and links from what was read,
names as the labels now read (links follow a renamed component)."""

from __future__ import annotations

from autograph_desktop.mermaid.chartexport import Marks, by_index, finish, index_of, title_line
from autograph_desktop.mermaid.chartsyntax import quote
from autograph_desktop.model.document import Diagram


def to_mermaid(diagram: Diagram) -> str:
    marks = Marks(diagram, "wardley")
    lines = ["wardley-beta", *title_line(marks.title(), "")]
    if marks.setting("size"):
        width, _, height = marks.setting("size").partition(",")
        lines.append(f"size [{width}, {height}]")
    stages = by_index(marks.role("stage"))
    if marks.setting("stages"):
        lines.append("evolution " + " -> ".join(
            s.text.strip() + (f"@{s.get('boundary')}" if s.get("boundary") else "") for s in stages))
    labels = {index_of(e): e.text.strip() for e in marks.role("component-label")}
    names: dict[str, str] = {}
    pipelines: dict[str, list[str]] = {}
    for comp in by_index(marks.role("component")):
        name = labels.get(index_of(comp)) or comp.get("name")
        names[comp.get("name")] = name
        extras = "".join(f" ({d})" for d in comp.get("decorators").split())
        if comp.get("label"):
            dx, _, dy = comp.get("label").partition(",")
            extras = f" label [{dx}, {dy}]" + extras
        if comp.get("pipeline"):
            pipelines.setdefault(comp.get("pipeline"), []).append(f"  component {quote(name)} [{comp.get('e')}]{extras}")
            continue
        lines.append(f"{comp.get('kind', 'component')} {quote(name)} [{comp.get('v')}, {comp.get('e')}]{extras}")
    for parent, members in pipelines.items():
        lines.extend([f"pipeline {quote(names.get(parent, parent))} {{", *members, "}"])
    for link in by_index(marks.role("link")):
        op = f"+'{link.get('flow')}'>" if link.get("op") == "+'>" else link.get("op", "->")
        label = f"; {link.get('label')}" if link.get("label") else ""
        source, target = names.get(link.get("source"), link.get("source")), names.get(link.get("target"),
                                                                                     link.get("target"))
        lines.append(f"{quote(source)} {op} {quote(target)}{label}")
    for ghost in by_index(marks.role("evolved")):
        lines.append(f"evolve {quote(names.get(ghost.get('name'), ghost.get('name')))} {ghost.get('target')}")
    for trend in by_index(marks.role("trend")):
        lines.append(f"{quote(names.get(trend.get('name'), trend.get('name')))} -.- ({trend.get('x')}, {trend.get('y')})")
    for item in by_index(marks.role("note", "area", "accelerator", "deaccelerator")):
        lines.append(f"{item.get('role')} {quote(item.text.strip())} [{item.get('v')}, {item.get('e')}]")
    for box in marks.role("annotations"):
        lines.append(f"annotations [{box.get('v')}, {box.get('e')}]")
    for note in by_index(marks.role("annotation")):
        lines.append(f"annotation {note.get('number')},[{note.get('v')}, {note.get('e')}] {quote(note.get('note'))}")
    return finish(lines)
