"""Trees written by indentation (treemap, ishikawa, treeView, venn text nodes): who is whose parent.

As in Mermaid's mindmap, indentation only matters relative to earlier lines: a line's parent is the
nearest earlier line indented less. A monotonic stack finds it in amortised O(1), so deep or huge trees
cost nothing and never recurse.
"""

from __future__ import annotations

from dataclasses import dataclass


def indent_width(raw: str) -> int:
    """Leading whitespace width, a tab counting as 4 spaces (editors disagree; Mermaid only compares)."""
    lead = raw[: len(raw) - len(raw.lstrip(" \t"))]
    return len(lead) + 3 * lead.count("\t")


@dataclass
class Stack:
    """Open ancestors as (indent, index); `parent_for` pops the ones a new line closes."""

    items: list[tuple[int, int]]

    @staticmethod
    def empty() -> Stack:
        return Stack([])

    def parent_for(self, indent: int) -> int | None:
        while self.items and self.items[-1][0] >= indent:
            self.items.pop()
        return self.items[-1][1] if self.items else None

    def push(self, indent: int, index: int) -> None:
        self.items.append((indent, index))

    def depth(self) -> int:
        return len(self.items)
