"""A drawn class diagram as `classDiagram` text: boxes as classes (annotations and name from the header,
attributes and methods from the compartments), frames as namespaces, connectors as relations with their
heads, line style, label and cardinalities, plus notes, lollipop interfaces, colours and links."""

from __future__ import annotations

import re

from autograph_desktop.mermaid.export_common import (
    diagram_title,
    frame_of,
    main_direction,
    section_texts,
)
from autograph_desktop.mermaid.theme import THEMES, node_style
from autograph_desktop.model.document import Diagram
from autograph_desktop.model.elements import Connector, Frame, Shape
from autograph_desktop.model.style import resolve_color

_NAME = re.compile(r"^[\w$]+(?:-[\w$]+)*$")
LEFT = {"open_triangle": "<|", "diamond": "*", "open_diamond": "o", "arrow": "<", "open_circle": "()"}
RIGHT = {"open_triangle": "|>", "diamond": "*", "open_diamond": "o", "arrow": ">", "open_circle": "()"}
_DEFAULT = node_style(THEMES["default"])


def _name(name: str) -> str:
    return name if _NAME.match(name) else f"`{name}`"


def _header(text: str) -> tuple[list[str], str, str]:
    """(annotations, label, generic) from a class box's title lines."""
    lines = [line for line in text.split("\n") if line.strip()]
    annotations = [line.strip()[1:-1] for line in lines if line.strip().startswith("«") and line.strip().endswith("»")]
    rest = [line for line in lines if not (line.strip().startswith("«") and line.strip().endswith("»"))]
    title = " ".join(rest).strip()
    match = re.match(r"^(.*?)<(.*)>$", title)
    return annotations, (match.group(1) if match else title), (match.group(2) if match else "")


def to_mermaid(diagram: Diagram) -> str:
    boxes = [el for el in diagram if isinstance(el, Shape) and el.get("mermaid_id")
             and not el.get("mermaid_id").startswith(("note:", "iface:"))]
    names = {box.id: box.get("mermaid_id") for box in boxes}
    lines = ["classDiagram"]
    title = diagram_title(diagram, "Mermaid class")
    if title:
        lines = ["---", f'title: "{title}"', "---", *lines]
    direction = main_direction(diagram, names)
    if direction != "TB":
        lines.append(f"    direction {direction}")
    frames = [f for f in diagram if isinstance(f, Frame) and f.get("mermaid_id").startswith("ns:")]

    def emit(box: Shape, indent: str) -> None:
        annotations, label, generic = _header(box.text)
        name = names[box.id]
        head = f"class {_name(name)}" + (f"~{generic.replace('<', '~').replace('>', '~')}~" if generic else "")
        if label and label != name:
            head += f'["{label.replace(chr(34), "#quot;")}"]'
        members = [line for t in section_texts(diagram, box.parent) for line in t.text.split("\n") if line.strip()]
        body = [f"<<{a}>>" for a in annotations] + members
        if body:
            lines.append(f"{indent}{head} {{")
            lines.extend(f"{indent}    {line.strip()}" for line in body)
            lines.append(f"{indent}}}")
        else:
            lines.append(indent + head)

    def namespace(frame: Frame | None, indent: str) -> None:
        for box in boxes:
            if frame_of(diagram, box) is frame:
                emit(box, indent)
        for child in frames:
            if frame_of(diagram, child) is frame:
                lines.append(f"{indent}namespace {child.get('mermaid_id')[3:] or child.text} {{")
                namespace(child, indent + "    ")
                lines.append(f"{indent}}}")

    namespace(None, "    ")
    notes = {el.id: el for el in diagram if isinstance(el, Shape) and el.get("mermaid_id").startswith("note:")}
    interfaces = {el.id: el for el in diagram if isinstance(el, Shape) and el.get("mermaid_id").startswith("iface:")}
    noted: dict[str, str] = {}
    for conn in (c for c in diagram if isinstance(c, Connector)):
        source, target = conn.source.element or "", conn.target.element or ""
        if source in notes and target in names:
            noted[source] = names[target]
        elif source in names and target in interfaces:
            lines.append(f"    {_name(names[source])} --() {_name(interfaces[target].text)}")
        elif source in names and target in names:
            lines.append("    " + _relation(conn, names[source], names[target]))
    for note_id, note in notes.items():
        text = note.text.replace('"', "#quot;").replace("\n", "<br>")
        lines.append(f'    note for {_name(noted[note_id])} "{text}"' if note_id in noted else f'    note "{text}"')
    for box in boxes:
        style = box.style
        if (style.fill, style.stroke) != (_DEFAULT.fill, _DEFAULT.stroke) and _NAME.match(names[box.id]):
            lines.append(f"    style {names[box.id]} fill:{resolve_color(style.fill, 'light', 'fill') or 'none'},"
                         f"stroke:{resolve_color(style.stroke) or 'none'}")
        if box.link and _NAME.match(names[box.id]):
            lines.append(f'    click {names[box.id]} href "{box.link}"')
    return "\n".join(lines) + "\n"


def _relation(conn: Connector, source: str, target: str) -> str:
    line = ".." if conn.style.dash in ("dotted", "dashed") else "--"
    token = LEFT.get(conn.start_arrow, "") + line + RIGHT.get(conn.end_arrow, "")
    label = cards_a = cards_b = ""
    for lbl in conn.labels:
        if lbl.position < 0.2:
            cards_a = lbl.text
        elif lbl.position > 0.8:
            cards_b = lbl.text
        else:
            label = lbl.text
    left = f' "{cards_a}"' if cards_a else ""
    right = f'"{cards_b}" ' if cards_b else ""
    tail = f" : {label}" if label else ""
    return f"{_name(source)}{left} {token} {right}{_name(target)}{tail}"
