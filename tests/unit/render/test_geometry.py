"""Qt-free geometry shared by painter and SVG: outlines, arrowheads, routes, text placement, regions."""

from __future__ import annotations

import itertools
import math

import pytest

from autograph_desktop import textmetrics as tm
from autograph_desktop.model import (
    ARROWHEADS,
    SHAPES,
    Connector,
    ConnectorLabel,
    Diagram,
    Endpoint,
    Frame,
    InvalidInput,
    Shape,
    Style,
)
from autograph_desktop.model.shapes import definition
from autograph_desktop.render.arrowheads import arrowhead
from autograph_desktop.render.region import export_region, find_frame
from autograph_desktop.render.routes import connector_geometry, connector_path, point_along
from autograph_desktop.render.textlayout import element_text_layout, layout_text

from .samples import with_z


def _points(commands: list[tuple[object, ...]]) -> list[tuple[float, float]]:
    """Points on the drawn outline (cubic segments sampled), not control points."""
    out: list[tuple[float, float]] = []
    cur = (0.0, 0.0)
    for cmd in commands:
        args = [float(v) for v in cmd[1:]]  # type: ignore[arg-type]
        if cmd[0] == "C":
            for k in range(1, 17):
                t = k / 16
                mt = 1 - t
                out.append((mt ** 3 * cur[0] + 3 * mt * mt * t * args[0] + 3 * mt * t * t * args[2] + t ** 3 * args[4],
                            mt ** 3 * cur[1] + 3 * mt * mt * t * args[1] + 3 * mt * t * t * args[3] + t ** 3 * args[5]))
            cur = (args[4], args[5])
        elif args:
            cur = (args[0], args[1])
            out.append(cur)
    return out


@pytest.mark.parametrize("shape", SHAPES)
def test_every_shape_is_a_closed_outline_inside_its_rectangle(shape: str) -> None:
    outline = definition(shape).outline_of(10, 20, 120, 80, 6)
    assert outline.body and outline.body[0][0] == "M" and outline.body[-1] == ("Z",)
    for x, y in _points(outline.body) + _points(outline.detail):
        assert 10 - 0.01 <= x <= 130.01 and 20 - 0.01 <= y <= 100.01, (shape, x, y)


def test_distinct_shapes_have_distinct_outlines() -> None:
    bodies = {shape: (tuple(o.body), tuple(o.detail)) for shape in SHAPES if shape != "circle"
              for o in [definition(shape).outline_of(0, 0, 100, 60)]}
    assert len(set(bodies.values())) == len(bodies)


@pytest.mark.parametrize("shape", SHAPES)
def test_degenerate_sizes_do_not_fail(shape: str) -> None:
    for w, h in ((0, 0), (0, 50), (50, 0), (-5, -5), (1e6, 1e-3)):
        definition(shape).outline_of(0, 0, w, h)
        x, y, bw, bh = definition(shape).text_box(0, 0, w, h)
        assert bw > 0 and bh > 0


@pytest.mark.parametrize("kind", ARROWHEADS)
def test_every_arrowhead_sits_at_the_tip(kind: str) -> None:
    heads = arrowhead(kind, (100, 50), (0, 50), 2.0)
    if kind == "none":
        assert heads == []
        return
    assert heads
    for head in heads:
        pts = _points(head.commands)
        assert pts and all(0 < x <= 100.01 and abs(y - 50) < 20 for x, y in pts)
        assert head.mode in ("fill", "hollow", "stroke")


def test_arrowheads_follow_the_direction_of_the_line() -> None:
    (head,) = arrowhead("triangle", (0, 0), (0, -100), 2.0)  # arriving downwards
    assert all(y <= 0.01 for _, y in _points(head.commands))


def _two_boxes(routing: str, **kw: object) -> tuple[Diagram, Connector]:
    a = Shape(id="a", x=0, y=0, w=100, h=50)
    b = Shape(id="b", x=300, y=200, w=100, h=50)
    c = Connector(id="c", source=Endpoint("a", "right"), target=Endpoint("b", "left"), routing=routing, **kw)  # type: ignore[arg-type]
    doc = Diagram(elements=with_z([a, b, c]))
    return doc, c


def test_orthogonal_routes_only_turn_at_right_angles() -> None:
    doc, c = _two_boxes("orthogonal")
    path = connector_path(doc, c)
    assert path[0] == (100, 25) and path[-1] == (300, 225)
    for (x0, y0), (x1, y1) in itertools.pairwise(path):
        assert abs(x0 - x1) < 1e-6 or abs(y0 - y1) < 1e-6


def test_orthogonal_route_with_waypoints_stays_orthogonal() -> None:
    doc, c = _two_boxes("orthogonal", waypoints=((200, 100),))
    path = connector_path(doc, c)
    for (x0, y0), (x1, y1) in itertools.pairwise(path):
        assert abs(x0 - x1) < 1e-6 or abs(y0 - y1) < 1e-6


def test_curved_route_is_smooth_and_hits_both_ends() -> None:
    doc, c = _two_boxes("curved")
    path = connector_path(doc, c)
    assert len(path) > 10
    assert path[0] == pytest.approx((100, 25)) and path[-1] == pytest.approx((300, 225))
    geo = connector_geometry(doc, c)
    assert geo.cubics and geo.cubics[0][1][0] > 100  # leaves to the right, along its side


def test_line_stops_short_of_a_filled_arrowhead() -> None:
    doc, c = _two_boxes("straight")
    geo = connector_geometry(doc, c)
    assert math.dist(geo.line[-1], geo.polyline[-1]) > 5
    assert geo.polyline[-1] == (300, 225)


def test_zero_length_connector_has_no_heads() -> None:
    c = Connector(id="c", source=Endpoint(x=5, y=5), target=Endpoint(x=5, y=5))
    doc = Diagram(elements=with_z([c]))
    assert connector_geometry(doc, c).heads == []


def test_point_along_measures_by_length() -> None:
    (p, n) = point_along([(0, 0), (10, 0), (10, 30)], 0.5)
    assert p == pytest.approx((10, 10))
    assert point_along([(0, 0)], 0.5)[0] == (0, 0)


def test_text_lines_are_placed_from_textmetrics() -> None:
    style = Style(font_size=16, text_align="left", vertical_align="top")
    width = tm.measure("one two", 16) + 0.01
    layout = layout_text("one two six ten", style, (10, 20, width, 100))
    assert [line.text for line in layout.lines] == ["one two", "six ten"]
    assert all(line.width <= width for line in layout.lines)
    assert layout.lines[0].x == 10
    assert layout.lines[1].baseline - layout.lines[0].baseline == pytest.approx(tm.line_height(16))
    centred = layout_text("hi", Style(), (0, 0, 100, 40))
    line = centred.lines[0]
    assert line.x + line.width / 2 == pytest.approx(50)


def test_actor_and_icon_labels_go_below() -> None:
    actor = Shape(id="a", x=0, y=0, w=40, h=80, shape="actor", text="User")
    layout = element_text_layout(actor)
    assert layout is not None and layout.lines[0].baseline > 80


def test_regions_select_frames_and_selections() -> None:
    frame = Frame(id="f", x=0, y=0, w=200, h=200, text="Backend")
    inside = Shape(id="in", x=20, y=20, w=50, h=50, parent="f")
    outside = Shape(id="out", x=500, y=500, w=50, h=50)
    link = Connector(id="l", source=Endpoint("in"), target=Endpoint("out"))
    doc = Diagram(elements=with_z([frame, inside, outside, link]))
    region = export_region(doc, frame="backend", padding=0)
    assert region.ids == {"f", "in"}
    assert region.rect.right <= 200.01 and region.rect.y < 0  # the title tab sits above the frame
    sel = export_region(doc, ids=["in", "out"], padding=10)
    assert sel.ids == {"in", "out", "l"}
    assert find_frame(doc, "f").id == "f"
    with pytest.raises(InvalidInput):
        export_region(doc, frame="nope")
    with pytest.raises(InvalidInput):
        export_region(doc, ids=["missing"])


def test_empty_diagram_has_a_small_region() -> None:
    region = export_region(Diagram(), padding=0)
    assert region.rect.w >= 1 and region.rect.h >= 1 and region.elements == []


def test_labels_survive_weird_text() -> None:
    c = Connector(id="c", source=Endpoint(x=0, y=0), target=Endpoint(x=100, y=0),
                  labels=(ConnectorLabel("a\u0000b\n\n" + "x" * 5000),))
    doc = Diagram(elements=with_z([c]))
    assert export_region(doc).rect.w > 100
