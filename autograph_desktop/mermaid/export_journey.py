"""A user journey built from Mermaid back to `journey` text: sections and scored tasks with actors."""

from __future__ import annotations

from autograph_desktop.mermaid.chartexport import Marks, by_index, finish, index_of, plain_title_line
from autograph_desktop.mermaid.chartsyntax import entities
from autograph_desktop.model.document import Diagram


def _text(text: str) -> str:
    return entities(text.strip(), ":;,")


def to_mermaid(diagram: Diagram) -> str:
    marks = Marks(diagram, "journey")
    lines = ["journey", *plain_title_line(marks.title())]
    shown = {index_of(s): s.text.strip() for s in marks.role("section")}
    current = -1

    def sections_up_to(last: int) -> None:
        nonlocal current
        for index in range(current + 1, last + 1):
            lines.append(f"    section {_text(shown.get(index) or marks.setting(f'section{index}'))}")
        current = max(current, last)

    for task in by_index(marks.role("task")):
        if task.get("section").isdigit():
            sections_up_to(int(task.get("section")))
        actors = ", ".join(_text(a) for a in task.get("actors").split("\t") if a)
        lines.append(f"      {_text(task.text) or '?'}: {task.get('score', '3')}" + (f": {actors}" if actors else ""))
    index = current + 1
    while marks.setting(f"section{index}"):
        sections_up_to(index)
        index += 1
    return finish(lines)
