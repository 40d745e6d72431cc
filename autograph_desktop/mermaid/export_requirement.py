"""A drawn requirement diagram as `requirementDiagram` text, read from the boxes as they are now: the kind
and name in each header, the `Key: value` lines of its compartment, and the «relation» on each line."""

from __future__ import annotations

import re

from autograph_desktop.mermaid.export_common import diagram_title, escape
from autograph_desktop.mermaid.requirement import KIND_NAMES, KINDS, RELATIONS
from autograph_desktop.mermaid.theme import THEMES, node_style
from autograph_desktop.model.document import Diagram
from autograph_desktop.model.elements import Connector, Shape, Text
from autograph_desktop.model.style import resolve_color

_BY_LABEL = {label.lower(): KIND_NAMES[key] for key, label in KINDS.items()}
_FIELDS = {"id": "id", "text": "text", "risk": "risk", "verification": "verifymethod", "verifymethod": "verifymethod",
           "type": "type", "doc ref": "docref", "docref": "docref"}
_BARE = re.compile(r"^[A-Za-z_][\w.]*$")
_DEFAULT = node_style(THEMES["default"])


def _name(text: str) -> str:
    return text if _BARE.match(text) else '"' + escape(text, '"') + '"'


def _value(text: str) -> str:
    return '"' + escape(text, '"') + '"'


def _direction(diagram: Diagram, names: dict[str, str]) -> str:
    dx = dy = 0.0
    for conn in (el for el in diagram if isinstance(el, Connector)):
        a, b = diagram.get(conn.source.element or ""), diagram.get(conn.target.element or "")
        if a is None or b is None or a.id not in names or b.id not in names:
            continue
        dx += abs(b.rect.center[0] - a.rect.center[0])
        dy += abs(b.rect.center[1] - a.rect.center[1])
    return "LR" if dx > dy * 1.5 else "TB"


def to_mermaid(diagram: Diagram) -> str:
    headers = [el for el in diagram if isinstance(el, Shape) and el.get("req_kind")]
    compartments = {el.parent: el for el in diagram if isinstance(el, Text) and el.parent is not None}
    names: dict[str, str] = {}
    lines = ["requirementDiagram"]
    title = diagram_title(diagram, "Requirements")
    if title:
        lines.append(f"    title {escape(title)}")
    body: list[str] = []
    for header in headers:
        first, _, rest = header.text.partition("\n")
        label = first.strip().strip("«»").lower()
        kind = header.get("req_kind") if not rest else ("element" if label == "element" else _BY_LABEL.get(
            label, header.get("req_kind")))
        name = (rest or first).replace("\n", " ").strip() or header.get("mermaid_id")
        names[header.id] = name
        body.append(f"    {kind} {_name(name)} {{")
        compartment = compartments.get(header.parent) if header.parent else None
        for line in (compartment.text.split("\n") if compartment is not None else []):
            key, colon, value = line.partition(":")
            field = _FIELDS.get(key.strip().lower())
            if not colon or field is None or (kind == "element") != (field in ("type", "docref")):
                continue
            value = value.strip()
            body.append(f"        {field}: {value if field in ('risk', 'verifymethod') else _value(value)}")
        body.append("    }")
    stored = next((h.get("req_direction") for h in headers if h.get("req_direction")), "")
    lines.append(f"    direction {stored or _direction(diagram, names)}")
    lines.extend(body)
    for conn in (el for el in diagram if isinstance(el, Connector)):
        source, target = names.get(conn.source.element or ""), names.get(conn.target.element or "")
        if source is None or target is None:
            lines.append("    %% a connector without a requirement or element at both ends was left out")
            continue
        text = " ".join(label.text for label in conn.labels).strip().strip("«»<>").lower()
        kind = text if text in RELATIONS else conn.get("relation") if conn.get("relation") in RELATIONS else "traces"
        lines.append(f"    {_name(source)} - {kind} -> {_name(target)}")
    for header in headers:  # colours (classes are written out as the colours they gave)
        style = header.style
        if (style.fill != _DEFAULT.fill or style.stroke != _DEFAULT.stroke) and _BARE.match(names[header.id]):
            lines.append(f"    style {names[header.id]} fill:{resolve_color(style.fill, 'light', 'fill') or 'none'},"
                         f"stroke:{resolve_color(style.stroke) or 'none'}")
    return "\n".join(lines) + "\n"
