"""Every shape definition against what is actually drawn: connectors end on the outline the painter
draws, clicks hit exactly inside it, and the SVG writer draws the same outline as the painter.

The reference is always Qt's own geometry of the painter's drawing call (a QPainterPath of the very
primitive the painter uses, flattened by Qt), never the definitions' polygons, so these tests would
catch a definition whose hit tests or anchors drift from its drawing. Parametrised over the registry:
a new kind is tested by being registered.
"""

from __future__ import annotations

import itertools
import math
import re

import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QPainterPath, QTransform

from autograph_desktop.model import (
    NODE_KINDS,
    SIDES,
    Connector,
    Diagram,
    Element,
    Endpoint,
    Frame,
    Icon,
    Shape,
    Style,
    Text,
)
from autograph_desktop.model.shapes import BUILT_IN, ELEMENT_DEFS, definition_of
from autograph_desktop.model.shapes.stencils import FIXED
from autograph_desktop.render.entries import add_to_path, build_node
from autograph_desktop.render.routes import connector_path
from autograph_desktop.render.shapes import commands_to_path
from autograph_desktop.render.svg import to_svg

pytestmark = pytest.mark.usefixtures("qapp")

Point = tuple[float, float]
#: Built-in kinds, draw.io stencils (with some made per style parameter) and turned or mirrored variants.
KINDS = [d.name for d in BUILT_IN] + [d.name for d in FIXED] + [
    "bpmn.gateway.parallel", "bpmn.event.end.message", "bpmn.event.throwing.signal", "bpmn.task", "bpmn.data",
    "aws4.group.cloud_lock", "aws4.group", "arrows2.arrow@turn1", "triangle@turn1,fliph", "cylinder@turn3",
    "flowchart.delay@turn2,flipv", "c4.person2@fliph"]
#: The SVG writer turns every outline into path data alike: built-ins and stencils with details and marks.
SVG_KINDS = [d.name for d in BUILT_IN] + ["bpmn.event.end.message", "bpmn.gateway.parallel", "device.server",
                                          "aws4.group.cloud_lock", "arrows2.arrow@turn1", "uml.endState"]
X, Y, W, H = 100.0, 80.0, 150.0, 96.0
#: Qt flattens curves to about half a device unit: drawing scaled up makes its polygons far finer.
SCALE = 64.0


def _element(kind: str, rotation: float = 0.0) -> Element:
    style = Style(corner_radius=9.0, fill="blue")
    common = {"x": X, "y": Y, "w": W, "h": H, "rotation": rotation, "style": style}
    if kind == "text":
        return Text(text="", **common)  # type: ignore[arg-type]
    if kind == "icon":
        return Icon(icon="x", **common)  # type: ignore[arg-type]
    if kind == "frame":
        return Frame(**common)  # type: ignore[arg-type]
    return Shape(shape=kind, **common)  # type: ignore[arg-type]


def _region(el: Element) -> QPainterPath:
    """What clicks and connectors must follow: the region the painter fills for the element (its drawing
    primitive as a path, unrotated), or the box for a kind whose definition says so (a stick figure),
    which must then hold everything drawn."""
    defn = definition_of(el)
    entry = build_node(el, ("k",), "light", QColor("white"))
    painted = QPainterPath()
    if entry.prim is not None:
        add_to_path(painted, entry.prim)
    if not defn.hit_by_box and not painted.isEmpty():
        return painted
    assert defn.hit_by_box or el.kind in ("icon", "image"), "only pictures and declared kinds draw no outline"
    box = QPainterPath()
    box.addRect(el.x, el.y, el.w, el.h)
    if entry.detail is not None:
        painted.addPath(entry.detail)
    if not painted.isEmpty():  # (corner by corner: a line's bounding rectangle has no area to contain)
        outer, drawn = box.boundingRect().adjusted(-0.01, -0.01, 0.01, 0.01), painted.boundingRect()
        assert all(outer.contains(p) for p in (drawn.topLeft(), drawn.bottomRight()))
    return box


def _rings(path: QPainterPath, rotation: float = 0.0) -> list[list[Point]]:
    """The path's closed rings as Qt flattens them (finely), rotated about the element's centre."""
    cx, cy = X + W / 2, Y + H / 2
    turn = QTransform().translate(cx, cy).rotate(rotation).translate(-cx, -cy)
    fine = (turn * QTransform.fromScale(SCALE, SCALE)).map(path)
    return [[(p.x() / SCALE, p.y() / SCALE) for p in poly] for poly in fine.toSubpathPolygons()]


def _distance(p: Point, rings: list[list[Point]]) -> float:
    best = math.inf
    for ring in rings:
        for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
            dx, dy = x1 - x0, y1 - y0
            length = dx * dx + dy * dy
            t = 0.0 if length == 0 else min(max(((p[0] - x0) * dx + (p[1] - y0) * dy) / length, 0.0), 1.0)
            best = min(best, math.hypot(p[0] - x0 - t * dx, p[1] - y0 - t * dy))
    return best


def _last_crossing(rings: list[list[Point]], origin: Point, direction: Point) -> Point | None:
    """Where a ray leaves the rings for the last time (Qt's flattening, computed here)."""
    (ox, oy), (dx, dy) = origin, direction
    best = None
    for ring in rings:
        for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
            ex, ey = x1 - x0, y1 - y0
            denom = dx * ey - dy * ex
            if denom == 0:
                continue
            t = ((x0 - ox) * ey - (y0 - oy) * ex) / denom
            s = ((x0 - ox) * dy - (y0 - oy) * dx) / denom
            if t > 0 and 0 <= s <= 1 and (best is None or t > best):
                best = t
    return None if best is None else (ox + dx * best, oy + dy * best)


@pytest.mark.parametrize("kind", [*KINDS, *(kind for kind in ELEMENT_DEFS if kind in NODE_KINDS)])
def test_connector_ends_touch_the_drawn_outline(kind: str) -> None:
    for rotation in (0.0, 30.0):
        el = _element(kind, rotation)
        rings = _rings(_region(el), rotation)
        doc = Diagram(elements=[el])
        cx, cy = X + W / 2, Y + H / 2
        ends = [Endpoint(el.id, side, ratio) for side in SIDES for ratio in (0.04, 0.3, 0.5, 0.85)]
        for i in range(16):  # floating ends, aimed at points all around
            angle = i * math.pi / 8 + 0.1
            far = Endpoint(x=cx + 400 * math.cos(angle), y=cy + 300 * math.sin(angle))
            conn = Connector(source=Endpoint(el.id), target=far)
            start = doc.connector_points(conn)[0]
            assert _distance(start, rings) < 0.25, (kind, rotation, angle, start)
        for end in ends:
            start = doc.endpoint_point(end)
            assert _distance(start, rings) < 0.25, (kind, rotation, end.side, end.ratio, start)


@pytest.mark.parametrize("kind", KINDS)
def test_hits_follow_the_drawn_outline(kind: str) -> None:
    el = _element(kind)
    region = _region(el)
    rings = _rings(region)
    doc = Diagram(elements=[el])
    cx, cy = X + W / 2, Y + H / 2
    for i in range(24):
        angle = i * math.pi / 12 + 0.05
        d = (math.cos(angle), math.sin(angle))
        edge = _last_crossing(rings, (cx, cy), d)
        assert edge is not None, (kind, angle)
        inside = (edge[0] - 0.75 * d[0], edge[1] - 0.75 * d[1])
        outside = (edge[0] + 0.75 * d[0], edge[1] + 0.75 * d[1])
        near = (edge[0] + 3 * d[0], edge[1] + 3 * d[1])
        assert doc.elements_at(*inside, tolerance=0), (kind, angle, inside)
        assert not doc.elements_at(*outside, tolerance=0), (kind, angle, outside)
        assert doc.elements_at(*near, tolerance=4), (kind, angle, "the stroke's tolerance")
    # Across the whole box: the model and Qt agree on every point not right on the outline.
    defn = definition_of(el)
    for i in range(31):
        for j in range(21):
            x, y = X - 4 + (W + 8) * i / 30, Y - 4 + (H + 8) * j / 20
            ours = defn.contains(el.rect, el.style.corner_radius, x, y, 0.0)
            if ours != region.contains(QPointF(x, y)):
                assert _distance((x, y), rings) < 0.5, (kind, x, y, ours)


_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:e-?\d+)?")


def _svg_paths(svg: str, element_id: str) -> list[QPainterPath]:
    """The <path> outlines the SVG writer wrote for one element, as QPainterPaths."""
    group = svg[svg.index(f'id="{element_id}"'):]
    group = group[:group.index("</g>")]
    out = []
    for d in re.findall(r'<path d="([^"]+)"', group):
        commands = []
        for op, args in re.findall(r"([MLCZ])([^MLCZ]*)", d):
            commands.append((op, *(float(v) for v in _NUMBER.findall(args))))
        out.append(commands_to_path(commands))
    return out


def _same_outline(a: QPainterPath, b: QPainterPath, tolerance: float) -> None:
    ra, rb = _rings(a), _rings(b)
    for first, second in ((ra, rb), (rb, ra)):
        points = [p for ring in first for p in ring]
        for p in points[::max(1, len(points) // 80)]:
            assert _distance(p, second) < tolerance, p


@pytest.mark.parametrize("kind", SVG_KINDS)
def test_svg_writer_draws_the_painters_outline(kind: str) -> None:
    el = _element(kind).evolve(id="shape-under-test")
    doc = Diagram(elements=[el])
    written = _svg_paths(to_svg(doc), "shape-under-test")
    entry = build_node(el, ("k",), "light", QColor("white"))
    assert entry.prim is not None
    body = QPainterPath()
    add_to_path(body, entry.prim)
    expected = [path for path in (body, entry.detail, entry.marks[0] if entry.marks else None)
                if path is not None and not path.isEmpty()]
    assert len(written) == len(expected), kind
    for drawn, painted in zip(written, expected, strict=True):
        _same_outline(drawn, painted, 0.05)


@pytest.mark.parametrize("kind", KINDS)
def test_orthogonal_routes_leave_the_box_square_to_the_side(kind: str) -> None:
    """An end bound to a side sits on the outline, maybe inside the box (a parallelogram's slanted side):
    the route runs straight out through the box's side before it turns, never across the shape."""
    el = _element(kind)
    other = Shape(x=X - 300, y=Y + 250, w=80, h=50)
    for side, far in (("left", other), ("bottom", other), ("top", other.evolve(y=Y - 250)),
                      ("right", other.evolve(x=X + W + 300))):
        conn = Connector(source=Endpoint(el.id, side, 0.5), target=Endpoint(far.id), routing="orthogonal")
        doc = Diagram(elements=[el, far, conn])
        route = connector_path(doc, conn)
        assert route[0] == pytest.approx(doc.endpoint_point(conn.source))
        (x0, y0), (x1, y1) = route[0], route[1]
        assert (x0 == pytest.approx(x1)) if side in ("top", "bottom") else (y0 == pytest.approx(y1)), (kind, side)
        inner = el.rect.inflated(-0.5)
        for (ax, ay), (bx, by) in itertools.pairwise(route[1:]):
            # Axis-parallel legs after the first never cross the element's box.
            assert not (min(ax, bx) < inner.right and max(ax, bx) > inner.x
                        and min(ay, by) < inner.bottom and max(ay, by) > inner.y), (kind, side, route)
