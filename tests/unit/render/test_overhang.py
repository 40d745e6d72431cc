"""Where connectors are drawn beyond the box the document indexes them by, and how the painter finds
them there: curves stay inside their box, orthogonal detours and labels stay inside the painter's bound,
and a painter that never drew a connector still draws its detour in a frame that shows only the detour."""

from __future__ import annotations

import random

import pytest
from PySide6.QtGui import QColor, QImage, QPainter

from autograph_desktop.model import Connector, ConnectorLabel, Diagram, Endpoint, Rect, Shape, Style
from autograph_desktop.render.entries import entry_extent
from autograph_desktop.render.painter import DiagramPainter
from autograph_desktop.render.routes import (
    connector_path,
    may_overhang,
    obstacle_reach,
    overhang_beyond_route,
)

from .samples import with_z

pytestmark = pytest.mark.usefixtures("qapp")
SIDES = [None, "top", "right", "bottom", "left"]


def _box_of(points: list[tuple[float, float]]) -> Rect:
    return Rect.from_points(points)


def _random_scene(rng: random.Random, routing: str) -> tuple[Diagram, Connector]:
    shapes = [Shape(x=rng.uniform(-2000, 2000), y=rng.uniform(-2000, 2000), w=rng.uniform(10, 900),
                    h=rng.uniform(10, 900)) for _ in range(12)]
    a, b = rng.sample(shapes, 2)
    waypoints = tuple((rng.uniform(-2500, 2500), rng.uniform(-2500, 2500)) for _ in range(rng.choice([0, 0, 1, 3])))
    conn = Connector(source=Endpoint(a.id, rng.choice(SIDES)), target=Endpoint(b.id, rng.choice(SIDES)),
                     routing=routing, waypoints=waypoints if routing == "curved" else ())
    return Diagram(elements=with_z([*shapes, conn])), conn


@pytest.mark.parametrize("seed", range(60))
def test_curves_stay_inside_the_box_they_are_indexed_by(seed: int) -> None:
    doc, conn = _random_scene(random.Random(seed), "curved")
    box = doc.bounds(conn.id)
    assert box is not None
    route = _box_of(connector_path(doc, conn))
    assert box.inflated(0.01).contains_rect(route), (route, box)
    assert not may_overhang(conn), "so the painter need not look for it elsewhere"


@pytest.mark.parametrize("seed", range(60))
def test_orthogonal_detours_stay_inside_the_painters_bound(seed: int) -> None:
    doc, conn = _random_scene(random.Random(seed), "orthogonal")
    box = doc.bounds(conn.id)
    assert box is not None
    reach = max(obstacle_reach(e) for e in doc if e.kind == "shape")
    route = _box_of(connector_path(doc, conn))
    assert box.inflated(reach).contains_rect(route), (route, box, reach)


def test_labels_stay_inside_the_painters_bound() -> None:
    a, b = Shape(x=0, y=0, w=80, h=40), Shape(x=600, y=300, w=80, h=40)
    for text, offset, size in (("a label well wider than its connector is long " * 3, 30.0, 14.0),
                               ("WWWWWWWW\nWWWW", -80.0, 40.0), ("x", 0.0, 9.0)):
        conn = Connector(source=Endpoint(a.id), target=Endpoint(b.id), style=Style(font_size=size, stroke_width=9),
                         labels=(ConnectorLabel(text, 0.1, offset),))
        doc = Diagram(elements=with_z([a, b, conn]))
        painter = DiagramPainter(doc)
        drawn = entry_extent(conn, painter._entry(conn, 72.0))
        route = _box_of(painter.route(conn))
        assert route.inflated(overhang_beyond_route(conn)).contains_rect(drawn), text


def _detour_scene() -> tuple[Diagram, Connector, Rect]:
    """Two shapes side by side with a tall wall between them: the route goes round under the wall, far
    below the box the connector is indexed by."""
    a, b, wall = Shape(x=100, y=300, w=80, h=50), Shape(x=500, y=300, w=80, h=50), Shape(x=300, y=-300, w=60, h=1100)
    conn = Connector(source=Endpoint(a.id, "right"), target=Endpoint(b.id, "left"), routing="orthogonal")
    doc = Diagram(elements=with_z([a, b, wall, conn]))
    bottom = max(y for _, y in connector_path(doc, conn))
    box = doc.bounds(conn.id)
    assert box is not None and bottom > box.bottom + 20, "the detour leaves the index box"
    return doc, conn, Rect(300, bottom - 6, 60, 12)


def _ink(painter: DiagramPainter, visible: Rect, scale: float = 2.0) -> int:
    image = QImage(round(visible.w * scale), round(visible.h * scale), QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor("#ffffff"))
    qp = QPainter(image)
    qp.scale(scale, scale)
    qp.translate(-visible.x, -visible.y)
    painter.paint(qp, visible, scale)
    qp.end()
    return sum(QColor(image.pixel(x, y)).lightness() < 120 for x in range(image.width()) for y in range(image.height()))


def test_a_painter_draws_a_detour_it_never_drew_before() -> None:
    doc, _conn, detour = _detour_scene()
    assert _ink(DiagramPainter(doc), detour) > 20


def test_a_painter_finds_a_detour_after_its_ends_moved() -> None:
    from autograph_desktop.model import History, edits

    doc, conn, _detour = _detour_scene()
    painter = DiagramPainter(doc)
    painter.prepare_overview(1.0)  # idle time: every detour is known
    History(doc).execute(edits.move(doc, [conn.source.element or "", conn.target.element or ""], 0.0, 40.0))
    bottom = max(y for _, y in connector_path(doc, conn))
    assert _ink(painter, Rect(300, bottom - 6, 60, 12)) > 20, "drawn where the moved route now runs"


def test_where_detours_run_is_worked_out_while_idle() -> None:
    doc, conn, detour = _detour_scene()
    painter = DiagramPainter(doc)
    assert painter.prepare_overview(1.0)
    assert conn.id in painter.reaching_into(detour)
