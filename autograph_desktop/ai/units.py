"""A diagram seen by Mermaid id: its units (a node and its parts), frames and links, and its Mermaid text.

Both sides of a refinement are read this way: the canvas (whose hand-drawn nodes get the ids the Mermaid
export will give them) and the model's new diagram, so that they can be matched element by element.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from autograph_desktop.ai.build import ROLE_ICON
from autograph_desktop.mermaid.export import to_mermaid
from autograph_desktop.model import Connector, Diagram, Element, Endpoint, Frame, Group, Rect

_ID_OK = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_RESERVED = {"end", "graph", "flowchart", "subgraph", "style", "class", "classDef", "click", "linkStyle",
             "direction"}


# ---------------------------------------------------------------------------- the diagram as Mermaid
def current_mermaid(doc: Diagram) -> str:
    """The diagram as Mermaid for the model: its own source for fixed-layout and class/ER/state diagrams
    made from Mermaid, else the canvas exported as a flowchart (so the user's canvas edits are seen)."""
    if doc.meta.source_kind == "mermaid" and doc.meta.source and doc.meta.kind not in ("flowchart", "freeform"):
        return doc.meta.source
    return to_mermaid(with_mermaid_ids(doc, keep_icons=False))


def with_mermaid_ids(doc: Diagram, keep_icons: bool = True) -> Diagram:
    """A copy whose nodes and frames all have a unique, valid Mermaid id: exactly the ids `to_mermaid`
    will write, so the reply can be matched element by element (icon badges left out for the export)."""
    used: set[str] = set()
    out: list[Element] = []
    pending: list[Element] = []
    for el in doc:
        if el.get("role") == ROLE_ICON:
            if keep_icons:
                out.append(el)
            continue
        if isinstance(el, (Connector, Group)) or not _is_node(doc, el):
            out.append(el)
            continue
        wanted = el.get("mermaid_id")
        if wanted and _ID_OK.match(wanted) and wanted not in used and wanted not in _RESERVED:
            used.add(wanted)
            out.append(el)
        else:
            pending.append(el)
            out.append(el)
    counter = 1
    renamed: dict[str, Element] = {}
    for el in pending:
        while f"n{counter}" in used:
            counter += 1
        used.add(f"n{counter}")
        data = (*((k, v) for k, v in el.data if k != "mermaid_id"), ("mermaid_id", f"n{counter}"))
        renamed[el.id] = el.evolve(data=data)
    return Diagram(doc.meta, [renamed.get(el.id, el) for el in out])


def _is_node(doc: Diagram, el: Element) -> bool:
    if isinstance(el, Frame):
        return True
    if el.kind not in ("shape", "text", "icon", "image"):
        return False
    parent = doc.get(el.parent) if el.parent else None
    return not (isinstance(parent, Group) and not el.get("mermaid_id"))


# ---------------------------------------------------------------------------- units
@dataclass
class Unit:
    """A node and its parts: `box` carries the Mermaid id and is what connectors attach to."""

    key: str
    box: Element
    elements: list[Element]
    frame: str | None  # the Mermaid id of the frame it sits in

    @property
    def root(self) -> Element:
        return self.elements[0]

    def signature(self) -> tuple[object, ...]:
        parts = sorted((e.kind, getattr(e, "shape", ""), getattr(e, "icon", ""), e.text) for e in self.elements
                       if e.kind != "group")
        return (len(self.elements), *parts)

    def bounds(self) -> Rect:
        boxes = [Rect(e.x, e.y, e.w, e.h) for e in self.elements if e.kind != "group"]
        x0, y0 = min(b.x for b in boxes), min(b.y for b in boxes)
        return Rect(x0, y0, max(b.right for b in boxes) - x0, max(b.bottom for b in boxes) - y0)


def frame_key(doc: Diagram, el: Element) -> str | None:
    parent = el.parent
    while parent is not None:
        owner = doc.get(parent)
        if owner is None:
            return None
        if isinstance(owner, Frame):
            return owner.get("mermaid_id") or owner.id
        parent = owner.parent
    return None


def units_of(doc: Diagram) -> dict[str, Unit]:
    out: dict[str, Unit] = {}
    for el in doc:
        key = el.get("mermaid_id")
        if not key or key in out or isinstance(el, (Connector, Frame, Group)) or el.get("role") == ROLE_ICON:
            continue
        parent = doc.get(el.parent) if el.parent else None
        if isinstance(parent, Group):
            root = doc.outermost_group(el.id)
            members = [root, *sorted(doc.descendants(root.id), key=lambda e: (e.z, e.id))]
            out[key] = Unit(key, el, members, frame_key(doc, el))
        else:
            out[key] = Unit(key, el, [el], frame_key(doc, el))
    return out


def frames_of(doc: Diagram) -> dict[str, Frame]:
    return {el.get("mermaid_id") or el.id: el for el in doc if isinstance(el, Frame)}


def _end_key(doc: Diagram, end: Endpoint) -> str | None:
    el = doc.get(end.element) if end.element else None
    return el.get("mermaid_id") or None if el is not None else None


def edges_of(doc: Diagram) -> dict[tuple[str, str, int], Connector]:
    """Connectors by (source id, target id, n-th such link)."""
    out: dict[tuple[str, str, int], Connector] = {}
    seen: dict[tuple[str, str], int] = {}
    for el in doc:
        if not isinstance(el, Connector):
            continue
        a, b = _end_key(doc, el.source), _end_key(doc, el.target)
        if a is None or b is None:
            continue
        n = seen.get((a, b), 0)
        seen[(a, b)] = n + 1
        out[(a, b, n)] = el
    return out
