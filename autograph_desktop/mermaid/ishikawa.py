"""Mermaid `ishikawa-beta` (and `ishikawa`) -> `IshikawaSpec`: the problem and its causes by indentation.

The first line is the event (the problem at the fish's head); every later line is a cause, nested under
the nearest earlier cause indented less. Causes indented no more than the event are the main bones.

`counts()`: nodes = the event and every cause, edges = causes (each hangs from its bone or the spine).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from autograph_desktop.mermaid.common import Prepared, error
from autograph_desktop.mermaid.indented import Stack, indent_width
from autograph_desktop.mermaid.textutil import body_statements, clean_label, split_statements, unquote
from autograph_desktop.model.problems import Problem


@dataclass
class Cause:
    index: int
    text: str
    parent: int | None = None
    depth: int = 0
    children: list[int] = field(default_factory=list)
    line: int | None = None


@dataclass
class IshikawaSpec:
    title: str | None = None
    event: str = ""
    causes: list[Cause] = field(default_factory=list)
    acc_title: str | None = None
    acc_descr: str | None = None
    warnings: list[Problem] = field(default_factory=list)
    diagram_type: str = "ishikawa"

    def counts(self) -> tuple[int, int]:
        """Our rule: nodes = event + causes, edges = causes."""
        return len(self.causes) + (1 if self.event else 0), len(self.causes)

    def bones(self) -> list[int]:
        """The main causes (the bones off the spine), in order."""
        return [c.index for c in self.causes if c.parent is None]


def parse(prepared: Prepared) -> IshikawaSpec:
    """Parse a prepared ishikawa diagram; it needs at least the event line."""
    spec = IshikawaSpec(title=prepared.title)
    event_indent = 0
    stack = Stack.empty()
    for st in body_statements(split_statements(prepared.lines, semicolons=False), spec):
        text = clean_label(unquote(st.text))
        indent = indent_width(st.line.text)
        if not spec.event:
            if not text:
                raise error(st.line, "the event is empty", column=st.column, hint="start with the problem, e.g.  "
                            "Slow checkout", source=prepared.source)
            spec.event, event_indent = text, indent
            continue
        if indent <= event_indent:
            stack.items.clear()  # a main bone, whatever was open
        parent = stack.parent_for(indent)
        cause = Cause(len(spec.causes), text, parent, stack.depth(), line=st.line.number)
        if parent is not None:
            spec.causes[parent].children.append(cause.index)
        spec.causes.append(cause)
        stack.push(indent, cause.index)
    if not spec.event:
        raise error(prepared.header, "the diagram has no event", column=1,
                    hint="write the problem on the first line, then its causes indented below", source=prepared.source)
    spec.warnings = [*prepared.warnings, *spec.warnings]
    return spec
