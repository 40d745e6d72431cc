"""A drawn ER diagram as `erDiagram` text: boxes as entities (label and attribute lines from the canvas),
connectors as relationships whose crow's feet give the cardinalities and whose dash gives identification."""

from __future__ import annotations

import re

from autograph_desktop.mermaid.export_common import diagram_title, main_direction, section_texts
from autograph_desktop.mermaid.theme import THEMES, node_style
from autograph_desktop.model.document import Diagram
from autograph_desktop.model.elements import Connector, Shape
from autograph_desktop.model.style import resolve_color

LEFT = {"crow_one": "||", "crow_zero_one": "|o", "crow_zero_many": "}o", "crow_one_many": "}|"}
RIGHT = {"crow_one": "||", "crow_zero_one": "o|", "crow_zero_many": "o{", "crow_one_many": "|{"}
_NAME = re.compile(r"^[^\s{}\[\]\"|:]+$")
_DEFAULT = node_style(THEMES["default"])


def _name(name: str) -> str:
    return name if _NAME.match(name) and "--" not in name and ".." not in name else f'"{name}"'


def attribute_line(line: str) -> str:
    """A drawn attribute (`type name  PK, FK  "comment"`) in Mermaid's attribute syntax."""
    parts = [p.strip() for p in line.split("  ") if p.strip()]
    if not parts:
        return ""
    out = [parts[0]]
    for part in parts[1:]:
        out.append(part if part.startswith('"') else part.replace(" ", ""))
    return " ".join(out)


def to_mermaid(diagram: Diagram) -> str:
    boxes = [el for el in diagram if isinstance(el, Shape) and el.get("mermaid_id")]
    names = {box.id: box.get("mermaid_id") for box in boxes}
    lines = ["erDiagram"]
    title = diagram_title(diagram, "Mermaid er")
    if title:
        lines = ["---", f'title: "{title}"', "---", *lines]
    direction = main_direction(diagram, names)
    if direction != "TB":
        lines.append(f"    direction {direction}")
    for box in boxes:
        name = names[box.id]
        alias = f'["{box.text}"]' if box.text and box.text != name else ""
        attributes = [attribute_line(line) for t in section_texts(diagram, box.parent) for line in t.text.split("\n")]
        attributes = [a for a in attributes if a]
        if attributes:
            lines.append(f"    {_name(name)}{alias} {{")
            lines.extend(f"        {a}" for a in attributes)
            lines.append("    }")
        else:
            lines.append(f"    {_name(name)}{alias}")
    for conn in (c for c in diagram if isinstance(c, Connector)):
        source, target = names.get(conn.source.element or ""), names.get(conn.target.element or "")
        if source is None or target is None:
            lines.append("    %% a connector without an entity at both ends was left out")
            continue
        line = ".." if conn.style.dash in ("dotted", "dashed") else "--"
        token = LEFT.get(conn.start_arrow, "||") + line + RIGHT.get(conn.end_arrow, "||")
        label = " ".join(lbl.text for lbl in conn.labels).strip().replace('"', "#quot;")
        lines.append(f'    {_name(source)} {token} {_name(target)} : "{label}"')
    for box in boxes:
        style = box.style
        if (style.fill, style.stroke) != (_DEFAULT.fill, _DEFAULT.stroke) and _NAME.match(names[box.id]):
            lines.append(f"    style {names[box.id]} fill:{resolve_color(style.fill, 'light', 'fill') or 'none'},"
                         f"stroke:{resolve_color(style.stroke) or 'none'}")
    return "\n".join(lines) + "\n"
