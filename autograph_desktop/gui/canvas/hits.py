"""Hit testing and handle geometry in scene coordinates: what is under the pointer, and where handles sit.

Built on the document's spatial index (`doc.elements_at`, topmost first); adds the canvas's own rules:
connectors are hit along the route actually drawn (elbows and curves included), locked and collapsed-away
elements are not picked by a click, frames are picked by their title bar or border (so a rubber band can
start inside a frame), and a click selects the outermost group.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable

from autograph_desktop.gui.canvas.painting import FRAME_TITLE_HEIGHT, collapsed_away, frame_title_rect, route
from autograph_desktop.model import (
    NODE_KINDS,
    SIDES,
    Connector,
    Diagram,
    Element,
    Endpoint,
    Frame,
    Group,
    Rect,
)
from autograph_desktop.model.geometry import distance_to_polyline, rotate_point, union_all
from autograph_desktop.model.shapes import definition_of

HANDLE_NAMES: tuple[str, ...] = ("nw", "n", "ne", "e", "se", "s", "sw", "w")
#: Widget pixels between the selection box top and the rotate handle.
ROTATE_OFFSET = 26.0


def _candidates(doc: Diagram, x: float, y: float, tolerance: float, extra: Iterable[str] = ()) -> list[Element]:
    """Elements under the point, topmost first: nodes by their outline, every connector whose box holds the
    point (the caller measures the drawn route: elbows and curves leave the line between the ends), and
    frames whose title tab (outside their bounds) is."""
    hits = [e for e in doc.elements_at(x, y, tolerance) if not isinstance(e, Connector)]
    near = Rect(x - tolerance, y - tolerance, 2 * tolerance, 2 * tolerance)
    connectors = {e.id: e for e in doc.elements_in_rect(near) if isinstance(e, Connector)}
    connectors.update((i, e) for i in extra if i not in connectors and isinstance(e := doc.get(i), Connector))
    hits += connectors.values()
    below = Rect(x - tolerance, y, 2 * tolerance, FRAME_TITLE_HEIGHT + tolerance)
    hits += [e for e in doc.elements_in_rect(below) if isinstance(e, Frame) and e not in hits
             and frame_title_rect(e).inflated(tolerance).contains(x, y)]
    hits.sort(key=lambda e: (e.z, e.id), reverse=True)
    return hits


def pick(doc: Diagram, x: float, y: float, tolerance: float, *, include_locked: bool = False,
         route_of: RouteOf | None = None,
         reaching: Iterable[str] = ()) -> Element | None:
    """The topmost element a click at (x, y) lands on, by the canvas's rules. `route_of` gives a
    connector's drawn polyline and `reaching` connectors drawn beyond their index box near the point (the
    view passes both from its painter)."""
    for el in _candidates(doc, x, y, tolerance, reaching):
        if el.locked and not include_locked:
            continue
        if el.parent is not None and collapsed_away(doc, el):
            continue
        if isinstance(el, Connector):
            polyline = route_of(el) if route_of is not None else route(doc, el)
            if distance_to_polyline(x, y, polyline) > tolerance + el.style.stroke_width:
                continue
        if isinstance(el, Frame) and not frame_edge_hit(el, x, y, tolerance):
            continue
        return el
    return None


def frame_edge_hit(frame: Frame, x: float, y: float, tolerance: float) -> bool:
    """Frames are grabbed by their title bar or their border, never by their empty inside."""
    if frame_title_rect(frame).inflated(tolerance).contains(x, y):
        return True
    if frame.collapsed:
        return Rect(frame.x, frame.y, frame.w, 0).inflated(tolerance).contains(x, y)
    if not frame.rect.inflated(tolerance).contains(x, y):
        return False
    inner = frame.rect.inflated(-tolerance)
    return inner.w <= 0 or inner.h <= 0 or not inner.contains(x, y)


def select_target(doc: Diagram, el: Element, entered: str | None = None) -> Element:
    """The element a click selects: the outermost group around `el`, unless the user has double-clicked
    into a group (`entered`), in which case the member directly inside that group."""
    chain = [el, *doc.ancestors(el.id)]
    if entered is not None:
        for i, anc in enumerate(chain):
            if anc.id == entered and i > 0:
                return chain[i - 1]
    top = el
    for anc in chain[1:]:
        if isinstance(anc, Group):
            top = anc
    return top


RouteOf = Callable[[Connector], list[tuple[float, float]]]


def drawn_box(doc: Diagram, el: Element, route_of: RouteOf | None = None) -> Rect | None:
    """The box of what an element shows: a connector's route (not its index box, which reaches further
    so it is found when a route detours), anything else its bounds (a group's are its members')."""
    if isinstance(el, Connector):
        points = route_of(el) if route_of is not None else doc.connector_points(el)
        return Rect.from_points(points) if points else None
    return doc.bounds(el.id)  # a group's: its members' (the same box resizing it scales from)


def selection_bounds(doc: Diagram, ids: list[str] | set[str], route_of: RouteOf | None = None) -> Rect | None:
    return union_all([b for i in ids if (el := doc.get(i)) is not None and (b := drawn_box(doc, el, route_of))])


def element_box(doc: Diagram, eid: str, route_of: RouteOf | None = None) -> Rect | None:
    """The box the selection outline follows: an element's own rectangle, its members' for a group, a
    connector's route."""
    el = doc.get(eid)
    if el is None:
        return None
    if isinstance(el, (Group, Connector)):
        return drawn_box(doc, el, route_of)
    return el.rect


def handle_points(box: Rect) -> dict[str, tuple[float, float]]:
    cx, cy = box.center
    return {
        "nw": (box.x, box.y), "n": (cx, box.y), "ne": (box.right, box.y), "e": (box.right, cy),
        "se": (box.right, box.bottom), "s": (cx, box.bottom), "sw": (box.x, box.bottom), "w": (box.x, cy),
    }


def connection_points(el: Element) -> list[tuple[str, float, float]]:
    """The four side midpoints a connector can snap to, on the drawn outline (rotated with the element)."""
    defn = definition_of(el)
    r = el.rect
    cx, cy = r.center
    radius = el.style.corner_radius
    return [(side, *rotate_point(*defn.side_point(r, radius, side, 0.5), cx, cy, el.rotation)) for side in SIDES]


def can_connect(el: Element | None) -> bool:
    return el is not None and el.kind in NODE_KINDS


def attach_endpoint(el: Element, x: float, y: float, snap: float) -> Endpoint:
    """Where a connector end dropped at (x, y) attaches: a side midpoint when close to one, else the side
    point (on the outline) nearest to it when that is close, else floating (the model aims it). Kinds
    without sides to pin to (ellipses, diamonds) float unless dropped on a midpoint."""
    for side, px, py in connection_points(el):
        if math.hypot(px - x, py - y) <= snap:
            return Endpoint(el.id, side, 0.5)
    defn = definition_of(el)
    if defn.float_anchors:
        return Endpoint(el.id)
    r = el.rect
    cx, cy = r.center
    lx, ly = rotate_point(x, y, cx, cy, -el.rotation)
    along = {"top": (lx - r.x) / r.w if r.w else 0.5, "bottom": (lx - r.x) / r.w if r.w else 0.5,
             "left": (ly - r.y) / r.h if r.h else 0.5, "right": (ly - r.y) / r.h if r.h else 0.5}
    best: tuple[float, str, float] | None = None
    for side, ratio in along.items():
        ratio = min(max(ratio, 0.0), 1.0)
        px, py = defn.side_point(r, el.style.corner_radius, side, ratio)
        distance = math.hypot(px - lx, py - ly)
        if best is None or distance < best[0]:
            best = (distance, side, ratio)
    if best is None or best[0] > snap:
        return Endpoint(el.id)
    return Endpoint(el.id, best[1], best[2])


def segment_midpoints(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    return [((points[i][0] + points[i + 1][0]) / 2, (points[i][1] + points[i + 1][1]) / 2)
            for i in range(len(points) - 1)]


def near(a: tuple[float, float], b: tuple[float, float], radius: float) -> bool:
    return math.hypot(a[0] - b[0], a[1] - b[1]) <= radius


def selection_rotation(doc: Diagram, ids: list[str]) -> float:
    """A single rotated element keeps its handles on its own (rotated) box; anything else is axis-aligned."""
    if len(ids) == 1:
        el = doc.get(ids[0])
        if el is not None and not isinstance(el, (Group, Connector)):
            return el.rotation
    return 0.0


def view_handles(vbox: Rect, rotation: float) -> tuple[dict[str, tuple[float, float]], tuple[float, float],
                                                         tuple[float, float]]:
    """Resize handles, the rotate handle and the foot of its stem, in widget pixels, turned with the box."""
    cx, cy = vbox.center
    points = {name: rotate_point(x, y, cx, cy, rotation) for name, (x, y) in handle_points(vbox).items()}
    knob = rotate_point(cx, vbox.y - ROTATE_OFFSET, cx, cy, rotation)
    foot = rotate_point(cx, vbox.y, cx, cy, rotation)
    return points, knob, foot


def waypoint_inserts(doc: Diagram, conn: Connector, drawn: list[tuple[float, float]]) -> list[tuple[float, float, int]]:
    """Where new waypoints can be pulled out of a connector: (x, y, index in `waypoints`) per segment.

    Straight and curved connectors offer the midpoints of their control polyline; orthogonal ones the
    midpoints of the route as drawn (their control points are not on the line), with the index counting
    the waypoints the route has passed before that segment.
    """
    if conn.routing != "orthogonal":
        control = doc.connector_points(conn)
        return [(x, y, i) for i, (x, y) in enumerate(segment_midpoints(control))]
    wps = set(conn.waypoints)
    out: list[tuple[float, float, int]] = []
    passed = 0
    for i, (x, y) in enumerate(segment_midpoints(drawn)):
        if i > 0 and drawn[i] in wps:
            passed += 1
        out.append((x, y, min(passed, len(conn.waypoints))))
    return out
