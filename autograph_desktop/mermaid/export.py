"""A drawn diagram as Mermaid flowchart text that re-imports to the same graph.

Nodes keep their Mermaid ids when they came from Mermaid (so code and canvas stay in step), frames become
subgraphs, connectors become links with their labels, arrowheads and line styles, and colours become
`style` lines. What a flowchart cannot express (loose connector ends, freehand paths) is listed in a
comment rather than silently lost.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from autograph_desktop.mermaid.richlabels import markdown_label
from autograph_desktop.mermaid.shapes import NAMED_SHAPES, SHAPE_SYNTAX
from autograph_desktop.mermaid.theme import THEMES, node_style
from autograph_desktop.model.document import Diagram
from autograph_desktop.model.elements import Connector, Element, Frame, Icon, Image, Path, Shape, Text
from autograph_desktop.model.richtext import RUNS_KEY
from autograph_desktop.model.shapes import definition_of
from autograph_desktop.model.style import DEFAULT_STYLE, resolve_color

_THEME_NODE = node_style(THEMES["default"])
_ID_OK = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_RESERVED = {"end", "graph", "flowchart", "subgraph", "style", "class", "classDef", "click", "linkStyle",
             "direction"}


def label_text(text: str) -> str:
    """A quoted label: quotes as entity codes, line breaks as <br>."""
    escaped = text.replace("#", "#35;").replace('"', "#quot;").replace("\r\n", "\n").replace("\n", "<br>")
    return f'"{escaped}"'


def _direction(diagram: Diagram, nodes: dict[str, str], edges: list[Connector]) -> str:
    dx = dy = 0.0
    for conn in edges:
        a, b = diagram.get(conn.source.element or ""), diagram.get(conn.target.element or "")
        if a is None or b is None:
            continue
        (ax, ay), (bx, by) = a.rect.center, b.rect.center
        dx += bx - ax
        dy += by - ay
    if abs(dx) > abs(dy):
        return "LR" if dx >= 0 else "RL"
    return "BT" if dy < 0 else "TB"


HEADS = {"none": "", "circle": "o", "open_circle": "o", "cross": "x"}


def link_token(conn: Connector) -> str:
    """The link token for a connector's line style and arrowheads (`-->`, `-.->`, `==>`, `<-->`, `--o`...)."""
    if conn.style.opacity == 0:
        return "~~~"
    head = HEADS.get(conn.end_arrow, ">")
    tail = {"": "", ">": "<", "o": "o", "x": "x"}[HEADS.get(conn.start_arrow, ">")] if head else ""
    if conn.style.dash in ("dotted", "dashed"):
        body = "-.-" + head if head != ">" else "-.->"
    elif conn.style.stroke_width >= 3:
        body = "===" if not head else ("==>" if head == ">" else "==" + head)
    else:
        body = "---" if not head else ("-->" if head == ">" else "--" + head)
    return tail + body


def flowchart_text(diagram: Diagram) -> str:
    """Flowchart text for the diagram (nodes, frames as subgraphs, connectors as links)."""
    used: set[str] = set()
    ids: dict[str, str] = {}
    # Badges (an icon drawn on a node, role "badge") belong to their node and are not nodes themselves.
    nodes: list[Element] = [e for e in diagram if isinstance(e, (Shape, Text, Icon, Image)) and e.get("role") != "badge"]
    frames = [e for e in diagram if isinstance(e, Frame)]
    for el in [*frames, *nodes]:
        wanted = el.get("mermaid_id")
        if not wanted or not _ID_OK.match(wanted) or wanted in used or wanted in _RESERVED:
            wanted = f"{'sg' if isinstance(el, Frame) else 'n'}{len(used) + 1}"
            while wanted in used:
                wanted += "_"
        used.add(wanted)
        ids[el.id] = wanted
    connectors = [e for e in diagram if isinstance(e, Connector)]
    linked = [c for c in connectors if c.source.element in ids and c.target.element in ids
              and not isinstance(diagram.get(c.source.element or ""), Frame)
              and not isinstance(diagram.get(c.target.element or ""), Frame)]
    skipped = [c for c in connectors if c not in linked]
    lines = [f"flowchart {_direction(diagram, ids, linked)}"]
    title = diagram.meta.title
    if title and title != "Untitled diagram" and title != f"Mermaid {diagram.meta.kind}":
        lines = ["---", f"title: {label_text(diagram.meta.title)}", "---", *lines]

    def frame_of(el: Element) -> str | None:
        parent = el.parent
        while parent is not None:
            owner = diagram.get(parent)
            if owner is None:
                return None
            if isinstance(owner, Frame):
                return owner.id
            parent = owner.parent
        return None

    children: dict[str | None, list[Element]] = {}
    for el in [*frames, *nodes]:
        children.setdefault(frame_of(el), []).append(el)

    def node_line(el: Element) -> str:
        text = el.text or (el.icon if isinstance(el, Icon) else "")
        markdown = markdown_label(text, el.get(RUNS_KEY))
        label = label_text(text) if markdown is None else '"`' + markdown.replace('"', "#quot;") + '`"'
        kind = definition_of(el).name  # a shape's kind, or "text", "icon", "image"
        if kind in SHAPE_SYNTAX:
            opener, closer = SHAPE_SYNTAX[kind]
            return f"{ids[el.id]}{opener}{label}{closer}"
        if kind in NAMED_SHAPES or isinstance(el, Shape):
            return f'{ids[el.id]}@{{ shape: {NAMED_SHAPES.get(kind, "rect")}, label: {label} }}'
        return f"{ids[el.id]}[{label}]"

    def emit(owner: str | None, indent: str) -> None:
        for el in children.get(owner, []):
            if isinstance(el, Frame):
                lines.append(f"{indent}subgraph {ids[el.id]} [{label_text(el.text or ids[el.id])}]")
                emit(el.id, indent + "  ")
                lines.append(f"{indent}end")
            else:
                lines.append(indent + node_line(el))

    emit(None, "  ")
    for conn in linked:
        label = " ".join(label.text for label in conn.labels if label.text).strip()
        arrow = link_token(conn)
        text = f"|{label_text(label)}|" if label else ""
        lines.append(f"  {ids[conn.source.element or '']} {arrow}{text} {ids[conn.target.element or '']}")
    for el in [*frames, *nodes]:
        css = _css(el)
        if css:
            lines.append(f"  style {ids[el.id]} {css}")
    leftovers = len(skipped) + sum(1 for e in diagram if isinstance(e, Path))
    if leftovers:
        lines.append(f"  %% {leftovers} element(s) with no flowchart equivalent (loose connectors, drawings) "
                     "were left out")
    return "\n".join(lines) + "\n"


def _css(el: Element) -> str:
    """`style` declarations for colours a user set on the canvas (not the theme's defaults)."""
    style = el.style
    if style.fill == _THEME_NODE.fill and style.stroke == _THEME_NODE.stroke:
        return ""
    if style.fill == DEFAULT_STYLE.fill and style.stroke == DEFAULT_STYLE.stroke:
        return ""
    parts = [f"fill:{resolve_color(style.fill, 'light', 'fill') or 'none'}",
             f"stroke:{resolve_color(style.stroke, 'light', 'stroke') or 'none'}"]
    if style.text_color not in (DEFAULT_STYLE.text_color, _THEME_NODE.text_color):
        parts.append(f"color:{resolve_color(style.text_color, 'light', 'text')}")
    return ",".join(parts)


def exporter_for(kind: str) -> Callable[[Diagram], str] | None:
    """The exporter of a diagram type that has its own (imported on first use); None: write a flowchart."""
    if kind == "architecture":
        from autograph_desktop.mermaid.export_architecture import to_mermaid as architecture
        return architecture
    if kind == "c4":
        from autograph_desktop.mermaid.export_c4 import to_mermaid as c4
        return c4
    if kind == "block":
        from autograph_desktop.mermaid.export_block import to_mermaid as block
        return block
    if kind == "requirement":
        from autograph_desktop.mermaid.export_requirement import to_mermaid as requirement
        return requirement
    if kind == "kanban":
        from autograph_desktop.mermaid.export_kanban import to_mermaid as kanban
        return kanban
    return _uml_exporter(kind)


def _uml_exporter(kind: str) -> Callable[[Diagram], str] | None:
    if kind == "sequence":
        from autograph_desktop.mermaid.export_sequence import to_mermaid as sequence
        return sequence
    if kind == "class":
        from autograph_desktop.mermaid.export_class import to_mermaid as classes
        return classes
    if kind == "er":
        from autograph_desktop.mermaid.export_er import to_mermaid as er
        return er
    if kind == "state":
        from autograph_desktop.mermaid.export_state import to_mermaid as state
        return state
    return None


def to_mermaid(diagram: Diagram) -> str:
    """Mermaid text for the diagram: in its own type when it came from one we can write, else a flowchart."""
    from autograph_desktop.mermaid.chart_types import export as export_chart

    chart = export_chart(diagram)
    if chart is not None:
        return chart
    exporter = exporter_for(diagram.meta.kind)
    return exporter(diagram) if exporter is not None else flowchart_text(diagram)


__all__ = ["flowchart_text", "to_mermaid"]


