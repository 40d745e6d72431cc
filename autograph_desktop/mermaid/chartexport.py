"""What the per-type exporters share: finding a chart's marks by role, reading numbers back, the title.

Exporters read structure from the marks' `data` (series, value, index) and words from the texts the user
sees and may have edited, so moving or restyling a mark never changes what is written, while retyping
a label does.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable

from autograph_desktop.mermaid.chartsyntax import entities, quote
from autograph_desktop.mermaid.common import prepare
from autograph_desktop.model.document import Diagram
from autograph_desktop.model.elements import Element, Group
from autograph_desktop.model.problems import InvalidInput


class Marks:
    """The elements of one chart (the members of its group, or the whole diagram) indexed by role."""

    def __init__(self, diagram: Diagram, kind: str) -> None:
        groups = [e for e in diagram if isinstance(e, Group) and e.get("chart") == kind]
        self.group: Group | None = groups[0] if groups else None
        if self.group is not None:
            gid = self.group.id
            self.elements = [e for e in diagram if _inside(diagram, e, gid)]
        else:
            self.elements = [e for e in diagram if not isinstance(e, Group)]
        self.diagram = diagram

    def setting(self, key: str, default: str = "") -> str:
        """A chart-level value the builder stored on the group; once the user has ungrouped the chart, the
        first mark that carries it too."""
        if self.group is not None:
            return self.group.get(key, default)
        return next((e.get(key) for e in self.elements if any(k == key for k, _ in e.data)), default)

    def role(self, *roles: str) -> list[Element]:
        """Marks with one of the roles, in drawing order."""
        wanted = set(roles)
        return [e for e in self.elements if e.get("role") in wanted]

    def first_text(self, role: str) -> str:
        found = self.role(role)
        return found[0].text.strip() if found else ""

    def title(self) -> str:
        """The chart title as shown (the user may have retyped it); empty when the chart has none."""
        found = self.role("title")
        return found[0].text.strip() if found else ""


def _inside(diagram: Diagram, element: Element, group_id: str) -> bool:
    parent = element.parent
    seen = 0
    while parent is not None and seen < 64:
        if parent == group_id:
            return True
        owner = diagram.get(parent)
        parent = owner.parent if owner is not None else None
        seen += 1
    return False


def number(text: str, default: float = 0.0) -> float:
    """A number stored in `data`; `default` when it was edited into something else."""
    try:
        value = float(text)
    except ValueError:
        return default
    return value if math.isfinite(value) else default


def index_of(element: Element, key: str = "index") -> int:
    try:
        return int(element.get(key, "0"))
    except ValueError:
        return 0


def by_index(elements: Iterable[Element], key: str = "index") -> list[Element]:
    return sorted(elements, key=lambda e: index_of(e, key))


def title_line(title: str, indent: str = "    ") -> list[str]:
    """A `title "..."` statement, or nothing for an empty title."""
    return [f"{indent}title {quote(title)}"] if title else []


def plain_title_line(title: str, indent: str = "    ") -> list[str]:
    """`title X` for the types that read the title as it stands (gantt, pie, timeline, journey, gitGraph):
    specials as entity codes, no quotes."""
    if not title:
        return []
    return [f"{indent}title " + entities(" ".join(title.split()), ";")]


def front_matter(title: str) -> list[str]:
    """A front-matter block holding the title (for types with no title statement); nothing when untitled."""
    if not title:
        return []
    return ["---", f'title: "{" ".join(title.split())}"', "---"]


def config_lines(diagram: Diagram) -> list[str]:
    """The configuration the diagram was made with (front matter and directives of its source), as one
    `%%{init: ...}%%` directive, so theme and chart settings survive an export."""
    if not diagram.meta.source:
        return []
    try:
        config = prepare(diagram.meta.source).config
    except InvalidInput:
        return []
    if not config:
        return []
    # `%` only occurs inside JSON strings, where \u0025 means the same and cannot end the directive.
    return ["%%{init: " + json.dumps(config, ensure_ascii=False).replace("%", "\\u0025") + "}%%"]


def finish(lines: list[str]) -> str:
    return "\n".join(lines) + "\n"
