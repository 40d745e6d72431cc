"""Connectors meet each shape where it is drawn: a drop on a slanted or curved side attaches there, the
connection points shown on hover sit on the outline, and clicks beside a slanted side miss the shape."""

from __future__ import annotations

import math

import pytest
from canvas_helpers import add, canvas, scene_click, scene_drag, shape

from autograph_desktop.gui.canvas import CanvasView
from autograph_desktop.gui.canvas.hits import attach_endpoint, connection_points
from autograph_desktop.model import SHAPES, Connector, Diagram, Endpoint
from autograph_desktop.model.shapes import definition

__all__ = ["canvas"]


@pytest.mark.parametrize("kind", SHAPES)
def test_drops_on_the_outline_attach_where_they_land(kind: str) -> None:
    el = shape(100, 100, 160, 100, shape=kind, rotation=20)
    doc = Diagram(elements=[el])
    defn = definition(kind)
    cx, cy = el.rect.center
    for _side, px, py in connection_points(el):
        # The hover points are on the outline: a connector end bound there sits exactly on them.
        assert defn.contains(el.rect, 0.0, *_unrotated(px, py, cx, cy, el.rotation), 0.5)
    pinned = 0
    for i in range(10):
        angle = i * math.pi / 5 + 0.3
        floating = doc.endpoint_point(Endpoint(el.id), (cx + 500 * math.cos(angle), cy + 500 * math.sin(angle)))
        drop = (floating[0] + 2 * math.cos(angle), floating[1] + 2 * math.sin(angle))  # just off the stroke
        end = attach_endpoint(el, *drop, snap=12.0)
        assert end.element == el.id
        if defn.float_anchors:
            continue
        if end.side is None:  # nothing within reach of the drop: it floats, aimed at the other end
            continue
        pinned += 1
        assert math.dist(doc.endpoint_point(end), drop) <= 12.0 + 1e-6, (kind, angle, end)
    assert defn.float_anchors or pinned >= 5, (kind, pinned)


def _unrotated(x: float, y: float, cx: float, cy: float, degrees: float) -> tuple[float, float]:
    a = math.radians(-degrees)
    return (cx + (x - cx) * math.cos(a) - (y - cy) * math.sin(a), cy + (x - cx) * math.sin(a) + (y - cy) * math.cos(a))


def test_a_connector_drawn_to_a_parallelograms_slanted_side_ends_on_it(canvas: CanvasView) -> None:
    a = shape(100, 300, 100, 60)
    slanted = shape(400, 100, 200, 100, shape="parallelogram")  # its left side runs from (440,100) to (400,200)
    add(canvas, a, slanted)
    canvas.set_tool("connector")
    scene_drag(canvas, (150, 330), (421, 150))  # onto the middle of the slanted side, inside the box's corner
    conn = next(e for e in canvas.doc if isinstance(e, Connector))
    assert conn.target.element == slanted.id
    end = canvas.doc.connector_points(conn)[-1]
    assert end[0] == pytest.approx(420, abs=1.5) and end[1] == pytest.approx(150, abs=1.5)
    assert canvas.route(conn)[-1] == pytest.approx(end)


def test_a_click_beside_a_slanted_side_misses_the_shape(canvas: CanvasView) -> None:
    slanted = shape(400, 100, 200, 100, shape="parallelogram")
    add(canvas, slanted)
    scene_click(canvas, 408, 110)  # inside the box, well left of the slanted side
    assert canvas.selected_ids() == []
    scene_click(canvas, 440, 110)
    assert canvas.selected_ids() == [slanted.id]
