"""A drawn block diagram as `block-beta` text: the grid cells each block was given (with `space` for the
empty ones), frames as nested `block:id ... end`, arrows, edges and the colours the user set.

Cells come from the grid position the builder recorded; blocks added on the canvas follow in reading order.
"""

from __future__ import annotations

from collections.abc import Sequence

from autograph_desktop.mermaid.export import SHAPE_SYNTAX
from autograph_desktop.mermaid.export_common import IdMaker, by_position, diagram_title, escape, frame_of
from autograph_desktop.mermaid.theme import THEMES, node_style
from autograph_desktop.model.document import Diagram
from autograph_desktop.model.elements import Connector, Element, Frame, Shape, Text
from autograph_desktop.model.style import resolve_color

_DEFAULT = node_style(THEMES["default"])


def _label(text: str) -> str:
    return '"' + escape(text, '"&') + '"'


def _cell(el: Element) -> tuple[int, int] | None:
    row, col = el.get("block_row"), el.get("block_col")
    return (int(row), int(col)) if row.isdigit() and col.isdigit() else None


def _span(el: Element) -> int:
    span = el.get("block_span")
    return int(span) if span.isdigit() and int(span) > 0 else 1


class _Writer:
    def __init__(self, diagram: Diagram) -> None:
        self.diagram = diagram
        self.ids = IdMaker()
        self.frames = [el for el in diagram if isinstance(el, Frame)]
        self.nodes = [el for el in diagram if isinstance(el, (Shape, Text)) and not el.get("role")]
        for el in [*self.frames, *self.nodes]:
            if el.get("mermaid_id").startswith("block:"):
                self.ids.ids[el.id] = ""  # an anonymous block: written as plain `block`
            else:
                self.ids.add(el, "b")
        self.lines: list[str] = []

    def run(self) -> str:
        self.lines = ["block-beta"]
        title = diagram_title(self.diagram, "Block diagram")
        if title:
            self.lines.append(f"    title {escape(title)}")
        top = [el for el in [*self.frames, *self.nodes] if self.holder(el) is None]
        columns = next((el.get("block_root_columns") for el in top if el.get("block_root_columns")), "auto")
        if columns != "auto":
            self.lines.append(f"    columns {columns}")
        self.container(top, columns, "    ")
        for conn in (el for el in self.diagram if isinstance(el, Connector)):
            self.edge(conn)
        for el in [*self.frames, *self.nodes]:
            css = _css(el)
            if css and self.ids.ids.get(el.id):
                self.lines.append(f"    style {self.ids.ids[el.id]} {css}")
        return "\n".join(self.lines) + "\n"

    def holder(self, el: Element) -> Frame | None:
        return frame_of(self.diagram, el)

    def container(self, members: Sequence[Element], columns: str, indent: str) -> None:
        width = int(columns) if columns.isdigit() else None
        placed = sorted((m for m in members if _cell(m) is not None), key=lambda m: _cell(m) or (0, 0))
        row, col = 0, 0
        line: list[str] = []
        for el in [*placed, *by_position([m for m in members if _cell(m) is None])]:
            cell = _cell(el)
            if cell is not None:
                target_row, target_col = cell
                if width is not None and target_row > row:
                    empty_rows = target_row - row - (1 if col else 0)
                    if col:
                        line.append(f"space:{width - col}" if width - col > 1 else "space")
                    line.extend(["space" if width == 1 else f"space:{width}"] * empty_rows)
                    row, col = target_row, 0
                if target_col > col:
                    line.append(f"space:{target_col - col}" if target_col - col > 1 else "space")
                    col = target_col
            if isinstance(el, Frame):
                if line:
                    self.lines.append(indent + " ".join(line))
                    line = []
                self.composite(el, indent)
            else:
                line.append(self.node(el))
            col += _span(el)
            if width is not None and col >= width:
                row, col = row + 1, 0
                if line:
                    self.lines.append(indent + " ".join(line))
                    line = []
        if line:
            self.lines.append(indent + " ".join(line))

    def composite(self, frame: Frame, indent: str) -> None:
        name = self.ids.ids.get(frame.id, "")
        label = f"[{_label(frame.text)}]" if frame.text and name else ""
        span = f":{_span(frame)}" if _span(frame) > 1 else ""
        head = f"block:{name}{label}{span}" if name else "block"  # an anonymous block has no width syntax
        self.lines.append(indent + head)
        columns = frame.get("block_columns") or "auto"
        if columns != "auto":
            self.lines.append(f"{indent}    columns {columns}")
        members = [el for el in [*self.frames, *self.nodes] if self.holder(el) is frame]
        self.container(members, columns, indent + "    ")
        self.lines.append(indent + "end")

    def node(self, el: Element) -> str:
        name = self.ids.ids[el.id]
        span = f":{_span(el)}" if _span(el) > 1 else ""
        if el.get("block_kind") == "arrow" and isinstance(el, Text):
            directions = el.get("block_directions") or "right"
            return f"{name}<[{_label(el.text)}]>({directions}){span}"
        shape = el.shape if isinstance(el, Shape) else "rectangle"
        if shape == "ellipse":
            return f"{name}(-{_label(el.text)}-){span}"
        opener, closer = SHAPE_SYNTAX.get(shape, ("[", "]"))
        if el.text == name and shape == "rectangle":
            return f"{name}{span}"
        return f"{name}{opener}{_label(el.text)}{closer}{span}"

    def edge(self, conn: Connector) -> None:
        source, target = self.ids.get(conn.source.element), self.ids.get(conn.target.element)
        if not source or not target:
            self.lines.append("    %% a connector without a named block at both ends was left out")
            return
        label = " ".join(lbl.text for lbl in conn.labels if lbl.text).strip()
        start = {"circle": "o", "open_circle": "o", "cross": "x", "none": ""}.get(conn.start_arrow, "<")
        end = {"circle": "o", "open_circle": "o", "cross": "x", "none": ""}.get(conn.end_arrow, ">")
        stroke = conn.get("stroke") or ("dotted" if conn.style.dash in ("dotted", "dashed") else
                                        "thick" if conn.style.stroke_width >= 3 else "normal")
        opener, closer = {"dotted": ("-.", ".-"), "thick": ("==", "==")}.get(stroke, ("--", "--"))
        tail = end or closer[-1]
        if label:
            link = f"{start}{opener} {_label(label)} {closer}{tail}"
        elif stroke == "dotted":
            link = f"{start}-.-{end}"
        else:
            link = f"{start}{opener}{tail}"
        self.lines.append(f"    {source} {link} {target}")


def _css(el: Element) -> str:
    style = el.style
    if not isinstance(el, Shape) or (style.fill == _DEFAULT.fill and style.stroke == _DEFAULT.stroke):
        return ""
    parts = [f"fill:{resolve_color(style.fill, 'light', 'fill') or 'none'}",
             f"stroke:{resolve_color(style.stroke) or 'none'}"]
    if style.stroke_width != _DEFAULT.stroke_width:
        parts.append(f"stroke-width:{style.stroke_width:g}px")
    return ",".join(parts)


def to_mermaid(diagram: Diagram) -> str:
    return _Writer(diagram).run()
