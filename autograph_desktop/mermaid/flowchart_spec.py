"""The result of parsing a Mermaid flowchart: plain dataclasses the layout stage turns into elements.

Counting rule (`FlowchartSpec.counts()`), as Mermaid's flow db: nodes are the vertices created by node
statements, link ends and `style` statements, minus every id that names a subgraph (a subgraph is drawn
as a cluster, never as a vertex); edges are all links, one per (source, target) pair of `A & B --> C & D`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from autograph_desktop.model.problems import Problem


@dataclass(slots=True)
class FlowNode:
    """A vertex. `shape` is canonical (rectangle, diamond, ...); `shape_name` is what the user wrote
    (brackets such as `[()]`, or a name from `@{ shape: cyl }`; empty when no shape was given).

    `line` is the 1-based line of the node's first appearance; `data` keeps the other `@{ ... }` keys
    (icon, form, pos, img, w, h, constraint). `link`/`tooltip` come from `click` and are never acted upon.
    """

    id: str
    label: str
    shape: str = "rectangle"
    shape_name: str = ""
    classes: list[str] = field(default_factory=list)
    style: dict[str, str] = field(default_factory=dict)
    link: str | None = None
    link_target: str | None = None
    tooltip: str | None = None
    is_markdown: bool = False
    line: int = 0
    data: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class FlowEdge:
    """A link. stroke: normal, thick, dotted or invisible; arrows: none, arrow, circle or cross.

    `min_length` is Mermaid's rank span (`-->` 1, `--->` 2, `-..->` 2); `id` is the user's (`e1@-->`) or
    `L_<source>_<target>_<n>`; `data` keeps `e1@{ animate: true }` style keys; `style` includes linkStyle.
    """

    id: str
    source: str
    target: str
    label: str = ""
    stroke: str = "normal"
    start_arrow: str = "none"
    end_arrow: str = "arrow"
    min_length: int = 1
    style: dict[str, str] = field(default_factory=dict)
    is_markdown: bool = False
    line: int = 0
    interpolate: str | None = None
    data: dict[str, str] = field(default_factory=dict)
    classes: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Subgraph:
    """A cluster. `node_ids` are its direct vertices; nested subgraphs point at it via `parent`.

    Subgraphs are listed in the order they close (inner before outer), as Mermaid's db lists them.
    """

    id: str
    title: str
    direction: str | None = None
    node_ids: list[str] = field(default_factory=list)
    parent: str | None = None
    classes: list[str] = field(default_factory=list)
    style: dict[str, str] = field(default_factory=dict)
    is_markdown: bool = False
    line: int = 0


@dataclass(frozen=True, slots=True)
class LinkStyle:
    """`linkStyle 0,1 ...`; `indices` is None for `linkStyle default`."""

    indices: tuple[int, ...] | None
    style: dict[str, str]
    interpolate: str | None
    line: int


@dataclass(frozen=True, slots=True)
class Click:
    """`click` data, never executed: kind 'link' (target is a URL) or 'callback' (target is a name)."""

    node_id: str
    kind: str
    target: str
    tooltip: str | None
    window: str | None
    args: str | None
    line: int


@dataclass
class FlowchartSpec:
    direction: str
    nodes: dict[str, FlowNode]
    edges: list[FlowEdge]
    subgraphs: list[Subgraph]
    class_defs: dict[str, dict[str, str]]
    link_styles: list[LinkStyle]
    clicks: list[Click]
    title: str | None = None
    acc_title: str | None = None
    acc_descr: str | None = None
    warnings: list[Problem] = field(default_factory=list)
    diagram_type: str = "flowchart"

    def counts(self) -> tuple[int, int]:
        """(vertices, links) as Mermaid's flow db counts them; see the module docstring."""
        return len(self.nodes), len(self.edges)
