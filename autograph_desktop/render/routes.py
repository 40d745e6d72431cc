"""Connector geometry without Qt: the drawn route, curves, arrowheads and label anchors.

The painter, the SVG writer and the canvas hit-tests all take a connector's shape from here, so a click
lands on exactly the line that was drawn, and every export draws the same elbows and curves.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from autograph_desktop.layout.routing import route_orthogonal, simplify_orthogonal
from autograph_desktop.model import (
    AddElement,
    Connector,
    DeleteElement,
    Diagram,
    Element,
    Endpoint,
    Rect,
    Transaction,
    UpdateElement,
)
from autograph_desktop.model.elements import evolve
from autograph_desktop.model.geometry import rotate_point, rotated_bounds
from autograph_desktop.model.shapes import box_side_point, node_definition
from autograph_desktop.render.arrowheads import Arrowhead, arrow_size, arrowhead

Point = tuple[float, float]
Cubic = tuple[Point, Point, Point, Point]

#: How far from the line between its ends an orthogonal route looks for shapes to go around.
ROUTE_REACH = 120.0
#: How far an orthogonal route keeps from the shapes it goes around.
ROUTE_MARGIN = 12.0
#: The kinds of element orthogonal routes go around.
OBSTACLE_KINDS = frozenset({"shape", "text", "icon", "image"})
#: `data` keys of the space a connector leaves between a bound end and its shape, and the most it may be.
GAP_START, GAP_END = "binding.gap.start", "binding.gap.end"
MAX_GAP = 50.0
_DIRECTIONS: dict[str, Point] = {"top": (0.0, -1.0), "bottom": (0.0, 1.0), "left": (-1.0, 0.0), "right": (1.0, 0.0)}


def may_overhang(conn: Connector) -> bool:
    """Whether a connector can be drawn beyond its index box (model/document.py `_connector_box`):
    orthogonal routes detour round shapes, labels stand out from their route, and thick strokes and their
    big arrowheads pass the box's margin. Straight and curved lines alone stay inside it."""
    return conn.routing == "orthogonal" or bool(conn.labels) or not conn.style.stroke_width <= 6


def obstacle_reach(el: Element) -> float:
    """How far beyond the area it searches an orthogonal route can pass because of this shape: it goes
    round the shapes in that area, which may stick out of it by up to their own size.

    The router's grid spans the escape points and the obstacles grown by the margin, plus the margin.
    """
    return _finite(max(el.w, el.h)) + 2 * ROUTE_MARGIN


def overhang_beyond_route(conn: Connector) -> float:
    """How far from its route a connector draws: its labels (measured generously, a font size per
    character), their offsets, the stroke and the arrowheads."""
    style = conn.style
    size = _finite(style.font_size)
    labels = max((len(label.text) * size + abs(_finite(label.offset)) + 2 * size for label in conn.labels),
                 default=0.0)
    width = _finite(style.stroke_width)
    return labels + arrow_size(width) + width


def _finite(value: float) -> float:
    """A hostile file's NaN or infinity counts as nothing rather than poisoning every bound."""
    return value if math.isfinite(value) else 0.0


def changed_node_boxes(doc: Diagram, operations: Iterable[Any], limit: int) -> list[Rect] | None:
    """Where nodes (shapes, text, icons, images, frames) were and are after these operations: what
    orthogonal routes near them must go around anew. None when there are more than `limit` boxes."""
    boxes: list[Rect] = []
    stack = list(operations)
    while stack:
        op = stack.pop()
        if isinstance(op, Transaction):
            stack.extend(op.operations)
            continue
        if isinstance(op, (AddElement, DeleteElement)):
            found: list[Element] = [op.element]
        elif isinstance(op, UpdateElement) and not _GEOMETRY.isdisjoint(op.before):
            current = doc.get(op.id)
            found = [current, evolve(current, op.before)] if current is not None else []
        else:
            continue
        boxes += [rotated_bounds(el.rect, el.rotation) for el in found if el.kind not in ("connector", "group")]
        if len(boxes) > limit:
            return None
    return boxes


_GEOMETRY = frozenset({"x", "y", "w", "h", "rotation"})


def side_of(doc: Diagram, element_id: str | None, side: str | None, point: Point) -> str | None:
    """The side of its element an end leaves from: the bound side, else the nearest edge of the outline."""
    if side in _DIRECTIONS:
        return side
    el = doc.get(element_id) if element_id else None
    if el is None or el.kind in ("connector", "group"):
        return None
    r = el.rect
    dist = {"left": abs(point[0] - r.x), "right": abs(point[0] - r.right),
            "top": abs(point[1] - r.y), "bottom": abs(point[1] - r.bottom)}
    return min(dist, key=lambda k: dist[k])


def _elbow(start: Point, s_side: str | None, end: Point, e_side: str | None) -> list[Point]:
    """A simple orthogonal route: leave along the start side, turn once or twice, arrive along the end side."""
    (x0, y0), (x1, y1) = start, end
    if abs(x0 - x1) < 0.5 or abs(y0 - y1) < 0.5:
        return [start, end]
    s_horizontal = s_side in ("left", "right") if s_side else abs(x1 - x0) >= abs(y1 - y0)
    e_horizontal = e_side in ("left", "right") if e_side else s_horizontal
    if s_horizontal and e_horizontal:
        mx = (x0 + x1) / 2
        return [start, (mx, y0), (mx, y1), end]
    if not s_horizontal and not e_horizontal:
        my = (y0 + y1) / 2
        return [start, (x0, my), (x1, my), end]
    return [start, (x1, y0), end] if s_horizontal else [start, (x0, y1), end]


def _orthogonal(doc: Diagram, conn: Connector, points: list[Point]) -> list[Point]:
    start, end = points[0], points[-1]
    s_side = side_of(doc, conn.source.element, conn.source.side, start)
    e_side = side_of(doc, conn.target.element, conn.target.side, end)
    if conn.waypoints:
        out = [start]
        for p in points[1:]:
            last = out[-1]
            if abs(last[0] - p[0]) > 0.01 and abs(last[1] - p[1]) > 0.01:
                out.append((p[0], last[1]))
            out.append(p)
        return out
    # Route between the ends' points on their boxes: an end on a slanted or round outline sits inside
    # its box, straight in from that point, and the route must leave the box before it turns.
    start_box, end_box = _box_anchor(doc, conn.source, start), _box_anchor(doc, conn.target, end)
    ends = {conn.source.element, conn.target.element}
    area = Rect.from_points([start, end]).inflated(ROUTE_REACH)
    rects = [e.rect for e in doc.elements_in_rect(area)
             if e.kind in OBSTACLE_KINDS and e.id not in ends]
    rects += [el.rect for i in ends if i is not None and (el := doc.get(i)) is not None
              and el.kind not in ("connector", "group")]
    obstacles = [(r.x, r.y, r.w, r.h) for r in rects]
    try:
        routed = route_orthogonal(start_box, s_side, end_box, e_side, obstacles, margin=ROUTE_MARGIN)
        if routed and len(routed) >= 2:
            if start_box != start or end_box != end:
                routed = simplify_orthogonal([start, *routed, end])
            return [(float(p[0]), float(p[1])) for p in routed]
    except Exception:  # a router bug must not stop drawing; fall back to a plain elbow
        pass
    return _elbow(start, s_side, end, e_side)


def _box_anchor(doc: Diagram, end: Endpoint, point: Point) -> Point:
    """For an end bound to a side, the point on its element's box that the outline point was moved in
    from (square to the side, so the first leg stays straight); any other end's own point."""
    if end.side not in _DIRECTIONS:
        return point
    el = doc.get(end.element) if end.element else None
    if node_definition(el) is None or el is None:
        return point
    rect = el.rect
    cx, cy = rect.center
    return rotate_point(*box_side_point(rect, end.side, end.ratio), cx, cy, el.rotation)


def _curve(doc: Diagram, conn: Connector, points: list[Point]) -> list[Cubic]:
    """Cubic segments through the points: Catmull-Rom inside, tangents along the bound sides at the ends."""
    n = len(points)
    if n < 2:
        return []
    tangents: list[Point] = []
    for i in range(n):
        prev_p = points[max(i - 1, 0)]
        next_p = points[min(i + 1, n - 1)]
        tangents.append(((next_p[0] - prev_p[0]) / 2, (next_p[1] - prev_p[1]) / 2))
    for index, endpoint, sign in ((0, conn.source, 1.0), (n - 1, conn.target, -1.0)):
        side = side_of(doc, endpoint.element, endpoint.side, points[index])
        if side is not None:
            other = points[1] if index == 0 else points[-2]
            reach = max(math.dist(points[index], other) * 0.5, 20.0)
            dx, dy = _DIRECTIONS[side]
            # Leaving a side away from where the line goes would loop back: keep the natural tangent then.
            heading = (other[0] - points[index][0]) * dx + (other[1] - points[index][1]) * dy
            if heading >= 0:
                tangents[index] = (sign * dx * reach, sign * dy * reach)
    out: list[Cubic] = []
    for i in range(n - 1):
        p0, p1 = points[i], points[i + 1]
        t0, t1 = tangents[i], tangents[i + 1]
        c0 = (p0[0] + t0[0] / 1.5, p0[1] + t0[1] / 1.5) if n > 2 or t0 != (0, 0) else p0
        c1 = (p1[0] - t1[0] / 1.5, p1[1] - t1[1] / 1.5)
        out.append((p0, c0, c1, p1))
    return out


def _flatten(cubics: list[Cubic], steps: int = 16) -> list[Point]:
    out: list[Point] = [cubics[0][0]]
    for p0, c0, c1, p1 in cubics:
        for s in range(1, steps + 1):
            t = s / steps
            mt = 1 - t
            a, b, c, d = mt * mt * mt, 3 * mt * mt * t, 3 * mt * t * t, t * t * t
            out.append((a * p0[0] + b * c0[0] + c * c1[0] + d * p1[0], a * p0[1] + b * c0[1] + c * c1[1] + d * p1[1]))
    return out


@dataclass(frozen=True, slots=True)
class ConnectorGeometry:
    """`line` is what gets stroked (shortened under arrowheads; cubics when curved), `polyline` the full
    route for hit tests and label placement."""

    polyline: list[Point]
    line: list[Point]
    cubics: list[Cubic] | None
    heads: list[Arrowhead]


def connector_path(doc: Diagram, conn: Connector) -> list[Point]:
    """The route the painter draws, as a polyline (curves flattened): what the canvas should hit-test."""
    points = doc.connector_points(conn)
    if len(points) < 2:
        return points
    if conn.routing == "orthogonal":
        return _orthogonal(doc, conn, points)
    if conn.routing == "curved":
        return _flatten(_curve(doc, conn, points))
    return points


def _shorten(p: Point, toward: Point, by: float) -> Point:
    d = math.dist(p, toward)
    if by <= 0 or d <= 1e-9:
        return p
    t = min(by, d * 0.9) / d
    return (p[0] + (toward[0] - p[0]) * t, p[1] + (toward[1] - p[1]) * t)


def _gap(conn: Connector, key: str) -> float:
    value = conn.get(key) if conn.data else ""
    try:
        gap = float(value) if value else 0.0
    except ValueError:
        return 0.0
    return min(gap, MAX_GAP) if gap > 0 else 0.0  # (NaN fails `> 0`)


def _with_gaps(conn: Connector, points: list[Point]) -> list[Point]:
    """Bound ends stopped short of their shapes by the connector's binding gaps (Excalidraw keeps one)."""
    start = _gap(conn, GAP_START) if conn.source.element else 0.0
    end = _gap(conn, GAP_END) if conn.target.element else 0.0
    if not (start or end):
        return points
    out = list(points)
    if start:
        out[0] = _shorten(out[0], out[1], start)
    if end:
        out[-1] = _shorten(out[-1], out[-2], end)
    return out


def connector_geometry(doc: Diagram, conn: Connector) -> ConnectorGeometry:
    points = doc.connector_points(conn)
    if len(points) < 2 or all(p == points[0] for p in points):
        return ConnectorGeometry(points, points, None, [])
    if conn.data:
        points = _with_gaps(conn, points)
    width = conn.style.stroke_width
    cubics: list[Cubic] | None = None
    if conn.routing == "curved":
        cubics = _curve(doc, conn, points)
        polyline = _flatten(cubics)
        start_from, end_from = cubics[0][1], cubics[-1][2]
        if start_from == polyline[0]:
            start_from = polyline[1]
        if end_from == polyline[-1]:
            end_from = polyline[-2]
    else:
        polyline = _orthogonal(doc, conn, points) if conn.routing == "orthogonal" else points
        polyline = [p for i, p in enumerate(polyline) if i == 0 or p != polyline[i - 1]]
        if len(polyline) < 2:
            return ConnectorGeometry(polyline, polyline, None, [])
        start_from, end_from = polyline[1], polyline[-2]
    start_heads = arrowhead(conn.start_arrow, polyline[0], start_from, width)
    end_heads = arrowhead(conn.end_arrow, polyline[-1], end_from, width)
    start_inset = start_heads[0].inset if start_heads else 0.0
    end_inset = end_heads[0].inset if end_heads else 0.0
    if cubics is not None:
        (p0, c0, c1, p1) = cubics[0]
        cubics[0] = (_shorten(p0, c0, start_inset), c0, c1, p1)
        (p0, c0, c1, p1) = cubics[-1]
        cubics[-1] = (p0, c0, c1, _shorten(p1, c1, end_inset))
        line = polyline
    else:
        line = list(polyline)
        line[0] = _shorten(line[0], line[1], start_inset)
        line[-1] = _shorten(line[-1], line[-2], end_inset)
    return ConnectorGeometry(polyline, line, cubics, start_heads + end_heads)


def point_along(polyline: list[Point], position: float) -> tuple[Point, Point]:
    """The point at `position` (0..1 of the length) along a polyline, and the unit normal there."""
    if len(polyline) < 2:
        p = polyline[0] if polyline else (0.0, 0.0)
        return p, (0.0, -1.0)
    lengths = [math.dist(polyline[i], polyline[i + 1]) for i in range(len(polyline) - 1)]
    total = sum(lengths)
    target = min(max(position, 0.0), 1.0) * total
    for i, seg in enumerate(lengths):
        if target <= seg or i == len(lengths) - 1:
            t = target / seg if seg > 0 else 0.0
            (x0, y0), (x1, y1) = polyline[i], polyline[i + 1]
            nx, ny = (-(y1 - y0) / seg, (x1 - x0) / seg) if seg > 0 else (0.0, -1.0)
            return (x0 + (x1 - x0) * t, y0 + (y1 - y0) * t), (nx, ny)
        target -= seg
    return polyline[-1], (0.0, -1.0)
