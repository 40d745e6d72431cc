"""A gantt chart built from Mermaid back to `gantt` text: settings, sections, and each task's metadata.

Bars keep the metadata they were read with (tags, id, start, end), so moving or stretching a bar on
the canvas does not change its dates; names come from the bars' labels as they read now.
"""

from __future__ import annotations

from autograph_desktop.mermaid.chartexport import Marks, by_index, finish, index_of, plain_title_line
from autograph_desktop.mermaid.chartsyntax import entities
from autograph_desktop.model.document import Diagram


def _name(text: str) -> str:
    """A task or section name: `:` (which ends the name), `;` and `#` as entity codes."""
    return entities(" ".join(text.split()), ":;")


def to_mermaid(diagram: Diagram) -> str:
    marks = Marks(diagram, "gantt")
    lines = ["gantt", *plain_title_line(marks.title())]
    lines.extend(f"    {s}" for s in marks.setting("settings").split("\n") if s.strip())
    labels = {index_of(t): t.text for t in marks.role("task-label")}
    shown = {index_of(s): s.text.strip() for s in marks.role("section")}
    current = -1
    for task in by_index(marks.role("task")):
        section = task.get("section")
        if section.isdigit() and int(section) > current:
            for index in range(current + 1, int(section) + 1):
                lines.append(f"    section {_name(shown.get(index) or marks.setting(f'section{index}'))}")
            current = int(section)
        name = task.text.strip() or labels.get(index_of(task), "").strip() or task.get("name")
        lines.append(f"        {_name(name) or 'task'} :{task.get('meta')}")
    index = current + 1
    while marks.setting(f"section{index}"):
        lines.append(f"    section {_name(marks.setting(f'section{index}'))}")
        index += 1
    return finish(lines)
