"""A timeline built from Mermaid back to `timeline` text: sections, periods and their events in order."""

from __future__ import annotations

from autograph_desktop.mermaid.chartexport import Marks, by_index, finish, index_of, plain_title_line
from autograph_desktop.mermaid.chartsyntax import entities
from autograph_desktop.model.document import Diagram
from autograph_desktop.model.elements import Element


def label(text: str) -> str:
    """Text safe in a timeline line: `:` (which separates events) and the usual specials as entity codes."""
    return entities(text.strip(), ":")


def to_mermaid(diagram: Diagram) -> str:
    marks = Marks(diagram, "timeline")
    direction = marks.setting("direction", "LR")
    lines = ["timeline TD" if direction == "TD" else "timeline", *plain_title_line(marks.title())]
    shown = {index_of(s): s.text.strip() for s in marks.role("section")}
    events: dict[int, list[Element]] = {}
    for event in marks.role("event"):
        events.setdefault(index_of(event, "period"), []).append(event)
    current: int | None = None
    written: set[int] = set()
    for period in by_index(marks.role("period")):
        section = period.get("section")
        if section.isdigit() and int(section) != current:
            for index in range(0 if current is None else current + 1, int(section) + 1):
                if index not in written:  # sections with no periods are kept too
                    name = shown.get(index) or marks.setting(f"section{index}")
                    lines.append(f"    section {label(name)}")
                    written.add(index)
            current = int(section)
        items = [label(e.text) for e in by_index(events.get(index_of(period), []))]
        lines.append("    " + " : ".join([label(period.text) or "?", *items]))
    index = 0 if current is None else current + 1
    while marks.setting(f"section{index}"):
        lines.append(f"    section {label(marks.setting(f'section{index}'))}")
        index += 1
    return finish(lines)
