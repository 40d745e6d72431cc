"""Mermaid `treeView-beta` (also the earlier `fileTree-beta`) -> `TreeViewSpec`: a directory-like tree.

Each line is an entry, nested by indentation under the nearest earlier entry indented less. Names may be
quoted (`"src"`); an entry with children, or whose name ends in `/`, is a folder.

`counts()`: nodes = entries, edges = parent links.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from autograph_desktop.mermaid.common import Prepared, error
from autograph_desktop.mermaid.indented import Stack, indent_width
from autograph_desktop.mermaid.textutil import body_statements, clean_label, split_statements, unquote
from autograph_desktop.model.problems import Problem


@dataclass
class TreeEntry:
    index: int
    name: str
    parent: int | None = None
    depth: int = 0
    children: list[int] = field(default_factory=list)
    line: int | None = None

    @property
    def folder(self) -> bool:
        return bool(self.children) or self.name.endswith("/")


@dataclass
class TreeViewSpec:
    title: str | None = None
    entries: list[TreeEntry] = field(default_factory=list)
    acc_title: str | None = None
    acc_descr: str | None = None
    warnings: list[Problem] = field(default_factory=list)
    diagram_type: str = "treeview"

    def counts(self) -> tuple[int, int]:
        """Our rule: nodes = entries, edges = parent links."""
        return len(self.entries), sum(1 for e in self.entries if e.parent is not None)


def parse(prepared: Prepared) -> TreeViewSpec:
    """Parse a prepared tree view; an empty quoted name is the only thing that can be wrong."""
    if prepared.header_rest.strip():
        raise error(prepared.header, f"unexpected text after {prepared.keyword}", column=len(prepared.keyword) + 2,
                    hint="put the first entry on the next line", source=prepared.source)
    spec = TreeViewSpec(title=prepared.title)
    stack = Stack.empty()
    for st in body_statements(split_statements(prepared.lines, semicolons=False), spec):
        name = clean_label(unquote(st.text))
        if not name:
            raise error(st.line, "the entry has no name", column=st.column, hint='write  "src"  or  src',
                        source=prepared.source)
        indent = indent_width(st.line.text)
        parent = stack.parent_for(indent)
        entry = TreeEntry(len(spec.entries), name, parent, stack.depth(), line=st.line.number)
        if parent is not None:
            spec.entries[parent].children.append(entry.index)
        spec.entries.append(entry)
        stack.push(indent, entry.index)
    if not spec.entries:
        raise error(prepared.header, "the tree is empty", column=1, hint="add entries, one per line, indented under "
                    "their folder", source=prepared.source)
    spec.warnings = [*prepared.warnings, *spec.warnings]
    return spec
