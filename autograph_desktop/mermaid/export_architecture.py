"""A drawn architecture diagram as `architecture-beta` text: frames as groups, icons as services, sided edges.

Icons keep the Mermaid name they were read from unless the user picked another icon, which is written
in iconify form (`mdi:server`) where Mermaid has the same pack, else as our catalogue id (which our
reader also accepts). Connector ends bound to a frame become `{group}` edges from the nearest service.
"""

from __future__ import annotations

import re

from autograph_desktop.mermaid.export_common import IdMaker, diagram_title, end_side, escape, frame_of
from autograph_desktop.model.document import Diagram
from autograph_desktop.model.elements import Connector, Element, Frame, Icon, Image, Shape, Text

SIDE_LETTERS = {"left": "L", "right": "R", "top": "T", "bottom": "B"}
#: Our icon sets written back as the iconify packs Mermaid users register.
ICONIFY = {"mdi6": "mdi", "fa6s": "fa6-solid", "fa6": "fa6-regular", "fa6b": "fa6-brands", "ph": "ph",
           "ri": "ri", "msc": "codicon", "si": "simple-icons"}
_ID = re.compile(r"^[A-Za-z0-9_][\w-]*$")


def icon_name(el: Element) -> str:
    """The icon to write for a service or group icon."""
    if not isinstance(el, Icon):
        return ""
    written = el.get("mermaid_icon")
    if written and el.get("built_icon", el.icon) == el.icon:
        return written
    pack, _, glyph = el.icon.partition(".")
    return f"{ICONIFY[pack]}:{glyph}" if pack in ICONIFY and glyph else el.icon


def _group_icons(diagram: Diagram) -> dict[str, Icon]:
    return {el.parent: el for el in diagram
            if isinstance(el, Icon) and el.get("role") == "group_icon" and el.parent is not None}


def to_mermaid(diagram: Diagram) -> str:
    ids = IdMaker(_ID, reserved=("group", "service", "junction", "in", "title"))
    frames = [el for el in diagram if isinstance(el, Frame)]
    group_icons = _group_icons(diagram)
    nodes: list[Element] = [el for el in diagram if isinstance(el, (Icon, Shape, Image, Text))
             and not el.get("role") and el.id not in {i.id for i in group_icons.values()}]
    for frame in frames:
        ids.add(frame, "g")
    for node in nodes:
        ids.add(node, "j" if node.get("arch") == "junction" else "s")
    lines = ["architecture-beta"]
    title = diagram_title(diagram, "Architecture")
    if title:
        lines.append(f"    title {escape(title)}")

    def placement(el: Element) -> str:
        frame = frame_of(diagram, el)
        return f" in {ids.ids[frame.id]}" if frame is not None and frame.id in ids.ids else ""

    for frame in _outer_first(diagram, frames):
        icon = icon_name(group_icons[frame.id]) if frame.id in group_icons else ""
        icon_part = f"({icon})" if icon else ""
        lines.append(f"    group {ids.ids[frame.id]}{icon_part}[{escape(frame.text, '[]')}]{placement(frame)}")
    for node in nodes:
        if node.get("arch") == "junction":
            lines.append(f"    junction {ids.ids[node.id]}{placement(node)}")
            continue
        icon = icon_name(node)
        icon_part = f"({icon})" if icon else ""
        lines.append(f"    service {ids.ids[node.id]}{icon_part}[{escape(node.text, '[]')}]{placement(node)}")
    skipped = 0
    for conn in (el for el in diagram if isinstance(el, Connector)):
        line = _edge(diagram, conn, ids.ids, nodes)
        if line is None:
            skipped += 1
        else:
            lines.append("    " + line)
    if skipped:
        lines.append(f"    %% {skipped} connector(s) without a service at both ends were left out")
    return "\n".join(lines) + "\n"


def _outer_first(diagram: Diagram, frames: list[Frame]) -> list[Frame]:
    def depth(frame: Frame) -> int:
        n, owner = 0, frame_of(diagram, frame)
        while owner is not None and n < len(frames):
            n, owner = n + 1, frame_of(diagram, owner)
        return n

    return sorted(frames, key=depth)


def _edge(diagram: Diagram, conn: Connector, ids: dict[str, str], nodes: list[Element]) -> str | None:
    parts: list[str] = []
    for which, end in (("source", conn.source), ("target", conn.target)):
        el = diagram.get(end.element or "")
        if el is None or el.id not in ids:
            return None
        side = SIDE_LETTERS[end_side(diagram, conn, which)]
        if isinstance(el, Frame):
            member = _service_beside(diagram, el, conn, which, nodes)
            if member is None:
                return None
            name = f"{ids[member.id]}{{group}}"
        else:
            name = ids[el.id]
        parts.append(f"{name}:{side}" if which == "source" else f"{side}:{name}")
    label = " ".join(lbl.text for lbl in conn.labels if lbl.text).strip()
    left = "<" if conn.start_arrow != "none" else ""
    right = ">" if conn.end_arrow != "none" else ""
    middle = f"-[{escape(label, '[]')}]-" if label else "--"
    return f"{parts[0]} {left}{middle}{right} {parts[1]}"


def _service_beside(diagram: Diagram, frame: Frame, conn: Connector, which: str,
                    nodes: list[Element]) -> Element | None:
    """The service directly in `frame` nearest to where the connector meets it."""
    members = [n for n in nodes if frame_of(diagram, n) is frame and n.get("arch") != "junction"]
    if not members:
        return None
    points = diagram.connector_points(conn)
    px, py = points[0] if which == "source" else points[-1]
    return min(members, key=lambda n: (n.rect.center[0] - px) ** 2 + (n.rect.center[1] - py) ** 2)
