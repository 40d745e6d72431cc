"""What an export shows: the whole diagram, a selection or a frame, and the rectangle around it.

Shared by SVG, PNG, PDF and thumbnails, so every format crops a selection the same way, including text
that overflows its element (labels under icons, frame title tabs).
"""

from __future__ import annotations

from dataclasses import dataclass

from autograph_desktop.model import Connector, Diagram, Element, InvalidInput, Problem, Rect
from autograph_desktop.model.geometry import union_all
from autograph_desktop.render.arrowheads import arrow_size
from autograph_desktop.render.labels import placed_text_layout
from autograph_desktop.render.routes import connector_geometry, point_along
from autograph_desktop.render.textlayout import frame_title_layout, label_layout


@dataclass(frozen=True, slots=True)
class Region:
    """Elements to draw (bottom to top) and the scene rectangle to export, padding included."""

    elements: list[Element]
    rect: Rect
    ids: frozenset[str]


def find_frame(doc: Diagram, name_or_id: str) -> Element:
    """A frame by id, else by exact title, else by case-insensitive title; InvalidInput if none matches."""
    el = doc.get(name_or_id)
    if el is not None and el.kind == "frame":
        return el
    frames = [e for e in doc if e.kind == "frame"]
    for match in (lambda e: e.text == name_or_id, lambda e: e.text.strip().lower() == name_or_id.strip().lower()):
        found = [e for e in frames if match(e)]
        if found:
            return found[0]
    names = ", ".join(repr(e.text) for e in frames[:20]) or "none"
    raise InvalidInput([Problem(f"no frame named {name_or_id!r} (frames: {names})")])


def visual_bounds(doc: Diagram, el: Element) -> Rect | None:
    """An element's bounds including text drawn outside it."""
    rect = doc.bounds(el.id)
    if rect is None:
        return None
    extra: list[Rect] = [rect]
    layout = placed_text_layout(el)
    if layout is not None and layout.lines:
        extra.append(Rect(*layout.bounds))
    if el.kind == "frame":
        titled = frame_title_layout(el)
        if titled is not None:
            extra.append(Rect(*titled[1]))
    if isinstance(el, Connector):
        # The model's bounds cover the control points; an orthogonal route or a curve can reach further.
        geo = connector_geometry(doc, el)
        if geo.polyline:
            margin = arrow_size(el.style.stroke_width)
            extra = [Rect.from_points(geo.polyline).inflated(margin)]
            for label in el.labels:
                if label.text:
                    (px, py), (nx, ny) = point_along(geo.polyline, label.position)
                    lay = label_layout(label.text, el.style, (px + nx * label.offset, py + ny * label.offset))
                    extra.append(Rect(*lay.bounds).inflated(4))
    return union_all(extra)


def _with_members(doc: Diagram, ids: set[str]) -> set[str]:
    """Selected ids plus the members of selected groups/frames, plus connectors between chosen elements."""
    chosen = set()
    for i in ids:
        if i in doc:
            chosen.add(i)
            chosen.update(d.id for d in doc.descendants(i))
    for el in list(doc):
        if isinstance(el, Connector) and el.id not in chosen:
            ends = [e.element for e in (el.source, el.target) if e.element is not None]
            if ends and all(e in chosen for e in ends) and any(e in ids or e in chosen for e in ends):
                chosen.add(el.id)
    return chosen


def export_region(doc: Diagram, *, ids: list[str] | set[str] | None = None, frame: str | None = None,
                  padding: float = 20.0) -> Region:
    """The elements and scene rectangle for an export of everything, a selection (`ids`) or a frame."""
    if frame is not None:
        target = find_frame(doc, frame)
        chosen = _with_members(doc, {target.id})
    elif ids:
        missing = [i for i in ids if i not in doc]
        if missing and len(missing) == len(list(ids)):
            raise InvalidInput([Problem(f"no element with id {missing[0]!r}")])
        chosen = _with_members(doc, set(ids))
    else:
        chosen = None
    elements = [e for e in doc if not e.hidden and (chosen is None or e.id in chosen)]
    rects = [r for e in elements if e.kind != "group" and (r := visual_bounds(doc, e)) is not None]
    if frame is not None:
        # A frame export is cropped to the frame itself (and its title), not to what spills out of it.
        fr = visual_bounds(doc, find_frame(doc, frame))
        bounds = fr
    else:
        bounds = union_all(rects)
    if bounds is None:
        bounds = Rect(0, 0, 0, 0)
    pad = max(padding, 0.0)
    rect = bounds.inflated(pad)
    if rect.w < 1 or rect.h < 1:
        rect = Rect(rect.x, rect.y, max(rect.w, 1.0), max(rect.h, 1.0))
    return Region(elements, rect, frozenset(e.id for e in elements))
